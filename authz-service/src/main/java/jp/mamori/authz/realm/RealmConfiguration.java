package jp.mamori.authz.realm;

import java.time.Clock;
import java.util.List;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.DirectoryPasswordPolicy;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.DirectoryHeldPasswords;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.SystemClient;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.Keycloak;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the realm drift check: at start-up (by the stack) and on a schedule in the service. */
@EnableConfigurationProperties(DriftSettings.class)
@Configuration(proxyBeanMethods = false)
class RealmConfiguration {

  /** Drift of Keycloak from the policy, as the reports read it (read-only). */
  @Bean
  RealmQueries realmQueries(JdbcClient jdbc) {
    return new RealmQueryStore(jdbc);
  }

  /** The privileged realm (PR-4): stricter lockout and password expiry, checked the same way. */
  /** The drift records of every check. */
  @Bean
  RealmDriftStore realmDriftStore(JdbcClient jdbc) {
    return new RealmDriftStore(jdbc);
  }

  @Bean
  RealmDriftCheck privilegedRealmDriftCheck(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Policy policy,
      RealmDriftStore drifts,
      AuditLog audit,
      Clock clock) {
    String realm = KeycloakRealmConfigurator.privilegedRealm(endpoints.keycloak().realm());
    return keycloakCheck(
        new KeycloakRealmConfigurator(
            keycloakAdmin, realm, KeycloakRealmConfigurator.Kind.PRIVILEGED),
        realm,
        policy,
        endpoints.console(),
        drifts,
        audit,
        clock);
  }

  /**
   * The staff realm's check; the business systems Mamori registers itself (only the demo's sample
   * applications, under the {@code demo} profile) are written with the realm.
   */
  @Bean
  RealmDriftCheck realmDriftCheck(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Policy policy,
      RealmDriftStore drifts,
      AuditLog audit,
      Clock clock,
      ObjectProvider<SystemClient> systems) {
    String realm = endpoints.keycloak().realm();
    return keycloakCheck(
        new KeycloakRealmConfigurator(
            keycloakAdmin,
            realm,
            KeycloakRealmConfigurator.Kind.STAFF,
            systems.orderedStream().toList()),
        realm,
        policy,
        endpoints.console(),
        drifts,
        audit,
        clock);
  }

  /**
   * With the directory holding the password (mamori.directory.password-holder=DIRECTORY): the
   * directory's password policy (ppolicy entry or AD password settings object) and Keycloak's
   * federation over the directory, written at start-up and checked with the realms. Defined after
   * the realm's check, so that the realm exists when the federation is configured.
   */
  @Bean
  @ConditionalOnProperty(name = "mamori.directory.password-holder", havingValue = "DIRECTORY")
  RealmDriftCheck directoryPasswordsDriftCheck(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      LdapDirectory directory,
      MamoriSettings settings,
      Policy policy,
      RealmDriftStore drifts,
      AuditLog audit,
      Clock clock) {
    return directoryPasswordsCheck(
        directoryHeldPasswords(keycloakAdmin, endpoints, directory, settings.directory(), policy),
        keycloakAdmin,
        endpoints.keycloak().realm(),
        drifts,
        audit,
        clock);
  }

  /**
   * The check of a Keycloak realm: compared with the policy, written back by {@code configurator}.
   */
  static RealmDriftCheck keycloakCheck(
      KeycloakRealmConfigurator configurator,
      String realm,
      Policy policy,
      ConsoleClient console,
      RealmDriftStore drifts,
      AuditLog audit,
      Clock clock) {
    return new RealmDriftCheck(
        new RealmDriftCheck.Enforced() {
          @Override
          public boolean exists() {
            return configurator.realmExists();
          }

          @Override
          public void configure() {
            configurator.configure(policy, console);
          }

          @Override
          public List<RealmDrift> drift() {
            return configurator.drift(policy);
          }
        },
        realm,
        drifts,
        audit,
        clock);
  }

  static DirectoryHeldPasswords directoryHeldPasswords(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      LdapDirectory directory,
      MamoriSettings.Directory settings,
      Policy policy) {
    settings.requirePasswordSettings();
    var directorySettings = endpoints.directory();
    var passwordPolicy =
        directorySettings.schema() == DirectorySchema.ACTIVE_DIRECTORY
            ? DirectoryPasswordPolicy.activeDirectory(
                settings.passwordPolicyDn(),
                settings.staffGroupDn(),
                policy.password(),
                policy.lockout())
            : DirectoryPasswordPolicy.openLdap(
                settings.passwordPolicyDn(), policy.password(), policy.lockout());
    return new DirectoryHeldPasswords(
        directory,
        directorySettings,
        passwordPolicy,
        new KeycloakDirectoryFederation(keycloakAdmin, endpoints.keycloak().realm()));
  }

  /** The drift check of {@code passwords}, its records kept under {@code directory:<realm>}. */
  static RealmDriftCheck directoryPasswordsCheck(
      DirectoryHeldPasswords passwords,
      Keycloak keycloakAdmin,
      String realm,
      RealmDriftStore drifts,
      AuditLog audit,
      Clock clock) {
    KeycloakRealmConfigurator realmCheck = new KeycloakRealmConfigurator(keycloakAdmin, realm);
    return new RealmDriftCheck(
        new RealmDriftCheck.Enforced() {
          @Override
          public boolean exists() {
            // the first start sets the mode up (the realm's own check, earlier, made the realm);
            // from then on a difference is drift
            return realmCheck.realmExists() && passwords.configured();
          }

          @Override
          public void configure() {
            passwords.configure();
          }

          @Override
          public java.util.List<RealmDrift> drift() {
            return passwords.drift();
          }
        },
        "directory:" + realm,
        drifts,
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
        DriftSettings settings,
        Clock clock) {
      return new RealmDriftJob(check, claims, settings.cron(), clock);
    }
  }
}
