package jp.mamori.authz.sso;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service on the embedded stack (PostgreSQL, LDAP, the real
 * Keycloak). Declaring the context here once makes every subclass share one Spring context, one
 * port and one Keycloak for the whole test run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
abstract class EmbeddedStackIT {

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> TestStack.PORT);
  }
}
