package jp.mamori.authz.privileged;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.keycloak.KeycloakException;
import jp.mamori.hrsync.keycloak.KeycloakPrivilegedRoles;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.policy.TemporaryPasswordRules;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Privileged IDs on the shared database, the directory and the staff realm. */
@Configuration(proxyBeanMethods = false)
class PrivilegedConfiguration {

  /** Length of the passwords Mamori sets on privileged directory accounts. */
  static final int PASSWORD_LENGTH = 24;

  @Bean
  PrivilegedAccessRules privilegedRules(Policy policy) {
    return policy.privileged();
  }

  @Bean
  Alerts alerts(JdbcClient jdbc, Clock clock) {
    return new Alerts(jdbc, clock);
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
      PrivilegedAccess access,
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      Alerts alerts) {
    return new HolderStops(access, jdbc, new TransactionTemplate(transactions), alerts);
  }

  @Bean
  PrivilegedAccess privilegedAccess(
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      LdapDirectory directory,
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Alerts alerts,
      jp.mamori.authz.audit.AuditLog audit,
      Policy policy,
      SecureRandom random,
      jp.mamori.authz.governance.Sanctions sanctions,
      jp.mamori.authz.settings.MamoriSettings settings,
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
        jdbc,
        new TransactionTemplate(transactions),
        targets,
        alerts,
        audit,
        username -> affiliation(roles, username),
        policy.privileged(),
        clock,
        settings.instance(),
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
    } catch (KeycloakException e) {
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

  static final class PrivilegedJobs {
    private static final Logger log = LoggerFactory.getLogger(PrivilegedJobs.class);
    private final PrivilegedAccess access;

    PrivilegedJobs(PrivilegedAccess access) {
      this.access = access;
    }

    @Scheduled(
        initialDelayString = "PT5S",
        fixedDelayString = "${mamori.privileged.check-every:PT15S}")
    void deadlines() {
      try {
        int checkedIn = access.checkInDue();
        int retried = access.retryRotations();
        int expired = access.expireRequests();
        access.flagOverdueReports();
        if (checkedIn + retried + expired > 0) {
          log.info(
              "Privileged IDs: {} checked in at their deadline, {} rotations retried, {} requests"
                  + " expired",
              checkedIn,
              retried,
              expired);
        }
      } catch (RuntimeException e) {
        log.error("Privileged-ID deadline check failed (retried in 15 s): {}", e.getMessage(), e);
      }
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
    void periodic() {
      try {
        var rotated = access.rotateIdle();
        var outside = access.detectOutOfWindow();
        if (!rotated.isEmpty() || !outside.isEmpty()) {
          log.info(
              "Privileged IDs rotated (PR-4): {}; held outside a checkout: {}", rotated, outside);
        }
      } catch (RuntimeException e) {
        log.error("Privileged-ID periodic check failed: {}", e.getMessage(), e);
      }
    }
  }
}
