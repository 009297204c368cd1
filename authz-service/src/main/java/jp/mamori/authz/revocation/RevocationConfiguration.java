package jp.mamori.authz.revocation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.privileged.HolderStops;
import jp.mamori.authz.stepup.StepUpKeys;
import jp.mamori.hrsync.directory.DirectoryAccount;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.reconcile.IdentityAccounts;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The emergency revocation and the urgent leavers, with the places a revocation stops a person in:
 * the service's directory, Keycloak and step-up keys.
 */
@Configuration(proxyBeanMethods = false)
public class RevocationConfiguration {

  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Bean
  Revocations revocations(
      Sanctions sanctions,
      IdentityAccounts accounts,
      LdapDirectory directory,
      HolderStops holders,
      StepUpKeys keys,
      AuditLog audit,
      Alerts alerts,
      Clock clock) {
    return new Revocations(
        sanctions,
        keycloak(accounts),
        directory(directory, new DirectoryTarget(directory, clock)),
        holders::end,
        keys,
        audit,
        alerts,
        clock,
        TOKYO);
  }

  @Bean
  UrgentLeavers urgentLeavers(LifecycleService lifecycle, HrCsvReader reader, Clock clock) {
    return new UrgentLeavers(lifecycle, reader, clock, TOKYO);
  }

  @Bean
  RevocationCli revocationCli(Revocations revocations, UrgentLeavers urgent) {
    return new RevocationCli(revocations, urgent);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The directory: the account found by employee number is stopped as a sanction (state marker;
   * ACCOUNTDISABLE in Active Directory) and its password replaced by a random one nobody sees —
   * OpenLDAP keeps no "disabled" flag a bind would respect; a password nobody knows it does. (The
   * password is set as a privileged ID's is at check-in: the same plain replacement, on both
   * schemas.)
   */
  public static Revocations.Directory directory(LdapDirectory directory, DirectoryTarget target) {
    PrivilegedDirectoryAccounts passwords = new PrivilegedDirectoryAccounts(directory);
    return (employeeNumber, why, today) -> {
      Optional<DirectoryAccount> account = directory.findByEmployeeNumber(employeeNumber);
      if (account.isEmpty()) {
        return false;
      }
      String dn = account.get().dn();
      target.apply(
          new PlannedAction.Disable(
              Target.DIRECTORY,
              employeeNumber,
              dn,
              StopReason.SANCTIONED,
              Situation.LINKED,
              Reason.of("緊急停止: " + why, "revocation: " + why, Revocations.REQUIREMENT)),
          today);
      byte[] bytes = new byte[24];
      RANDOM.nextBytes(bytes);
      // the suffix meets Active Directory's complexity rule whatever the random part holds
      char[] unknown =
          (Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "aA1!").toCharArray();
      passwords.setPassword(dn, unknown);
      Arrays.fill(unknown, '\0');
      return true;
    };
  }

  /** Keycloak: the account suspended for a sanction again, every session ended. */
  public static Revocations.Sessions keycloak(IdentityAccounts states) {
    return (username, why, today) -> {
      Optional<TargetAccount> account = states.current(username).map(c -> c.account());
      if (account.isEmpty()) {
        return false;
      }
      states.suspend(
          account.get(),
          StopReason.SANCTIONED,
          Reason.of("緊急停止: " + why, "revocation: " + why, Revocations.REQUIREMENT),
          today);
      return true;
    };
  }
}
