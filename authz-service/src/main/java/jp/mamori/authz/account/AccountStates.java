package jp.mamori.authz.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Account states and the actions on them (issue 4): the status shown the same everywhere ({@link
 * AccountStatus}); unlock and reinstate by an administrator, each with a reason and recorded; "the
 * password may have leaked" (PW-7); and the owner's "this wasn't me" report (LG-1), which locks the
 * account, ends its sessions and records an incident for the information-system section.
 */
@Enforces(
    value = {"PW-7", "LG-1"},
    ja = "ロック解除・再開・パスワード漏えい時の変更強制を、理由と別の担当者を求めて記録する",
    en =
        "Unlocks, reinstates and forces a password change on a possible leak, with a reason and another person, on record")
public class AccountStates {

  private static final Logger log = LoggerFactory.getLogger(AccountStates.class);
  private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  /** The action is not possible in the account's state, or not for this actor (409 / 403). */
  public static final class Refused extends RuntimeException {
    private final boolean forbidden;

    Refused(String message, boolean forbidden) {
      super(message);
      this.forbidden = forbidden;
    }

    public boolean forbidden() {
      return forbidden;
    }
  }

  /** No such account (404). */
  public static final class NoSuchAccount extends RuntimeException {
    NoSuchAccount(String username) {
      super("no account " + username + " in Keycloak");
    }
  }

  /**
   * The directory's own lockout, where the directory holds the password (mamori.directory.
   * password-holder=DIRECTORY): a person locked out of Windows logon is locked out of SSO too, and
   * is shown and unlocked here like a Keycloak lockout.
   */
  public interface DirectoryLockouts {
    /** The lockout of the person's directory account; {@code NONE} if there is no account. */
    jp.mamori.hrsync.directory.DirectoryCredentials.Lockout lockout(String username);

    /** Releases it; whether there was one. */
    boolean unlock(String username);

    /** No directory lockouts (Keycloak holds the password). */
    DirectoryLockouts NONE =
        new DirectoryLockouts() {
          @Override
          public jp.mamori.hrsync.directory.DirectoryCredentials.Lockout lockout(String username) {
            return jp.mamori.hrsync.directory.DirectoryCredentials.Lockout.NONE;
          }

          @Override
          public boolean unlock(String username) {
            return false;
          }
        };
  }

  private final KeycloakAccountStates keycloak;
  private final DirectoryLockouts directory;
  private final JdbcClient jdbc;
  private final Clock clock;

  private final jp.mamori.authz.audit.AuditLog audit;

  public AccountStates(
      KeycloakAccountStates keycloak,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    this(keycloak, DirectoryLockouts.NONE, jdbc, audit, clock);
  }

  public AccountStates(
      KeycloakAccountStates keycloak,
      DirectoryLockouts directory,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    this.keycloak = keycloak;
    this.directory = directory;
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  public AccountStatus status(String username) {
    return withDirectory(username, current(username).status());
  }

  /**
   * What the access decision needs of an account, from one read of it: its status and the tiers it
   * may not use while its owner is absent ({@code mamoriSuspendedTiers}).
   */
  public record Standing(AccountStatus status, Set<Tier> suspendedTiers) {
    public Standing {
      java.util.Objects.requireNonNull(status, "status");
      suspendedTiers = Set.copyOf(suspendedTiers);
    }
  }

  /** The status (as {@link #status}) and the tiers refused for an absence, in one read. */
  public Standing standing(String username) {
    KeycloakAccountStates.Current now = current(username);
    return new Standing(withDirectory(username, now.status()), now.account().suspendedTiers());
  }

  /**
   * An account active in Keycloak but locked out in the directory is locked: the directory refuses
   * the password at Windows logon and at SSO alike.
   */
  private AccountStatus withDirectory(String username, AccountStatus keycloakStatus) {
    if (!(keycloakStatus instanceof AccountStatus.Active)) {
      return keycloakStatus;
    }
    jp.mamori.hrsync.directory.DirectoryCredentials.Lockout lockout = directory.lockout(username);
    return lockout.locked()
        ? new AccountStatus.TemporarilyLocked(lockout.failures(), lockout.since())
        : keycloakStatus;
  }

  /** Lifts a lockout (failed logins, or the owner's report). */
  public AccountStatus unlock(String username, String actor, String reason) {
    requireReason(reason);
    requireOther(username, actor, "unlock");
    KeycloakAccountStates.Current now = current(username);
    AccountStatus before = withDirectory(username, now.status());
    if (directory.unlock(username) && now.status() instanceof AccountStatus.Active) {
      return record(username, actor, "UNLOCK", reason, before);
    }
    switch (now.status()) {
      case AccountStatus.TemporarilyLocked t -> keycloak.unlock(now.account().id());
      case AccountStatus.LockedUntilUnlocked l -> {
        keycloak.unlock(now.account().id());
        if (l.reason().isPresent()) {
          keycloak.reinstate(now.account(), today());
        }
      }
      default ->
          throw new Refused(
              username
                  + " is "
                  + now.status().en()
                  + ": expected a locked account to unlock (ロックされていません)",
              false);
    }
    return record(username, actor, "UNLOCK", reason, before);
  }

  /**
   * Lifts a stop an administrator may lift (dormant, orphaned, by an administrator). A stop that HR
   * drives (secondment, leave, retirement, contract end) is lifted by HR's record alone.
   */
  public AccountStatus reinstate(String username, String actor, String reason) {
    requireReason(reason);
    requireOther(username, actor, "reinstate");
    KeycloakAccountStates.Current now = current(username);
    Optional<StopReason> stop =
        switch (now.status()) {
          case AccountStatus.Suspended s -> Optional.of(s.reason());
          case AccountStatus.Disabled d -> Optional.of(d.reason());
          case AccountStatus.Dormant d -> Optional.of(StopReason.DORMANT);
          default -> Optional.empty();
        };
    if (stop.isEmpty()) {
      throw new Refused(
          username + " is " + now.status().en() + ": expected a stopped account to reinstate",
          false);
    }
    if (stop.get() == StopReason.SANCTIONED) {
      throw new Refused(
          username
              + " is stopped by a sanction (違反に対する処分): only an approved reinstatement of the"
              + " sanction lifts it (処分の解除申請と CISO の承認が必要です, GV-4)",
          false);
    }
    if (stop.get().liftedByHr()) {
      throw new Refused(
          username
              + " is stopped for "
              + stop.get().en()
              + " ("
              + stop.get().ja()
              + "): HR lifts this stop (人事データの発令で再開されます), not an administrator",
          false);
    }
    keycloak.reinstate(now.account(), today());
    return record(username, actor, "REINSTATE", reason, now.status());
  }

  /** PW-7: the owner must choose a new password at the next login; sessions end now. */
  public AccountStatus passwordMayHaveLeaked(String username, String actor, String reason) {
    requireReason(reason);
    KeycloakAccountStates.Current now = current(username);
    keycloak.passwordMayHaveLeaked(now.account().id());
    return record(username, actor, "PASSWORD_LEAK", reason, now.status());
  }

  /** LG-1: the owner says a login shown was not theirs. Returns the incident's ID. */
  public long reportNotMe(String username, String detail, String ipAddress) {
    KeycloakAccountStates.Current now = current(username);
    keycloak.lockReportedNotMe(now.account(), today());
    String text = detail.length() > 2000 ? detail.substring(0, 2000) : detail;
    long id =
        audit.recorded(
            () ->
                jdbc.sql(
                        "insert into security_incident (at, username, kind, detail, ip_address)"
                            + " values (?, ?, 'REPORTED_NOT_ME', ?, ?) returning id")
                    .params(Timestamp.from(clock.instant()), username, text, ipAddress)
                    .query(Long.class)
                    .single(),
            incident ->
                new jp.mamori.authz.audit.AuditChain.Entry(
                    "INCIDENT_REPORTED_NOT_ME",
                    username,
                    "staff/" + username,
                    jp.mamori.authz.audit.AuditLog.detail(
                        java.util.Map.of(
                            "incident",
                            incident,
                            "detail",
                            text,
                            "ip",
                            ipAddress == null ? "" : ipAddress)),
                    "LG-1"));
    record(username, username, "REPORTED_NOT_ME", detail, now.status());
    log.warn("Security incident {}: {} reported a login that was not theirs; locked", id, username);
    return id;
  }

  private KeycloakAccountStates.Current current(String username) {
    return keycloak.current(username).orElseThrow(() -> new NoSuchAccount(username));
  }

  private AccountStatus record(
      String username, String actor, String action, String reason, AccountStatus before) {
    AccountStatus after = status(username);
    String why = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    audit.recorded(
        () ->
            jdbc.sql(
                    "insert into account_action (at, actor, username, action, reason,"
                        + " status_before, status_after) values (?, ?, ?, ?, ?, ?, ?)")
                .params(
                    Timestamp.from(clock.instant()),
                    actor,
                    username,
                    action,
                    why,
                    before.code(),
                    after.code())
                .update(),
        n ->
            new jp.mamori.authz.audit.AuditChain.Entry(
                "ACCOUNT_" + action,
                actor,
                "staff/" + username,
                jp.mamori.authz.audit.AuditLog.detail(
                    java.util.Map.of(
                        "reason", why, "before", before.code(), "after", after.code())),
                switch (action) {
                  case "PASSWORD_LEAK" -> "PW-7";
                  case "UNLOCK", "REPORTED_NOT_ME" -> "LG-1";
                  default -> "GV-4";
                }));
    log.info("{} on {} by {}: {} -> {}", action, username, actor, before.code(), after.code());
    return after;
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused("reason: expected why this is done (理由を入力してください), found nothing", false);
    }
  }

  private static void requireOther(String username, String actor, String what) {
    if (username.equals(actor)) {
      throw new Refused(
          "nobody may "
              + what
              + " their own account ("
              + username
              + "): another administrator must",
          true);
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZONE);
  }
}
