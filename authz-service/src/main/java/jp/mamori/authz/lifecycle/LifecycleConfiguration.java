package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.authz.settings.HrSample;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.keycloak.KeycloakLoginEvents;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.reconcile.IncrementalTarget;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the lifecycle reconciliation: planner, the two targets, the service and the daily job. */
@EnableConfigurationProperties(LifecycleSettings.class)
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

  /**
   * What the runs observed and planned, for the reports, the dashboard and the console (read-only).
   */
  @Bean
  LifecycleQueries lifecycleQueries(JdbcClient jdbc) {
    return new LifecycleQueryStore(jdbc);
  }

  @Bean
  LifecycleService lifecycleService(
      HrCsvReader reader,
      Policy policy,
      LdapDirectory directory,
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock,
      MamoriSettings settings,
      LifecycleSettings lifecycleSettings,
      Alerts alerts,
      org.springframework.beans.factory.ObjectProvider<PersonStops> personStops,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          metrics) {
    Duration completeEvery = lifecycleSettings.completeEvery();
    // where the directory holds the password, Keycloak's users come from its federation
    boolean federated =
        settings.directory().passwordHolder() == MamoriSettings.Directory.PasswordHolder.DIRECTORY;
    KeycloakTarget keycloak =
        new KeycloakTarget(
            keycloakAdmin,
            endpoints.keycloak().realm(),
            true,
            KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE,
            federated);
    // on AD with the directory holding the password, new accounts join the group the staff
    // password settings apply to
    DirectoryTarget ldap =
        new DirectoryTarget(
            directory,
            clock,
            DirectoryTarget.CLOCK_ALLOWANCE,
            federated
                ? java.util.Optional.ofNullable(settings.directory().staffGroupDn())
                    .filter(g -> !g.isBlank())
                : java.util.Optional.empty());
    // Daily runs read what changed since the last run; a complete read every completeEvery
    // (and whenever a target cannot tell what changed) catches what no change record shows.
    JdbcSnapshotStore snapshots = new JdbcSnapshotStore(jdbc, clock);
    LifecycleStores stores = LifecycleStores.on(jdbc, clock);
    io.micrometer.core.instrument.MeterRegistry registry =
        metrics.getIfAvailable(io.micrometer.core.instrument.composite.CompositeMeterRegistry::new);
    return new LifecycleService(
        reader,
        new Planner(policy.lifecycle()),
        List.of(
            new IncrementalTarget(ldap, ldap, snapshots, clock, completeEvery),
            new IncrementalTarget(keycloak, keycloak, snapshots, clock, completeEvery)),
        List.of(new KeycloakLoginEvents(keycloakAdmin, endpoints.keycloak().realm())),
        stores,
        audit,
        clock,
        registry,
        federated,
        Optional.of(
            new ExportFreshness(
                lifecycleSettings.hrExportMaxUnchanged(),
                stores,
                Optional.of(alerts),
                audit,
                clock,
                registry)),
        personStops.orderedStream().toList());
  }

  /** The console's plans: made from the configured or an uploaded export, applied with progress. */
  @Bean
  PlanDesk planDesk(
      LifecycleService lifecycle,
      HrCsvReader reader,
      AuditLog audit,
      Clock clock,
      MamoriSettings settings,
      LifecycleSettings lifecycleSettings) {
    Path file = settings.hr().file() != null ? settings.hr().file() : HrSample.file();
    return new PlanDesk(
        lifecycle,
        reader,
        audit,
        clock,
        file,
        lifecycleSettings.uploadDir(),
        lifecycleSettings.uploadMaxSize().toBytes());
  }

  @Bean
  LifecycleCli lifecycleCli(LifecycleService lifecycle, Clock clock) {
    return new LifecycleCli(lifecycle, clock);
  }

  @Bean
  JobClaims jobClaims(javax.sql.DataSource dataSource, Clock clock, MamoriSettings settings) {
    return new JobClaims(dataSource, clock, settings.instance());
  }

  /** The daily run, when {@code mamori.lifecycle.schedule-enabled} (off by default). */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnWebApplication // the running service's, never a command line's
  @ConditionalOnProperty(name = "mamori.lifecycle.schedule-enabled", havingValue = "true")
  static class Scheduled {
    @Bean
    LifecycleJob lifecycleJob(
        LifecycleService lifecycle,
        JobClaims claims,
        MamoriSettings settings,
        LifecycleSettings lifecycleSettings,
        Clock clock) {
      String cron = lifecycleSettings.cron();
      Path file = settings.hr().file();
      if (file == null) {
        throw new IllegalArgumentException(
            "mamori.hr.file: expected the path of the daily HR export (the lifecycle run reads it),"
                + " found none");
      }
      return new LifecycleJob(lifecycle, claims, file, cron, clock);
    }
  }
}
