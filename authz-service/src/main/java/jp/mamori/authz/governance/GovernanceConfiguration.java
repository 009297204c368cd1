package jp.mamori.authz.governance;

import java.time.Clock;
import java.util.List;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.settings.HrSample;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.reconcile.IdentityAccounts;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;

/**
 * Exceptions to the policy (GV-3), with the check that records their end and flags overdue
 * emergency reports every minute on every instance (each end is taken with a conditional update; an
 * alert already open is not raised twice).
 */
@EnableConfigurationProperties(GovernanceSettings.class)
@Configuration(proxyBeanMethods = false)
public class GovernanceConfiguration {

  /**
   * Exceptions, violations, sanctions and inventories, for the reports and the dashboard
   * (read-only).
   */
  @Bean
  GovernanceQueries governanceQueries(JdbcClient jdbc) {
    return new GovernanceQueryStore(jdbc);
  }

  private static final Logger log = LoggerFactory.getLogger(GovernanceConfiguration.class);

  /** Sanctions (GV-4) acting on the accounts in Keycloak. */
  @Bean
  Sanctions sanctions(
      JdbcClient jdbc, AuditLog audit, Alerts alerts, IdentityAccounts accounts, Clock clock) {
    return new Sanctions(
        new SanctionStore(jdbc), audit, alerts, keycloakAccounts(accounts), clock, TOKYO);
  }

  static final java.time.ZoneId TOKYO = java.time.ZoneId.of("Asia/Tokyo");

  /** The accounts a sanction or an inventory acts on: Keycloak's, by username. */
  public static Sanctions.Accounts keycloakAccounts(IdentityAccounts states) {
    return new Sanctions.Accounts() {
      @Override
      public java.util.Optional<TargetAccount> find(String username) {
        return states.current(username).map(c -> c.account());
      }

      @Override
      public void suspend(
          TargetAccount account, StopReason reason, Reason why, java.time.LocalDate today) {
        states.suspend(account, reason, why, today);
      }

      @Override
      public void reinstate(TargetAccount account, java.time.LocalDate today) {
        states.reinstate(account, today);
      }
    };
  }

  /**
   * ID inventories (LC-3) over the directory and Keycloak, with HR read from {@code mamori.hr.file}
   * (the sample file in the embedded demo) when a campaign starts.
   */
  @Bean
  Inventories inventories(
      JdbcClient jdbc,
      AuditLog audit,
      Alerts alerts,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      LdapDirectory directory,
      StackEndpoints endpoints,
      MamoriSettings settings,
      HrCsvReader reader,
      Policy policy,
      Clock clock) {
    String instance = settings.instance();
    return new Inventories(
        new InventoryStore(jdbc),
        audit,
        alerts,
        List.of(
            new DirectoryTarget(directory, clock),
            new KeycloakTarget(keycloakAdmin, endpoints.keycloak().realm())),
        hrView(settings, reader, policy, clock),
        clock,
        TOKYO,
        instance);
  }

  /**
   * What HR says today, read from {@code mamori.hr.file} (the sample file in the embedded demo)
   * each time it is asked (an inventory's start, a report).
   */
  public static java.util.function.Supplier<Inventories.HrView> hrView(
      MamoriSettings settings, HrCsvReader reader, Policy policy, Clock clock) {
    java.nio.file.Path file = settings.hr().file() != null ? settings.hr().file() : HrSample.file();
    Planner planner = new Planner(policy.lifecycle());
    return () -> {
      try {
        HrFile hr = reader.read(file);
        return new Inventories.HrView(
            file.getFileName().toString(),
            planner.expected(hr.records(), java.time.LocalDate.now(clock.withZone(TOKYO))));
      } catch (HrFileException e) {
        throw new Inventories.Refused(
            Fault.CONFLICT,
            "mamori.hr.file: expected a readable HR export to compare IDs with; " + e.getMessage());
      }
    };
  }

  @Bean
  PolicyExceptions policyExceptions(
      JdbcClient jdbc,
      AuditLog audit,
      Alerts alerts,
      Policy policy,
      Clock clock,
      Inventories inventories,
      ObjectProvider<TaskScheduler> scheduler,
      GovernanceSettings settings) {
    boolean jobs = settings.jobsEnabled();
    PolicyExceptions exceptions =
        new PolicyExceptions(
            new PolicyExceptionStore(jdbc),
            audit,
            alerts,
            policy.privileged().emergencyReportWithin(),
            clock);
    TaskScheduler tasks = scheduler.getIfAvailable();
    if (jobs && tasks != null) {
      tasks.scheduleWithFixedDelay(
          () -> {
            try {
              int ended = exceptions.revertEnded();
              exceptions.flagOverdueReports();
              int closed = inventories.closeDue();
              if (closed > 0) {
                log.info("{} ID inventory campaign(s) closed at their deadline (LC-3)", closed);
              }
              if (ended > 0) {
                log.info("{} exception(s) to the policy ended and reverted (GV-3)", ended);
              }
            } catch (RuntimeException e) {
              log.error("Exception check failed: {}", e.getMessage(), e);
            }
          },
          java.time.Duration.ofMinutes(1));
    }
    return exceptions;
  }
}
