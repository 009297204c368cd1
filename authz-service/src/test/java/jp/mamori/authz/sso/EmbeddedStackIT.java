package jp.mamori.authz.sso;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service on the embedded stack (PostgreSQL, LDAP, the real
 * Keycloak). Declaring the context here once makes every subclass share one Spring context, one
 * port and one Keycloak for the whole test run.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      // the console stays human-readable; the file gets the JSON lines production writes
      // (OperationsIT reads them back)
      "logging.file.name=" + EmbeddedStackIT.JSON_LOG,
      "logging.structured.format.file=ecs",
      // as in production behind a proxy (the production example): the client's address is the
      // one the proxy reports in X-Forwarded-For, trusted from internal addresses only
      "server.forward-headers-strategy=native"
    })
abstract class EmbeddedStackIT {

  /** The service's log as JSON lines (one object per line), for the whole test run. */
  static final String JSON_LOG = "target/it-logs/mamori.json.log";

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> TestStack.PORT);
  }
}
