package jp.mamori.authz.privileged;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.operations.Dashboard;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.keycloak.KeycloakPrivilegedRoles;
import jp.mamori.hrsync.reconcile.TargetException;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.policy.TemporaryPasswordRules;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Privileged IDs on the shared database, the directory and the staff realm. */
@EnableConfigurationProperties(PrivilegedSettings.class)
@Configuration(proxyBeanMethods = false)
class PrivilegedConfiguration {

  /** What privileged IDs and their checkouts are, for the reports and the dashboard (read-only). */
  @Bean
  PrivilegedQueries privilegedQueries(JdbcClient jdbc) {
    return new PrivilegedQueryStore(jdbc);
  }

  /**
   * The dashboard's checkout figures. The dashboard ({@code operations}) cannot name this feature
   * (this one reaches {@code operations} through {@code stepup}), so they go to it through its
   * port.
   */
  @Bean
  Dashboard.CheckoutFigures dashboardCheckouts(PrivilegedQueries queries) {
    return now -> {
      PrivilegedQueries.CheckoutCounts c = queries.checkoutCounts(now);
      return new Dashboard.Checkouts(
          c.awaitingApproval(), c.active(), c.overdue(), c.rotationsPending());
    };
  }

  /** Length of the passwords Mamori sets on privileged directory accounts. */
  static final int PASSWORD_LENGTH = 24;

  @Bean
  PrivilegedAccessRules privilegedRules(Policy policy) {
    return policy.privileged();
  }

  @Bean
  Alerts alerts(JdbcClient jdbc, Clock clock) {
    return new Alerts(new AlertStore(jdbc), clock);
  }

  @Bean
  PrivilegedRotateCli privilegedRotateCli(PrivilegedAccess access) {
    return new PrivilegedRotateCli(access);
  }

  @Bean
  StepUpGate stepUpGate(StepUpRelyingParty rp) {
    return new StepUpGate(rp);
  }

  /** A person HR stops or moves keeps no privileged ID: told by the lifecycle run. */
  @Bean
  HolderStops holderStops(
      PrivilegedAccess access, PlatformTransactionManager transactions, Alerts alerts) {
    return new HolderStops(access, new TransactionTemplate(transactions), alerts);
  }

  @Bean
  PrivilegedAccess privilegedAccess(
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      LdapDirectory directory,
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Alerts alerts,
      AuditLog audit,
      Policy policy,
      SecureRandom random,
      Sanctions sanctions,
      MamoriSettings settings,
      Clock clock) {
    KeycloakPrivilegedRoles roles =
        new KeycloakPrivilegedRoles(keycloakAdmin, endpoints.keycloak().realm());
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(random);
    TemporaryPasswordRules length =
        new TemporaryPasswordRules(
            Math.max(PASSWORD_LENGTH, policy.password().minLength()),
            policy.temporaryPassword().lifetime());
    PrivilegedTargets targets =
        new PrivilegedTargets(
            Optional.of(new PrivilegedDirectoryAccounts(directory)),
            roles,
            () -> generator.generate(policy.password(), length));
    return new PrivilegedAccess(
        new PrivilegedStore(jdbc, audit, clock, settings.instance()),
        new TransactionTemplate(transactions),
        targets,
        alerts,
        username -> affiliation(roles, username),
        policy.privileged(),
        username ->
            sanctions
                .privilegedBlocked(username)
                .map(x -> "処分 #" + x.id() + " " + x.describeJa() + " / sanction #" + x.id()));
  }

  /**
   * Staff or contractor by the 雇用区分 onboarding recorded in Keycloak; unknown (no such user, no
   * attribute, Keycloak unreachable) counts as contractor: deny by default (PR-3).
   */
  static CheckoutRules.Affiliation affiliation(KeycloakPrivilegedRoles roles, String username) {
    Optional<String> type;
    try {
      type = roles.employmentType(username);
    } catch (TargetException e) {
      return CheckoutRules.Affiliation.UNKNOWN;
    }
    if (type.isEmpty()) {
      return CheckoutRules.Affiliation.UNKNOWN;
    }
    EmploymentType kind;
    try {
      kind = EmploymentType.valueOf(type.get());
    } catch (IllegalArgumentException e) {
      return CheckoutRules.Affiliation.UNKNOWN;
    }
    return switch (kind) {
      case REGULAR, FISCAL_YEAR_APPOINTED, TEMPORARY -> CheckoutRules.Affiliation.STAFF;
      case DISPATCHED, CONTRACTOR -> CheckoutRules.Affiliation.CONTRACTOR;
    };
  }

  /**
   * The checks that keep checkouts to their time, on every instance (each checkout is taken once by
   * a conditional update): overdue check-ins and rotation retries every 15 s from 5 s after start,
   * expired requests and overdue emergency reports with them; idle rotation and out-of-window use
   * every 5 minutes. {@code mamori.privileged.jobs-enabled=false} turns them off (tests that drive
   * them by hand).
   */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnWebApplication
  @ConditionalOnProperty(
      name = "mamori.privileged.jobs-enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Jobs {
    @Bean
    PrivilegedJobs privilegedJobs(PrivilegedAccess access) {
      return new PrivilegedJobs(access);
    }
  }
}
