package jp.mamori.authz.audit;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.settings.EmbeddedDatabaseFolder;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakLoginEvents;
import jp.mamori.policy.PolicyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log, its signing key, the periodic checkpoint and verification (every instance runs
 * them: a checkpoint of a head already signed is skipped, a verification only reads: {@link
 * AuditJobs}). The commands of the command line are {@link AuditCommandConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditSettings.class)
class AuditConfiguration {

  /** The audit log as the reports read it (read-only). */
  @Bean
  AuditQueries auditQueries(JdbcClient jdbc) {
    return new AuditQueryStore(jdbc);
  }

  private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

  @Bean
  AuditSigner auditSigner(AuditSettings settings, MamoriSettings mamori) {
    if (settings.signingKey() != null) {
      return AuditSigner.load(settings.signingKey(), false)
          .withVerificationKeys(settings.verificationKeys());
    }
    if (mamori.mode() == MamoriSettings.Mode.EXTERNAL) {
      throw new IllegalStateException(
          "expected mamori.audit.signing-key (a private EC JWK kept outside the database) in"
              + " external mode; found none");
    }
    return AuditSigner.load(AuditSettings.embeddedDefault(), true)
        .withVerificationKeys(settings.verificationKeys());
  }

  /**
   * The audit log, its checkpoints copied to a folder outside the database and the steps back of
   * the clock alerted (AU-2, AU-6).
   */
  @Bean
  AuditLog auditLog(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      Clock clock,
      AuditSigner signer,
      AuditSettings settings,
      Alerts alerts,
      ObjectProvider<EmbeddedDatabaseFolder> embedded) {
    CheckpointArchive outside =
        CheckpointArchive.open(
            settings.checkpointFolder(
                Optional.ofNullable(embedded.getIfAvailable()).map(EmbeddedDatabaseFolder::path)));
    log.info("Audit checkpoints are also kept outside the database in {}", outside.folder());
    return new AuditLog(
            new AuditLogStore(jdbc), new TransactionTemplate(transactions), clock, signer)
        .withOutsideCheckpoints(outside)
        .withClockSteps(settings.maxClockSkew(), ClockCheck.alerting(alerts));
  }

  @Bean
  KeycloakEventIngest keycloakEventIngest(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      AuditLog audit,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Clock clock,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          metrics) {
    String realm = endpoints.keycloak().realm();
    KeycloakLoginEvents events = new KeycloakLoginEvents(keycloakAdmin, realm);
    return new KeycloakEventIngest(
        new AuditStores(jdbc),
        audit,
        events,
        "keycloak:" + realm,
        clock,
        metrics.getIfAvailable(
            io.micrometer.core.instrument.composite.CompositeMeterRegistry::new));
  }

  @Bean
  ClockCheck clockCheck(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      Alerts alerts,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      AuditSettings settings,
      Clock clock) {
    return new ClockCheck(
        new AuditStores(jdbc),
        alerts,
        java.util.Optional.of(
            () -> keycloakAdmin.serverInfo().getInfo().getSystemInfo().getServerTime()),
        settings.maxClockSkew(),
        clock);
  }

  /**
   * Records the policy in force when it differs from the last one recorded (AU-5), when the service
   * starts (a command of the command line records nothing it was not asked to).
   */
  @Bean
  @ConditionalOnExpression("'${mamori.cli.command:}'.isEmpty()")
  org.springframework.boot.ApplicationRunner policyRecord(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      AuditLog audit,
      MamoriSettings settings) {
    return args -> {
      List<byte[]> parts = new java.util.ArrayList<>();
      try (java.io.InputStream shipped =
          PolicyLoader.class.getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE)) {
        parts.add(shipped.readAllBytes());
      }
      String source = "shipped default " + PolicyLoader.DEFAULT_RESOURCE;
      if (settings.policyFile() != null) {
        parts.add(java.nio.file.Files.readAllBytes(settings.policyFile()));
        source += " + " + settings.policyFile().toAbsolutePath();
      }
      new PolicyRecord(new AuditStores(jdbc), audit)
          .record(source, PolicyRecord.fingerprint(parts), "mamori:startup")
          .ifPresent(
              e -> log.info("Policy recorded in the audit log: {} (event {})", e.kind(), e.seq()));
    };
  }

  @Bean
  AuditReviews auditReviews(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      AuditLog audit,
      Alerts alerts,
      AuditSettings settings,
      Clock clock) {
    return new AuditReviews(
        new AuditReviewStore(jdbc),
        audit,
        alerts,
        settings.reviewEvery(),
        clock,
        java.time.ZoneId.of("Asia/Tokyo"));
  }

  @Bean
  AuditJobs auditJobs(
      AuditLog audit,
      Alerts alerts,
      AuditSettings settings,
      KeycloakEventIngest ingest,
      ClockCheck clocks,
      AuditReviews reviews,
      org.springframework.beans.factory.ObjectProvider<TaskScheduler> scheduler) {
    AuditJobs jobs = new AuditJobs(audit, alerts);
    TaskScheduler tasks = scheduler.getIfAvailable();
    if (settings.jobsEnabled() && tasks != null) {
      tasks.scheduleWithFixedDelay(jobs::checkpoint, settings.checkpointEvery());
      tasks.scheduleWithFixedDelay(jobs::verify, settings.verifyEvery());
      tasks.scheduleWithFixedDelay(
          () -> {
            try {
              int n = ingest.ingest();
              if (n > 0) {
                log.debug("{} Keycloak event(s) taken into the audit log", n);
              }
            } catch (RuntimeException e) {
              log.warn("Keycloak events not taken into the audit log: {}", e.getMessage());
            }
            try {
              clocks.check();
            } catch (RuntimeException e) {
              log.warn("Clock check failed: {}", e.getMessage());
            }
            try {
              reviews.flagOverdue();
            } catch (RuntimeException e) {
              log.warn("Review check failed: {}", e.getMessage());
            }
          },
          settings.ingestEvery());
    }
    return jobs;
  }
}
