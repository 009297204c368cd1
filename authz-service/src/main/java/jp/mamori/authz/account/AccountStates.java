package jp.mamori.authz.account;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.account.AccountActions.Action;
import jp.mamori.authz.account.AccountActions.Request;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.authz.audit.RecordedChange.Outcome;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.hrsync.reconcile.IdentityAccounts;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account states and the actions on them (issue 4): the status shown the same everywhere ({@link
 * AccountStatus}); unlock and reinstate by an administrator, each with a reason and recorded; "the
 * password may have leaked" (PW-7); and the owner's "this wasn't me" report (LG-1), which locks the
 * account, ends its sessions and records an incident for the information-system section.
 *
 * <p>Each action changes Keycloak and is recorded in {@code account_action} and the audit log,
 * which cannot commit together: its request is recorded pending before Keycloak changes and marked
 * done or failed after ({@link RecordedChange}). The order when the database fails follows what the
 * action does to security:
 *
 * <ul>
 *   <li><b>Unlock, reinstate</b> lower it: {@link Order#RECORD_FIRST}. If the request cannot be
 *       recorded, Keycloak is not touched and the caller gets the database's error; if the outcome
 *       cannot be recorded, the unlock is in effect with its request (who, why) on record, pending
 *       until settled — never in effect with no record.
 *   <li><b>"This wasn't me", "password may have leaked"</b> raise it: {@link
 *       Order#CHANGE_REGARDLESS}. The lock and the forced change are made even when the database
 *       refuses the record: locking out someone else who has the password matters more than the
 *       record, and a lock without a record lets nobody in. The caller is told ({@link
 *       RecordedChange.Unrecorded}) and the error log names the action.
 * </ul>
 *
 * <p>An action left pending is settled by reading Keycloak — before the next action on that account
 * and by {@link #settlePending()}, run every ten minutes — and a Keycloak failure after the request
 * leaves the row failed (the effect does not show) or pending (Keycloak could not be read), never
 * done.
 */
@Enforces(
    value = {"PW-7", "LG-1"},
    ja = "ロック解除・再開・パスワード漏えい時の変更強制を、理由と別の担当者を求めて記録する",
    en =
        "Unlocks, reinstates and forces a password change on a possible leak, with a reason and another person, on record")
public class AccountStates implements RecordedChange.Settling {

  private static final Logger log = LoggerFactory.getLogger(AccountStates.class);
  private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  /** The action is not possible in the account's state, or not for this actor (409 / 403). */
  public static final class Refused extends Refusal {
    private static final long serialVersionUID = 1L;

    Refused(Fault fault, String message) {
      super(fault, code(fault), new Bilingual("この操作はできません", "this cannot be done"), message);
    }

    private static String code(Fault fault) {
      return switch (fault) {
        case FORBIDDEN -> "ACCOUNT_ACTION_FORBIDDEN";
        case CONFLICT -> "ACCOUNT_STATE_CONFLICT";
        default ->
            throw new IllegalArgumentException(
                "an account refusal: expected FORBIDDEN or CONFLICT; found " + fault);
      };
    }
  }

  /** No such account (404). */
  public static final class NoSuchAccount extends Refusal {
    NoSuchAccount(String username) {
      super(
          Fault.NOT_FOUND,
          "NO_SUCH_ACCOUNT",
          new Bilingual("アカウントがありません", "no such account"),
          "no account " + username + " in Keycloak");
    }
  }

  /**
   * The directory's own lockout, where the directory holds the password (mamori.directory.
   * password-holder=DIRECTORY): a person locked out of Windows logon is locked out of SSO too, and
   * is shown and unlocked here like a Keycloak lockout.
   */
  public interface DirectoryLockouts {
    /**
     * A directory account's lockout, as the directory records it.
     *
     * @param locked whether the directory refuses the password now
     * @param since when the lockout began, if the directory says
     * @param failures the failed logons counted
     */
    record Lockout(boolean locked, Optional<Instant> since, int failures) {
      public static final Lockout NONE = new Lockout(false, Optional.empty(), 0);
    }

    /** The lockout of the person's directory account; {@code NONE} if there is no account. */
    Lockout lockout(String username);

    /** Releases it; whether there was one. */
    boolean unlock(String username);

    /** No directory lockouts (Keycloak holds the password). */
    DirectoryLockouts NONE =
        new DirectoryLockouts() {
          @Override
          public Lockout lockout(String username) {
            return Lockout.NONE;
          }

          @Override
          public boolean unlock(String username) {
            return false;
          }
        };
  }

  private final IdentityAccounts keycloak;
  private final DirectoryLockouts directory;
  private final AccountActions actions;
  private final RecordedChange changes;
  private final Clock clock;

  public AccountStates(
      IdentityAccounts keycloak, AccountActionStore store, AuditLog audit, Clock clock) {
    this(keycloak, DirectoryLockouts.NONE, store, audit, clock);
  }

  public AccountStates(
      IdentityAccounts keycloak,
      DirectoryLockouts directory,
      AccountActionStore store,
      AuditLog audit,
      Clock clock) {
    this.keycloak = keycloak;
    this.directory = directory;
    this.actions = new AccountActions(store, audit, clock);
    this.changes = store.changes(audit, clock);
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
    IdentityAccounts.Current now = current(username);
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
    DirectoryLockouts.Lockout lockout = directory.lockout(username);
    return lockout.locked()
        ? new AccountStatus.TemporarilyLocked(lockout.failures(), lockout.since())
        : keycloakStatus;
  }

  /**
   * Lifts a lockout (failed logins, or the owner's report), in Keycloak and in the directory.
   * Lowers security: recorded before it is made ({@link Order#RECORD_FIRST}).
   */
  public AccountStatus unlock(String username, String actor, String reason) {
    requireReason(reason);
    requireOther(username, actor, "unlock");
    settlePending(username);
    IdentityAccounts.Current now = current(username);
    AccountStatus before = withDirectory(username, now.status());
    if (!(before instanceof AccountStatus.TemporarilyLocked
        || before instanceof AccountStatus.LockedUntilUnlocked)) {
      throw new Refused(
          Fault.CONFLICT,
          username + " is " + before.en() + ": expected a locked account to unlock (ロックされていません)");
    }
    return make(
        new Request(Action.UNLOCK, username, actor, reason, before.code()),
        () -> {
          directory.unlock(username); // a directory lockout, if there is one
          switch (now.status()) {
            case AccountStatus.TemporarilyLocked t -> keycloak.unlock(now.account().id());
            case AccountStatus.LockedUntilUnlocked l -> {
              keycloak.unlock(now.account().id());
              if (l.reason().isPresent()) {
                keycloak.reinstate(now.account(), today());
              }
            }
            default -> {} // locked in the directory only
          }
        });
  }

  /**
   * Lifts a stop an administrator may lift (dormant, orphaned, by an administrator). A stop that HR
   * drives (secondment, leave, retirement, contract end) is lifted by HR's record alone. Lowers
   * security: recorded before it is made ({@link Order#RECORD_FIRST}).
   */
  public AccountStatus reinstate(String username, String actor, String reason) {
    requireReason(reason);
    requireOther(username, actor, "reinstate");
    settlePending(username);
    IdentityAccounts.Current now = current(username);
    Optional<StopReason> stop =
        switch (now.status()) {
          case AccountStatus.Suspended s -> Optional.of(s.reason());
          case AccountStatus.Disabled d -> Optional.of(d.reason());
          case AccountStatus.Dormant d -> Optional.of(StopReason.DORMANT);
          default -> Optional.empty();
        };
    if (stop.isEmpty()) {
      throw new Refused(
          Fault.CONFLICT,
          username + " is " + now.status().en() + ": expected a stopped account to reinstate");
    }
    if (stop.get() == StopReason.SANCTIONED) {
      throw new Refused(
          Fault.CONFLICT,
          username
              + " is stopped by a sanction (違反に対する処分): only an approved reinstatement of the"
              + " sanction lifts it (処分の解除申請と CISO の承認が必要です, GV-4)");
    }
    if (stop.get().liftedByHr()) {
      throw new Refused(
          Fault.CONFLICT,
          username
              + " is stopped for "
              + stop.get().en()
              + " ("
              + stop.get().ja()
              + "): HR lifts this stop (人事データの発令で再開されます), not an administrator");
    }
    return make(
        new Request(Action.REINSTATE, username, actor, reason, now.status().code()),
        () -> keycloak.reinstate(now.account(), today()));
  }

  /**
   * PW-7: the owner must choose a new password at the next login; sessions end now. Raises
   * security: made even when the database refuses its record ({@link Order#CHANGE_REGARDLESS}).
   */
  public AccountStatus passwordMayHaveLeaked(String username, String actor, String reason) {
    requireReason(reason);
    settlePending(username);
    IdentityAccounts.Current now = current(username);
    return make(
        new Request(Action.PASSWORD_LEAK, username, actor, reason, now.status().code()),
        () -> keycloak.passwordMayHaveLeaked(now.account().id()));
  }

  /**
   * LG-1: the owner says a login shown was not theirs: the account is locked, its sessions end, and
   * an incident is recorded with the request. Returns the incident's ID. Raises security: the lock
   * is made even when the database refuses the record ({@link Order#CHANGE_REGARDLESS}; then {@link
   * RecordedChange.Unrecorded}, and there is no incident ID).
   */
  public long reportNotMe(String username, String detail, String ipAddress) {
    settlePending(username);
    IdentityAccounts.Current now = current(username);
    String text = detail.length() > 2000 ? detail.substring(0, 2000) : detail;
    Journal journal =
        new Journal(
            new Request(Action.REPORTED_NOT_ME, username, username, detail, now.status().code()),
            Optional.of(new Report(text, ipAddress)));
    changes.make(
        Action.REPORTED_NOT_ME.order(),
        journal,
        () -> keycloak.lockReportedNotMe(now.account(), today()));
    log.warn(
        "Security incident {}: {} reported a login that was not theirs; locked",
        journal.incident,
        username);
    return journal.incident;
  }

  /**
   * Settles the account's actions left pending (the database failed after Keycloak changed, or the
   * service stopped in between) by reading Keycloak; never fails the action that asks (logged).
   */
  private void settlePending(String username) {
    try {
      settle(actions.pending(Optional.of(username)));
    } catch (RuntimeException e) {
      log.warn("Pending actions on {} not settled now: {}", username, e.getMessage());
    }
  }

  /**
   * Settles every account action left pending, except those an action in flight holds: done if
   * Keycloak shows its effect, failed if not, left pending if Keycloak cannot be read. Returns how
   * many were settled. Run by a periodic job and before each action on an account.
   */
  @Override
  public int settlePending() {
    return settle(actions.pending(Optional.empty()));
  }

  @Override
  public String changes() {
    return "account actions";
  }

  private int settle(List<AccountActions.Pending> pending) {
    int settled = 0;
    for (AccountActions.Pending p : pending) {
      if (changes.settle(p.id(), new Journal(p.request(), Optional.empty()), Optional.empty())) {
        settled++;
      }
    }
    return settled;
  }

  private AccountStatus make(Request request, Runnable change) {
    Journal journal = new Journal(request, Optional.empty());
    changes.make(request.action().order(), journal, change);
    log.info(
        "{} on {} by {}: {} -> {}",
        request.action(),
        request.username(),
        request.actor(),
        request.statusBefore(),
        journal.after.map(AccountStatus::code).orElse("?"));
    return journal.after.orElseGet(() -> status(request.username()));
  }

  private IdentityAccounts.Current current(String username) {
    return keycloak.current(username).orElseThrow(() -> new NoSuchAccount(username));
  }

  /** The owner's "this wasn't me" report, recorded as an incident with the request (LG-1). */
  private record Report(String detail, String ipAddress) {}

  /**
   * One action's record ({@link AccountActions}) and its effect as Keycloak (and the directory)
   * shows it. Remembers the status read after the change, for the row and the answer.
   */
  private final class Journal implements RecordedChange.Journal {
    private final Request request;
    private final Optional<Report> report;
    private Optional<AccountStatus> after = Optional.empty();
    private long incident;

    Journal(Request request, Optional<Report> report) {
      this.request = request;
      this.report = report;
    }

    @Override
    public String what() {
      return request.what();
    }

    @Override
    public long intend() {
      report.ifPresent(
          r -> incident = actions.incident(request.username(), r.detail(), r.ipAddress()));
      return actions.intend(request);
    }

    @Override
    public long recordAfter() {
      report.ifPresent(
          r -> incident = actions.incident(request.username(), r.detail(), r.ipAddress()));
      readAfter();
      return actions.recordAfter(request, after);
    }

    @Override
    public void settled(long id, Outcome outcome) {
      if (after.isEmpty()) {
        readAfter();
      }
      actions.settled(id, request, outcome, after);
    }

    @Override
    public boolean inEffect() {
      Optional<IdentityAccounts.Current> now = keycloak.current(request.username());
      if (now.isEmpty()) {
        return false; // the account is gone: nothing of the action is in effect
      }
      AccountStatus status = withDirectory(request.username(), now.get().status());
      after = Optional.of(status);
      return request
          .action()
          .inEffect(
              status,
              request.action() == Action.PASSWORD_LEAK
                  && keycloak.passwordChangeRequired(now.get().account().id()));
    }

    /**
     * A temporary lock ends by itself: an unlock of a temporarily locked account found in effect
     * later may be the lock's expiry, not the unlock (LG-1: the record must not claim more).
     */
    @Override
    public Optional<String> otherCause() {
      return request.action() == Action.UNLOCK
              && "TEMPORARILY_LOCKED".equals(request.statusBefore())
          ? Optional.of(
              "the temporary lock may have ended by itself (一時ロックは時間経過でも解除されるため、この解除操作によるものとは限りません)")
          : Optional.empty();
    }

    /** The status after the change, if Keycloak answers: the record does not depend on it. */
    private void readAfter() {
      try {
        after = Optional.of(status(request.username()));
      } catch (RuntimeException e) {
        log.warn(
            "Status of {} after {} not read: {}",
            request.username(),
            request.action(),
            e.getMessage());
      }
    }
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused(
          Fault.CONFLICT, "reason: expected why this is done (理由を入力してください), found nothing");
    }
  }

  private static void requireOther(String username, String actor, String what) {
    if (username.equals(actor)) {
      throw new Refused(
          Fault.FORBIDDEN,
          "nobody may "
              + what
              + " their own account ("
              + username
              + "): another administrator must");
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZONE);
  }
}
