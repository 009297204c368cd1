package jp.mamori.authz.credential;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.DirectoryTemporaryPasswords;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators;
import jp.mamori.hrsync.keycloak.KeycloakCredentials;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.hrsync.sync.TemporaryPasswordStore;
import jp.mamori.policy.Policy;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;

/**
 * Wires the temporary-password procedure, lost authenticators (MF-3) and their sweep (every 10
 * minutes, once): temporary passwords used or expired, authenticator requests left pending settled,
 * replaced authenticators retired.
 */
@EnableConfigurationProperties(CredentialSettings.class)
@Configuration(proxyBeanMethods = false)
class CredentialConfiguration {

  /** Temporary passwords issued, as the reports read them (read-only). */
  @Bean
  CredentialQueries credentialQueries(JdbcClient jdbc) {
    return new CredentialQueryStore(jdbc);
  }

  @Bean
  TemporaryPasswords temporaryPasswords(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Policy policy,
      SecureRandom random,
      MamoriSettings settings,
      org.springframework.beans.factory.ObjectProvider<LdapDirectory> directory,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock) {
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(random);
    String realm = endpoints.keycloak().realm();
    // where the directory holds the password, temporary passwords are issued into it (PW-4)
    TemporaryPasswordStore store =
        settings.directory().passwordHolder() == MamoriSettings.Directory.PasswordHolder.DIRECTORY
            ? new DirectoryTemporaryPasswords(keycloakAdmin, realm, directory.getObject())
            : new KeycloakCredentials(keycloakAdmin, realm);
    return new TemporaryPasswords(
        store,
        () ->
            new TemporaryPassword(
                generator.generate(policy.password(), policy.temporaryPassword())),
        policy.temporaryPassword(),
        new TemporaryPasswordIssueStore(jdbc),
        audit,
        clock);
  }

  @Bean
  Authenticators authenticators(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock) {
    String realm = endpoints.keycloak().realm();
    return new Authenticators(
        new KeycloakAuthenticators(keycloakAdmin, realm),
        new AuthenticatorEventStore(jdbc),
        audit,
        clock);
  }

  @Bean
  JoinerHandOver joinerHandOver(
      Keycloak keycloakAdmin, StackEndpoints endpoints, TemporaryPasswords passwords, Clock clock) {
    String realm = endpoints.keycloak().realm();
    return new JoinerHandOver(
        new KeycloakTarget(keycloakAdmin, realm),
        new KeycloakCredentials(keycloakAdmin, realm),
        passwords,
        clock);
  }

  /** The sweep in the running service ({@code mamori.credentials.sweep-enabled}, on). */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnWebApplication
  @ConditionalOnProperty(
      name = "mamori.credentials.sweep-enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Sweeping {
    @Bean
    SweepJob temporaryPasswordSweep(
        TemporaryPasswords passwords,
        Authenticators authenticators,
        JobClaims claims,
        CredentialSettings settings,
        Clock clock) {
      return new SweepJob(
          passwords, authenticators, claims, CronExpression.parse(settings.sweepCron()), clock);
    }
  }

  /** Sweeps once per due time across instances. */
  static final class SweepJob {
    static final String JOB = "temporary-password-sweep";
    private static final Logger log = LoggerFactory.getLogger(SweepJob.class);
    private final TemporaryPasswords passwords;
    private final Authenticators authenticators;
    private final JobClaims claims;
    private final CronExpression cron;
    private final Clock clock;

    SweepJob(
        TemporaryPasswords passwords,
        Authenticators authenticators,
        JobClaims claims,
        CronExpression cron,
        Clock clock) {
      this.passwords = passwords;
      this.authenticators = authenticators;
      this.claims = claims;
      this.cron = cron;
      this.clock = clock;
    }

    @Scheduled(cron = "${mamori.credentials.sweep-cron:0 */10 * * * *}", zone = "Asia/Tokyo")
    void onSchedule() {
      var due = JobClaims.latestDue(cron, clock, ZoneId.of("Asia/Tokyo"));
      claims.runOnce(JOB, due, () -> sweep(due));
    }

    private String sweep(java.time.Instant due) {
      String outcome;
      try {
        TemporaryPasswords.Sweep sweep = passwords.sweep();
        outcome = sweep.used() + " used, " + sweep.expired() + " expired and withdrawn";
        outcome +=
            "; "
                + authenticators.settlePending()
                + " pending authenticator requests settled; "
                + authenticators.retireReplaced()
                + " lost authenticators retired (MF-3)";
      } catch (RuntimeException e) {
        outcome = "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        log.error("Temporary-password sweep due {} failed: {}", due, e.getMessage());
      }
      return outcome;
    }
  }
}
