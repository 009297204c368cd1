package jp.mamori.authz.me;

import jp.mamori.authz.settings.StackEndpoints;
import org.keycloak.admin.client.Keycloak;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The staff member's own page: the wiring names the realm whose login events it reads. */
@Configuration(proxyBeanMethods = false)
class MeConfiguration {

  @Bean
  LoginHistory loginHistory(Keycloak keycloakAdmin, StackEndpoints endpoints) {
    return new LoginHistory(keycloakAdmin, endpoints.keycloak().realm());
  }
}
