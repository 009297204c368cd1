package jp.mamori.authz.realm;

import java.time.Clock;
import jp.mamori.authz.lifecycle.JobClaims;
import jp.mamori.authz.stack.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the realm drift check: at start-up (by the stack) and on a schedule in the service. */
@Configuration(proxyBeanMethods = false)
class RealmConfiguration {

  /** The privileged realm (PR-4): stricter lockout and password expiry, checked the same way. */
  @Bean
  RealmDriftCheck privilegedRealmDriftCheck(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Policy policy,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    String realm = KeycloakRealmConfigurator.privilegedRealm(endpoints.keycloak().realm());
    return new RealmDriftCheck(
        new KeycloakRealmConfigurator(
            keycloakAdmin, realm, KeycloakRealmConfigurator.Kind.PRIVILEGED),
        realm,
        policy,
        endpoints.console(),
        jdbc,
        audit,
        clock);
  }

  @Bean
  RealmDriftCheck realmDriftCheck(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Policy policy,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    String realm = endpoints.keycloak().realm();
    return new RealmDriftCheck(
        new KeycloakRealmConfigurator(keycloakAdmin, realm),
        realm,
        policy,
        endpoints.console(),
        jdbc,
        audit,
        clock);
  }

  /** The periodic check in the running service ({@code mamori.drift.schedule-enabled}, on). */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnWebApplication
  @ConditionalOnProperty(
      name = "mamori.drift.schedule-enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Scheduled {
    @Bean
    RealmDriftJob realmDriftJob(
        java.util.List<RealmDriftCheck> check,
        JobClaims claims,
        jp.mamori.authz.stack.MamoriSettings settings,
        Clock clock) {
      return new RealmDriftJob(check, claims, settings.drift().cron(), clock);
    }
  }
}
