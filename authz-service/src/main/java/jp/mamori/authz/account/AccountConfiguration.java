package jp.mamori.authz.account;

import java.time.Clock;
import jp.mamori.authz.stack.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import org.keycloak.admin.client.Keycloak;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

  @Bean
  AccountStates accountStates(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    return new AccountStates(
        new KeycloakAccountStates(keycloakAdmin, endpoints.keycloak().realm()), jdbc, audit, clock);
  }
}
