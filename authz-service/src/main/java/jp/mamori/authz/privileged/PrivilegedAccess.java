package jp.mamori.authz.privileged;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.privileged.CheckoutRules.Affiliation;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.webauthn.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Privileged IDs checked out for a limited time (PR-1 … PR-6): the registry, requests, approval by
 * another person, the checkout that opens the privilege and shows a directory password once, and
 * the check-in — by the holder or at the stored deadline — that rotates the password or removes the
 * role. Every step is recorded in {@code privileged_event} (AU-5).
 *
 * <p><b>Durable expiry.</b> The deadline is a column; {@link #checkInDue()} runs from a scheduler
 * every few seconds on every instance and at start-up, and takes each overdue checkout with a
 * conditional update, so each is checked in once however many instances run, and a service that was
 * down when a deadline passed checks in at its next start.
 *
 * <p><b>Never offered while the revealed password may work.</b> Exclusive accounts have at most one
 * checkout in {@code ACTIVE} or {@code ROTATION_PENDING} (a unique index): a failed rotation keeps
 * the checkout {@code ROTATION_PENDING}, retried with backoff without end and alerted, and no new
 * checkout of the account can start meanwhile.
 */
@Enforces(
    value = {"PR-1", "PR-2", "PR-3", "PR-4", "PR-5", "PR-6", "LC-6"},
    ja = "特権IDを申請・別人の承認・一度だけの表示・期限での自動返却とパスワード変更で貸し出し、すべて記録する",
    en =
        "Lends privileged IDs by request, another person's approval, one reveal, automatic check-in with rotation, all on record")
public class PrivilegedAccess {

  private static final Logger log = LoggerFactory.getLogger(PrivilegedAccess.class);

  /** How long an instance owns a check-in it took before another may take it over. */
  static final Duration CLAIM = Duration.ofMinutes(2);

  /** The longest wait between two attempts to rotate a password that could not be rotated. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PrivilegedTargets targets;
  private final Alerts alerts;
  private final jp.mamori.authz.audit.AuditLog audit;
  private final Function<String, Affiliation> affiliations;
  private final PrivilegedAccessRules policy;
  private final CheckoutRules rules;
  private final Clock clock;
  private final String instance;
  private final Function<String, Optional<String>> sanctioned;

  /**
   * @param affiliations a person's affiliation by username (contractor staff may not approve or
   *     change privileged IDs, PR-3); unknown counts as contractor
   * @param instance this service instance's name, recorded on the check-ins it takes
   */
  public PrivilegedAccess(
      JdbcClient jdbc,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      Alerts alerts,
      jp.mamori.authz.audit.AuditLog audit,
      Function<String, Affiliation> affiliations,
      PrivilegedAccessRules policy,
      Clock clock,
      String instance) {
    this(
        jdbc,
        tx,
        targets,
        alerts,
        audit,
        affiliations,
        policy,
        clock,
        instance,
        username -> Optional.empty());
  }

  /**
   * @param sanctioned the sanction (GV-4) that takes privileged checkouts away from a person,
   *     described in Japanese and English; empty when none does
   */
  public PrivilegedAccess(
      JdbcClient jdbc,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      Alerts alerts,
      jp.mamori.authz.audit.AuditLog audit,
      Function<String, Affiliation> affiliations,
      PrivilegedAccessRules policy,
      Clock clock,
      String instance,
      Function<String, Optional<String>> sanctioned) {
    this.sanctioned = sanctioned;
    this.jdbc = jdbc;
    this.tx = tx;
    this.targets = targets;
    this.alerts = alerts;
    this.audit = audit;
    this.affiliations = affiliations;
    this.policy = policy;
    this.rules = new CheckoutRules(policy);
    this.clock = clock;
    this.instance = instance;
  }

  // ------------------------------------------------------------------------------- registry

  /**
   * Registers a privileged ID. Its target must exist (the DN in the directory, the realm role in
   * Keycloak), and the actor must be municipal staff (PR-3).
   */
  public PrivilegedAccount register(PrivilegedAccount account, String actor) {
    rules.requireMayRegister(actor, affiliations.apply(actor));
    account.requireSomeoneEligibleAndAnApprover();
    if (account.maxDuration().compareTo(policy.maxCheckout()) > 0) {
      throw new Refused(
          Refused.Fault.INVALID,
          "DURATION_OUT_OF_RANGE",
          "最長貸出時間はポリシーの privileged.maxCheckout (" + policy.maxCheckout() + ") 以下にしてください",
          "maxDuration: expected at most the policy's privileged.maxCheckout ("
              + policy.maxCheckout()
              + "), found "
              + account.maxDuration(),
          "PR-5");
    }
    boolean exists;
    try {
      exists = targets.exists(account);
    } catch (PrivilegedTargets.Unavailable e) {
      throw new Refused(
          Refused.Fault.CONFLICT,
          "TARGET_UNAVAILABLE",
          "登録先を確認できません: " + e.getMessage(),
          "cannot check the target: " + e.getMessage(),
          "PR-1");
    }
    if (!exists) {
      throw new Refused(
          Refused.Fault.INVALID,
          "NO_SUCH_TARGET",
          account.kind() == PrivilegedAccount.Kind.DIRECTORY
              ? "ディレクトリに " + account.target() + " がありません"
              : "Keycloak にロール " + account.target() + " がありません",
          "expected an existing "
              + (account.kind() == PrivilegedAccount.Kind.DIRECTORY ? "DN" : "realm role")
              + ", found none named "
              + account.target(),
          "PR-1");
    }
    Instant now = now();
    try {
      tx.executeWithoutResult(s -> {
        jdbc.sql(
                """
                insert into privileged_account (id, kind, target, description, owner, eligible,
                    approvers, max_duration_s, exclusive, emergency_allowed, registered_at,
                    registered_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\
                """)
            .params(
                account.id(),
                account.kind().name(),
                account.target(),
                account.description(),
                account.owner(),
                join(account.eligible()),
                join(account.approvers()),
                account.maxDuration().toSeconds(),
                account.exclusive(),
                account.emergencyAllowed(),
                Timestamp.from(now),
                actor)
            .update();
        event(account.id(), null, "REGISTERED", actor, describe(account));
      });
    } catch (DuplicateKeyException e) {
      throw new Refused(
          Refused.Fault.CONFLICT,
          "DUPLICATE_ID",
          "特権ID " + account.id() + " は登録済みです",
          "privileged ID " + account.id() + " is registered already",
          "PR-1");
    }
    return account(account.id()).orElseThrow();
  }

  /** Retires a privileged ID: no new requests; a checkout in progress runs to its check-in. */
  public void retire(String id, String actor, String reason) {
    rules.requireMayRegister(actor, affiliations.apply(actor));
    requireText("reason", reason, 1000);
    tx.executeWithoutResult(s -> {
      int changed =
          jdbc.sql(
                  "update privileged_account set retired_at = ?, retired_by = ? where id = ? and"
                      + " retired_at is null")
              .params(Timestamp.from(now()), actor, id)
              .update();
      if (changed == 0) {
        throw notFound(id);
      }
      event(id, null, "RETIRED", actor, reason);
    });
  }

  private void requireNotSanctioned(String person) {
    sanctioned
        .apply(person)
        .ifPresent(what -> {
          throw new Refused(
              Refused.Fault.FORBIDDEN,
              "SANCTIONED",
              person + " は処分により特権IDを利用できません: " + what,
              person + " may not use privileged IDs under a sanction: " + what,
              "GV-4");
        });
  }

  public Optional<PrivilegedAccount> account(String id) {
    return jdbc.sql("select * from privileged_account where id = ?")
        .param(id)
        .query(PrivilegedAccess::toAccount)
        .optional();
  }

  public List<PrivilegedAccount> accounts() {
    return jdbc.sql("select * from privileged_account order by id")
        .query(PrivilegedAccess::toAccount)
        .list();
  }

  // ------------------------------------------------------------------------------- requests

  /**
   * Requests a checkout (or, with {@code emergency}, takes one without prior approval where the
   * account allows it: approvers and owner are notified at once, an alert is raised, and the report
   * and after-the-fact approval are due within {@code privileged.emergencyReportWithin}).
   *
   * @param start when to start; null = now
   */
  public Checkout request(
      String accountId,
      String requester,
      String purpose,
      String ticket,
      Instant start,
      Duration duration,
      boolean emergency) {
    requireText("purpose", purpose, 1000);
    requireText("ticket", ticket, 100);
    PrivilegedAccount account = account(accountId).orElseThrow(() -> notFound(accountId));
    Instant now = now();
    Instant from = start == null || start.isBefore(now) ? now : start;
    rules.requireMayRequest(account, requester, duration, from, emergency, now);
    requireNotSanctioned(requester);
    Instant deadline =
        emergency ? now : min(now.plus(policy.approvalTimeout()), from.plus(duration));
    long id =
        tx.execute(s -> {
          long created =
              jdbc.sql(
                      """
                      insert into privileged_checkout (account_id, exclusive, requester, purpose,
                          ticket, emergency, state, requested_at, window_start, duration_s,
                          approval_deadline, report_due_at, decided_at)
                      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id\
                      """)
                  .params(
                      accountId,
                      account.exclusive(),
                      requester,
                      purpose.strip(),
                      ticket.strip(),
                      emergency,
                      emergency ? Checkout.State.APPROVED.name() : Checkout.State.REQUESTED.name(),
                      Timestamp.from(now),
                      Timestamp.from(from),
                      duration.toSeconds(),
                      Timestamp.from(deadline),
                      emergency ? Timestamp.from(now.plus(policy.emergencyReportWithin())) : null,
                      emergency ? Timestamp.from(now) : null)
                  .query(Long.class)
                  .single();
          event(
              accountId,
              created,
              emergency ? "EMERGENCY_REQUESTED" : "REQUESTED",
              requester,
              "purpose="
                  + purpose.strip()
                  + "; ticket="
                  + ticket.strip()
                  + "; duration="
                  + duration);
          if (emergency) {
            String subject = "privileged-checkout/" + created;
            alerts.raise(
                "PRIVILEGED_EMERGENCY_USE",
                subject,
                requester + " が特権ID " + accountId + " を緊急利用しました (事前承認なし): " + purpose.strip(),
                requester
                    + " took privileged ID "
                    + accountId
                    + " in an emergency without prior"
                    + " approval: "
                    + purpose.strip(),
                "GV-3");
            Set<String> told = new TreeSet<>(account.approvers());
            told.add(account.owner());
            told.remove(requester);
            for (String recipient : told) {
              alerts.notify(
                  recipient,
                  "特権ID " + accountId + " の緊急利用 (事後承認が必要です)",
                  "Emergency use of privileged ID " + accountId + " (approval needed afterwards)",
                  "checkout " + created + " by " + requester + ": " + purpose.strip());
            }
          }
          return created;
        });
    return checkout(id).orElseThrow();
  }

  /**
   * The operation an approval executes, for the step-up: the request as stored, so that what the
   * approver's authenticator signs is exactly what is approved.
   */
  public Operation approvalOperation(long checkoutId) {
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    return Operation.of(
        "privileged-checkout.approve",
        "privileged-checkout/" + c.id(),
        Map.of(
            "account", c.accountId(),
            "requester", c.requester(),
            "windowStart", c.windowStart().toString(),
            "duration", c.duration().toString(),
            "purpose", c.purpose(),
            "ticket", c.ticket(),
            "emergency", Boolean.toString(c.emergency())));
  }

  /** The operation a checkout (the password shown, the role granted) executes, for the step-up. */
  public Operation activationOperation(long checkoutId) {
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    return Operation.of(
        "privileged-checkout.activate",
        "privileged-checkout/" + c.id(),
        Map.of(
            "account", c.accountId(),
            "holder", c.requester(),
            "duration", c.duration().toString()));
  }

  /**
   * Approves a request (PR-2, PR-6): by an approver of the account who is not the requester and is
   * municipal staff, before the approval deadline. For an emergency use this is the after-the-fact
   * approval.
   */
  public Checkout approve(long checkoutId, String approver, String reason) {
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    PrivilegedAccount account = account(c.accountId()).orElseThrow();
    Instant now = now();
    rules.requireMayApprove(account, c, approver, affiliations.apply(approver), now);
    tx.executeWithoutResult(s -> {
      int changed;
      if (c.emergency()) {
        changed =
            jdbc.sql(
                    "update privileged_checkout set after_approver = ?, after_approved_at = ?"
                        + " where id = ? and after_approver is null")
                .params(approver, Timestamp.from(now), checkoutId)
                .update();
      } else {
        changed =
            jdbc.sql(
                    "update privileged_checkout set state = 'APPROVED', approver = ?,"
                        + " decided_at = ?, decision_reason = ? where id = ? and state ="
                        + " 'REQUESTED' and approval_deadline >= ?")
                .params(approver, Timestamp.from(now), reason, checkoutId, Timestamp.from(now))
                .update();
      }
      if (changed == 0) {
        throw CheckoutRules.state(checkout(checkoutId).orElseThrow(), "承認", "approved");
      }
      event(
          c.accountId(),
          checkoutId,
          c.emergency() ? "EMERGENCY_APPROVED_AFTER" : "APPROVED",
          approver,
          reason);
      if (c.emergency() && c.reportedAt().isPresent()) {
        alerts.resolve(
            "PRIVILEGED_EMERGENCY_REPORT_OVERDUE", "privileged-checkout/" + checkoutId, approver);
      }
    });
    return checkout(checkoutId).orElseThrow();
  }

  /** Rejects a request; by an approver of the account other than the requester. */
  public Checkout reject(long checkoutId, String approver, String reason) {
    requireText("reason", reason, 1000);
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    PrivilegedAccount account = account(c.accountId()).orElseThrow();
    if (c.emergency()) {
      throw CheckoutRules.state(c, "却下", "rejected (an emergency use is checked in instead)");
    }
    rules.requireMayApprove(account, c, approver, affiliations.apply(approver), now());
    decide(c, "REJECTED", approver, reason, "state = 'REQUESTED'");
    return checkout(checkoutId).orElseThrow();
  }

  /** Withdraws one's own request before it is taken. */
  public Checkout cancel(long checkoutId, String requester) {
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    if (!c.requester().equals(requester)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_THE_REQUESTER",
          "取下げは申請者本人だけができます",
          "only the requester withdraws a request",
          "PR-2");
    }
    decide(c, "CANCELLED", requester, "取下げ / withdrawn", "state in ('REQUESTED', 'APPROVED')");
    return checkout(checkoutId).orElseThrow();
  }

  void decide(Checkout c, String state, String actor, String reason, String from) {
    tx.executeWithoutResult(s -> {
      int changed =
          jdbc.sql(
                  "update privileged_checkout set state = ?, decided_at = coalesce(decided_at, ?),"
                      + " approver = coalesce(approver, ?), decision_reason = ? where id = ? and "
                      + from)
              .params(state, Timestamp.from(now()), actor, reason, c.id())
              .update();
      if (changed == 0) {
        throw CheckoutRules.state(checkout(c.id()).orElseThrow(), "変更", "changed");
      }
      event(c.accountId(), c.id(), state, actor, reason);
    });
  }

  // ------------------------------------------------------------------------------- checkout

  /** What taking a checkout gives: the password to show once (directory accounts only). */
  public record Activated(Checkout checkout, Optional<char[]> password) {
    @Override
    public String toString() {
      return "Activated[checkout=" + checkout.id() + ", password=***]";
    }
  }

  /**
   * Takes an approved checkout: for an exclusive account only if nobody holds it (concurrent
   * takers: exactly one succeeds); the deadline is stored; then the privilege is opened. For a
   * directory account the new password is returned to be shown once and is never stored. If the
   * target cannot be opened, the checkout is checked in at once (the password rotated again when
   * the target allows).
   */
  public Activated activate(long checkoutId, String holder) {
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    Instant now = now();
    rules.requireMayActivate(c, holder, now);
    requireNotSanctioned(holder);
    PrivilegedAccount account = account(c.accountId()).orElseThrow();
    if (!account.active()) {
      throw CheckoutRules.retired(account);
    }
    Instant expires = now.plus(c.duration());
    try {
      tx.executeWithoutResult(s -> {
        lockAccount(account.id());
        int changed =
            jdbc.sql(
                    "update privileged_checkout set state = 'ACTIVE', activated_at = ?,"
                        + " expires_at = ?, revealed_at = ? where id = ? and state = 'APPROVED'")
                .params(
                    Timestamp.from(now),
                    Timestamp.from(expires),
                    account.kind() == PrivilegedAccount.Kind.DIRECTORY ? Timestamp.from(now) : null,
                    checkoutId)
                .update();
        if (changed == 0) {
          throw CheckoutRules.state(checkout(checkoutId).orElseThrow(), "貸出", "taken");
        }
        event(account.id(), checkoutId, "ACTIVATED", holder, "until " + expires);
      });
    } catch (DuplicateKeyException e) {
      throw new Refused(
          Refused.Fault.CONFLICT,
          "HELD_BY_ANOTHER",
          "特権ID " + account.id() + " は他の人に貸出中です (同時に一人だけ)",
          "privileged ID " + account.id() + " is held by someone else (one holder at a time)",
          "LC-6");
    }
    Optional<char[]> password;
    try {
      password = targets.open(account, holder);
    } catch (PrivilegedTargets.Unavailable e) {
      log.warn(
          "Could not open privileged ID {} for checkout {}: {}",
          account.id(),
          checkoutId,
          e.getMessage());
      event(account.id(), checkoutId, "OPEN_FAILED", instance, e.getMessage());
      if (claim(checkoutId, "state = 'ACTIVE'")) {
        closeClaimed(checkoutId, "SYSTEM");
      }
      throw new Refused(
          Refused.Fault.CONFLICT,
          "TARGET_UNAVAILABLE",
          "特権IDを開けませんでした (返却処理済み): " + e.getMessage(),
          "could not open the privileged ID (checked in again): " + e.getMessage(),
          "PR-1");
    }
    if (password.isPresent()) {
      event(account.id(), checkoutId, "PASSWORD_REVEALED", holder, "shown once; not stored");
    } else {
      event(account.id(), checkoutId, "ROLE_GRANTED", holder, account.target());
    }
    return new Activated(checkout(checkoutId).orElseThrow(), password);
  }

  /** The holder (or an administrator) returns a checkout before its deadline. */
  public Checkout checkIn(long checkoutId, String actor) {
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    if (c.state() != Checkout.State.ACTIVE) {
      throw CheckoutRules.state(c, "返却", "checked in");
    }
    if (!claim(checkoutId, "state = 'ACTIVE'")) {
      throw CheckoutRules.state(checkout(checkoutId).orElseThrow(), "返却", "checked in");
    }
    closeClaimed(checkoutId, actor);
    return checkout(checkoutId).orElseThrow();
  }

  /**
   * Checks in every checkout past its stored deadline, once across instances; returns how many were
   * taken by this instance.
   */
  public int checkInDue() {
    return takeDue("state = 'ACTIVE' and expires_at <= ?", "expires_at", id -> "EXPIRY");
  }

  /** Retries the rotations that failed, each when its backoff has passed. */
  public int retryRotations() {
    return takeDue(
        "state = 'ROTATION_PENDING' and next_attempt_at <= ?",
        "next_attempt_at",
        id -> checkout(id).flatMap(Checkout::checkedInBy).orElse("EXPIRY"));
  }

  /**
   * Closes every checkout matching {@code due} (one {@code ?} for now) that this instance can
   * claim, oldest {@code order} first; returns how many.
   */
  private int takeDue(String due, String order, Function<Long, String> by) {
    int done = 0;
    for (long id :
        jdbc.sql("select id from privileged_checkout where " + due + " order by " + order)
            .param(Timestamp.from(now()))
            .query(Long.class)
            .list()) {
      if (claim(id, due)) {
        closeClaimed(id, by.apply(id));
        done++;
      }
    }
    return done;
  }

  /**
   * Takes a checkout for this instance for {@link #CLAIM} if it matches {@code condition} (which
   * may hold one {@code ?} for now) and nobody else holds it.
   */
  boolean claim(long id, String condition) {
    Timestamp now = Timestamp.from(now());
    List<Object> params = new ArrayList<>(List.of(instance, Timestamp.from(now().plus(CLAIM)), id));
    if (condition.contains("?")) {
      params.add(now);
    }
    params.add(now);
    return jdbc.sql(
                "update privileged_checkout set claimed_by = ?, claimed_until = ? where id = ? and "
                    + condition
                    + " and (claimed_until is null or claimed_until < ?)")
            .params(params)
            .update()
        == 1;
  }

  /**
   * Closes the privilege of a checkout this instance claimed: on success {@code CHECKED_IN}; on
   * failure {@code ROTATION_PENDING} with the next attempt after a backoff, the directory account
   * disabled if the directory still takes that, and an alert.
   */
  void closeClaimed(long id, String by) {
    Checkout c = checkout(id).orElseThrow();
    PrivilegedAccount account = account(c.accountId()).orElseThrow();
    Instant now = now();
    try {
      targets.close(account, c.requester());
    } catch (PrivilegedTargets.Unavailable e) {
      int attempts = c.rotationAttempts() + 1;
      Duration wait = backoff(attempts);
      boolean disabled = targets.disableOnly(account);
      tx.executeWithoutResult(s -> {
        jdbc.sql(
                """
                update privileged_checkout set state = 'ROTATION_PENDING',
                    checked_in_at = coalesce(checked_in_at, ?), checked_in_by = coalesce(checked_in_by, ?),
                    rotation_attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = null,
                    claimed_until = null
                where id = ? and claimed_by = ?\
                """)
            .params(
                Timestamp.from(now),
                by,
                attempts,
                Timestamp.from(now.plus(wait)),
                cut(e.getMessage(), 1000),
                id,
                instance)
            .update();
        event(
            account.id(),
            id,
            "ROTATION_FAILED",
            instance,
            "attempt "
                + attempts
                + ", next in "
                + wait
                + (disabled ? ", account disabled" : "")
                + ": "
                + e.getMessage());
        alerts.raise(
            "PRIVILEGED_ROTATION_FAILED",
            "privileged-checkout/" + id,
            "特権ID " + account.id() + " の返却時のパスワード変更に失敗しました (再試行中。貸出は停止): " + e.getMessage(),
            "could not rotate the password of privileged ID "
                + account.id()
                + " at check-in (retrying; no new checkout meanwhile): "
                + e.getMessage(),
            "PR-4");
      });
      log.warn(
          "Privileged ID {}: check-in of checkout {} could not rotate (attempt {}, next in {}): {}",
          account.id(),
          id,
          attempts,
          wait,
          e.getMessage());
      return;
    }
    tx.executeWithoutResult(s -> {
      jdbc.sql(
              """
              update privileged_checkout set state = 'CHECKED_IN',
                  checked_in_at = coalesce(checked_in_at, ?), checked_in_by = coalesce(checked_in_by, ?),
                  last_error = null, next_attempt_at = null, claimed_by = null, claimed_until = null
              where id = ? and claimed_by = ?\
              """)
          .params(Timestamp.from(now), by, id, instance)
          .update();
      jdbc.sql(
              "update privileged_account set last_rotated_at = ? where id = ? and kind = 'DIRECTORY'")
          .params(Timestamp.from(now), account.id())
          .update();
      event(
          account.id(),
          id,
          account.kind() == PrivilegedAccount.Kind.DIRECTORY
              ? "CHECKED_IN_ROTATED"
              : "CHECKED_IN_ROLE_REMOVED",
          by,
          c.rotationAttempts() > 0 ? "after " + c.rotationAttempts() + " failed attempts" : null);
      alerts.resolve("PRIVILEGED_ROTATION_FAILED", "privileged-checkout/" + id, instance);
    });
  }

  /** Now, to the microsecond PostgreSQL keeps (a stored time never lies after the clock's). */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  static Duration backoff(int attempts) {
    long seconds = 30L << Math.min(attempts - 1, 10);
    Duration wait = Duration.ofSeconds(seconds);
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  // ------------------------------------------------------------------------------- housekeeping

  /** Requests not approved by their deadline, and approvals not taken within their window. */
  public int expireRequests() {
    Timestamp now = Timestamp.from(now());
    List<Map<String, Object>> expired =
        tx.execute(s -> {
          List<Map<String, Object>> rows =
              jdbc.sql(
                      """
                      update privileged_checkout set state = 'EXPIRED'
                      where (state = 'REQUESTED' and approval_deadline < ?)
                         or (state = 'APPROVED' and window_start + duration_s * interval '1 second' <= ?)
                      returning id, account_id\
                      """)
                  .params(now, now)
                  .query()
                  .listOfRows();
          for (Map<String, Object> row : rows) {
            event(
                (String) row.get("account_id"),
                ((Number) row.get("id")).longValue(),
                "EXPIRED",
                "SYSTEM",
                null);
          }
          return rows;
        });
    return expired.size();
  }

  /** The holder's report of an emergency use (GV-3). */
  public Checkout report(long checkoutId, String holder, String text) {
    requireText("report", text, 4000);
    Checkout c = checkout(checkoutId).orElseThrow(() -> notFound("checkout " + checkoutId));
    if (!c.emergency() || !c.requester().equals(holder)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_AN_EMERGENCY_OF_YOURS",
          "事後報告は緊急利用した本人が行います",
          "the after-the-fact report is made by the person who took the emergency use",
          "GV-3");
    }
    tx.executeWithoutResult(s -> {
      jdbc.sql("update privileged_checkout set report_text = ?, reported_at = ? where id = ?")
          .params(text.strip(), Timestamp.from(now()), checkoutId)
          .update();
      event(c.accountId(), checkoutId, "EMERGENCY_REPORTED", holder, text.strip());
    });
    return checkout(checkoutId).orElseThrow();
  }

  /** Emergency uses whose report or after-the-fact approval is overdue (GV-3); reads only. */
  public List<Checkout> overdueReports() {
    return jdbc.sql(
            "select * from privileged_checkout where emergency and report_due_at < ? and"
                + " (reported_at is null or after_approver is null)")
        .param(Timestamp.from(now()))
        .query(PrivilegedAccess::toCheckout)
        .list();
  }

  /** Emergency uses whose report or after-the-fact approval is overdue: one alert each (GV-3). */
  public List<Checkout> flagOverdueReports() {
    List<Checkout> overdue = overdueReports();
    for (Checkout c : overdue) {
      alerts.raise(
          "PRIVILEGED_EMERGENCY_REPORT_OVERDUE",
          "privileged-checkout/" + c.id(),
          "特権ID "
              + c.accountId()
              + " の緊急利用 ("
              + c.requester()
              + ") の事後報告・事後承認が期限 "
              + c.reportDueAt().orElseThrow()
              + " を過ぎています",
          "the report or after-the-fact approval of the emergency use of "
              + c.accountId()
              + " by "
              + c.requester()
              + " was due "
              + c.reportDueAt().orElseThrow(),
          "GV-3");
    }
    return overdue;
  }

  /**
   * Rotates the password of every directory privileged ID nobody holds whose last rotation is older
   * than {@code privileged.rotationInterval} (PR-4); returns the IDs rotated. Each account is
   * rotated under its row lock, which a checkout takes too, so a rotation never overwrites a
   * password that was just shown.
   */
  public List<String> rotateIdle() {
    Instant before = now().minus(policy.rotationInterval());
    List<String> rotated = new ArrayList<>();
    for (PrivilegedAccount account : accounts()) {
      if (!account.active()
          || account.kind() != PrivilegedAccount.Kind.DIRECTORY
          || account.lastRotatedAt().filter(t -> t.isAfter(before)).isPresent()) {
        continue;
      }
      Rotation outcome =
          rotate(
              account,
              before,
              "ROTATED_PERIODIC",
              instance,
              "rotation interval " + policy.rotationInterval(),
              "periodic");
      if (outcome instanceof Rotation.Rotated) {
        rotated.add(account.id());
      }
    }
    return rotated;
  }

  /** What happened to one privileged ID in a rotation. */
  public sealed interface Rotation {
    /** Rotated now. */
    record Rotated() implements Rotation {}

    /** Held by a checkout: its check-in rotates it. */
    record Held() implements Rotation {}

    /** Rotated by another instance meanwhile, or being rotated by one now. */
    record Skipped() implements Rotation {}

    /** The directory refused or could not be reached; recorded and alerted. */
    record Failed(String why) implements Rotation {}
  }

  /**
   * Rotates now the password of every active directory privileged ID nobody holds, whatever its
   * last rotation — after a suspected leak, or after Mamori's database was restored from a backup
   * (the passwords rotated since are unknown to it: docs/operations.md, backup and restore). Each
   * is recorded as {@code ROTATED_ALL} with {@code actor} and {@code reason}; one held by a
   * checkout is left to its check-in, which rotates it. Returns each ID with what happened, in ID
   * order.
   *
   * @throws Refused when {@code actor} or {@code reason} is blank
   */
  public Map<String, Rotation> rotateAllNow(String actor, String reason) {
    if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
      throw new Refused(
          Refused.Fault.INVALID,
          "REASON_REQUIRED",
          "全特権IDのパスワード変更には実施者と理由が必要です",
          "rotating every privileged ID needs who does it and why: expected an actor and a reason,"
              + " found "
              + (actor == null || actor.isBlank() ? "no actor" : "no reason"),
          "PR-4");
    }
    Map<String, Rotation> outcomes = new java.util.TreeMap<>();
    Instant now = now();
    for (PrivilegedAccount account : accounts()) {
      if (!account.active() || account.kind() != PrivilegedAccount.Kind.DIRECTORY) {
        continue;
      }
      outcomes.put(
          account.id(), rotate(account, now, "ROTATED_ALL", actor.strip(), reason.strip(), "all"));
    }
    return outcomes;
  }

  /**
   * Rotates one directory privileged ID under its row lock unless a checkout holds it or it was
   * rotated after {@code before} meanwhile; records {@code action} on success, a failure and an
   * alert otherwise.
   */
  private Rotation rotate(
      PrivilegedAccount account,
      Instant before,
      String action,
      String actor,
      String detail,
      String kind) {
    Instant now = now();
    return tx.execute(s -> {
      Optional<String> locked =
          jdbc.sql("select id from privileged_account where id = ? for update skip locked")
              .param(account.id())
              .query(String.class)
              .optional();
      if (locked.isEmpty()) {
        return new Rotation.Skipped();
      }
      if (held(account.id())) {
        return new Rotation.Held();
      }
      Optional<Instant> last =
          jdbc.sql("select last_rotated_at from privileged_account where id = ?")
              .param(account.id())
              .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
              .single();
      if (last.filter(t -> t.isAfter(before)).isPresent()) {
        return new Rotation.Skipped(); // another instance rotated it meanwhile
      }
      try {
        targets.rotateIdle(account);
      } catch (PrivilegedTargets.Unavailable e) {
        event(account.id(), null, "ROTATION_FAILED", actor, kind + ": " + e.getMessage());
        boolean periodic = kind.equals("periodic");
        alerts.raise(
            "PRIVILEGED_ROTATION_FAILED",
            "privileged-account/" + account.id(),
            "特権ID "
                + account.id()
                + (periodic ? " の定期パスワード変更に失敗しました: " : " の一斉パスワード変更に失敗しました: ")
                + e.getMessage(),
            (periodic ? "periodic password rotation" : "password rotation of every privileged ID")
                + " failed for "
                + account.id()
                + ": "
                + e.getMessage(),
            "PR-4");
        return new Rotation.Failed(e.getMessage());
      }
      jdbc.sql("update privileged_account set last_rotated_at = ? where id = ?")
          .params(Timestamp.from(now), account.id())
          .update();
      event(account.id(), null, action, actor, detail);
      alerts.resolve("PRIVILEGED_ROTATION_FAILED", "privileged-account/" + account.id(), instance);
      return new Rotation.Rotated();
    });
  }

  /**
   * Role holders with no checkout in progress (a role granted by hand in Keycloak's console, or
   * left behind): each raises an alert and is recorded; the role is taken back (PR-2, PR-5).
   * Returns "account/username" for each.
   */
  public List<String> detectOutOfWindow() {
    List<String> found = new ArrayList<>();
    for (PrivilegedAccount account : accounts()) {
      if (account.kind() == PrivilegedAccount.Kind.DIRECTORY) {
        directoryLoginOutsideACheckout(account).ifPresent(found::add);
        continue;
      }
      Set<String> holders;
      try {
        holders = targets.roleHolders(account);
      } catch (PrivilegedTargets.Unavailable e) {
        log.warn("Cannot list the holders of {}: {}", account.id(), e.getMessage());
        continue;
      }
      Set<String> entitled =
          new TreeSet<>(
              jdbc.sql(
                      "select requester from privileged_checkout where account_id = ? and state in"
                          + " ('ACTIVE', 'ROTATION_PENDING')")
                  .param(account.id())
                  .query(String.class)
                  .list());
      for (String holder : holders) {
        if (entitled.contains(holder)) {
          continue;
        }
        found.add(account.id() + "/" + holder);
        boolean removed;
        try {
          targets.close(account, holder);
          removed = true;
        } catch (PrivilegedTargets.Unavailable e) {
          removed = false;
        }
        boolean taken = removed;
        tx.executeWithoutResult(s -> {
          event(
              account.id(),
              null,
              "OUT_OF_WINDOW_USE",
              "SYSTEM",
              holder
                  + " held role "
                  + account.target()
                  + " without a checkout"
                  + (taken ? "; role removed, sessions ended" : "; removal failed"));
          alerts.raise(
              "PRIVILEGED_OUT_OF_WINDOW",
              "privileged-account/" + account.id() + "/" + holder,
              holder
                  + " が承認された貸出なしに特権ロール "
                  + account.target()
                  + " を保持していました"
                  + (taken ? " (ロールを削除しセッションを終了)" : " (削除に失敗)"),
              holder
                  + " held privileged role "
                  + account.target()
                  + " outside any approved checkout"
                  + (taken ? " (role removed, sessions ended)" : " (removal failed)"),
              "PR-2");
        });
      }
    }
    return found;
  }

  /**
   * A directory account's last login (as the directory records it) at a time no checkout of it
   * covered: recorded and alerted once per login time (PR-2, PR-5). Returns "account@time".
   */
  private Optional<String> directoryLoginOutsideACheckout(PrivilegedAccount account) {
    Optional<Instant> login;
    try {
      login = targets.lastLogin(account);
    } catch (PrivilegedTargets.Unavailable e) {
      log.warn("Cannot read the last login of {}: {}", account.id(), e.getMessage());
      return Optional.empty();
    }
    if (login.isEmpty()) {
      return Optional.empty();
    }
    Instant at = login.get();
    // the directory's clock and ours may differ a little: a minute either side still counts
    Timestamp early = Timestamp.from(at.plus(Duration.ofMinutes(1)));
    Timestamp late = Timestamp.from(at.minus(Duration.ofMinutes(1)));
    boolean covered =
        jdbc.sql(
                    "select count(*) from privileged_checkout where account_id = ? and"
                        + " activated_at <= ? and coalesce(checked_in_at, ?) >= ?")
                .params(account.id(), early, Timestamp.from(now()), late)
                .query(Integer.class)
                .single()
            > 0;
    if (covered) {
      return Optional.empty();
    }
    String subject = "privileged-account/" + account.id() + "/login/" + at;
    boolean known =
        jdbc.sql("select count(*) from alert where kind = ? and subject = ?")
                .params("PRIVILEGED_OUT_OF_WINDOW", subject)
                .query(Integer.class)
                .single()
            > 0;
    if (known) {
      return Optional.empty();
    }
    tx.executeWithoutResult(s -> {
      event(
          account.id(),
          null,
          "OUT_OF_WINDOW_USE",
          "SYSTEM",
          "login to " + account.target() + " at " + at + " with no checkout in progress");
      alerts.raise(
          "PRIVILEGED_OUT_OF_WINDOW",
          subject,
          "特権ID " + account.id() + " に承認された貸出のない時間 (" + at + ") のログインがありました",
          "privileged ID "
              + account.id()
              + " was logged in to at "
              + at
              + " outside any approved checkout",
          "PR-2");
    });
    return Optional.of(account.id() + "@" + at);
  }

  // ------------------------------------------------------------------------------- reading

  public Optional<Checkout> checkout(long id) {
    return jdbc.sql("select * from privileged_checkout where id = ?")
        .param(id)
        .query(PrivilegedAccess::toCheckout)
        .optional();
  }

  /** Checkouts, newest first; {@code state} null = every state. */
  public List<Checkout> checkouts(Checkout.State state) {
    return state == null
        ? jdbc.sql("select * from privileged_checkout order by id desc limit 1000")
            .query(PrivilegedAccess::toCheckout)
            .list()
        : jdbc.sql("select * from privileged_checkout where state = ? order by id desc limit 1000")
            .param(state.name())
            .query(PrivilegedAccess::toCheckout)
            .list();
  }

  /** One recorded step. */
  public record Event(
      long id,
      Instant at,
      String accountId,
      Optional<Long> checkoutId,
      String action,
      String actor,
      String detail) {}

  public List<Event> events(long checkoutId) {
    return jdbc.sql("select * from privileged_event where checkout_id = ? order by id")
        .param(checkoutId)
        .query(PrivilegedAccess::toEvent)
        .list();
  }

  public List<Event> accountEvents(String accountId) {
    return jdbc.sql("select * from privileged_event where account_id = ? order by id")
        .param(accountId)
        .query(PrivilegedAccess::toEvent)
        .list();
  }

  /** Checkouts per account and state, for the report. */
  public Map<String, Map<String, Integer>> countsPerAccount() {
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    jdbc.sql(
            "select account_id, state, count(*) from privileged_checkout group by account_id, state"
                + " order by account_id, state")
        .query((rs, n) -> {
          counts
              .computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
              .put(rs.getString(2), rs.getInt(3));
          return null;
        })
        .list();
    return counts;
  }

  // ------------------------------------------------------------------------------- helpers

  private boolean held(String accountId) {
    return jdbc.sql(
                "select count(*) from privileged_checkout where account_id = ? and state in"
                    + " ('ACTIVE', 'ROTATION_PENDING')")
            .param(accountId)
            .query(Integer.class)
            .single()
        > 0;
  }

  private void lockAccount(String accountId) {
    jdbc.sql("select id from privileged_account where id = ? for update")
        .param(accountId)
        .query(String.class)
        .single();
  }

  /** The step and its audit record, in one transaction (AU-5). */
  void event(String accountId, Long checkoutId, String action, String actor, String detail) {
    String text = detail == null ? null : cut(detail, 2000);
    audit.recorded(
        () ->
            jdbc.sql(
                    "insert into privileged_event (at, account_id, checkout_id, action, actor,"
                        + " detail) values (?, ?, ?, ?, ?, ?)")
                .params(Timestamp.from(now()), accountId, checkoutId, action, actor, text)
                .update(),
        n -> {
          java.util.Map<String, Object> fields = new java.util.HashMap<>();
          fields.put("checkout", checkoutId == null ? "" : checkoutId);
          fields.put("detail", text == null ? "" : text);
          return new jp.mamori.authz.audit.AuditChain.Entry(
              "PRIVILEGED_" + action,
              actor,
              "privileged/" + accountId,
              jp.mamori.authz.audit.AuditLog.detail(fields),
              "PR-5 AU-5");
        });
  }

  private static Refused notFound(String what) {
    return new Refused(
        Refused.Fault.NOT_FOUND,
        "NOT_FOUND",
        what + " は登録されていません",
        "no " + what + " is registered",
        "PR-1");
  }

  private static void requireText(String field, String value, int max) {
    if (value == null || value.isBlank() || value.strip().length() > max) {
      throw new Refused(
          Refused.Fault.INVALID,
          "MISSING_" + field.toUpperCase(java.util.Locale.ROOT),
          field + " を 1〜" + max + " 文字で入力してください",
          field
              + ": expected 1–"
              + max
              + " characters, found "
              + (value == null || value.isBlank() ? "none" : value.strip().length()),
          "AU-5");
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String cut(String text, int max) {
    return text == null ? null : text.length() > max ? text.substring(0, max) : text;
  }

  static String join(Set<String> names) {
    return String.join(" ", new TreeSet<>(names));
  }

  static Set<String> split(String names) {
    return names == null || names.isBlank()
        ? Set.of()
        : Set.copyOf(Arrays.asList(names.strip().split("\\s+")));
  }

  private static String describe(PrivilegedAccount a) {
    return a.kind()
        + " "
        + a.target()
        + "; owner="
        + a.owner()
        + "; eligible="
        + join(a.eligible())
        + "; approvers="
        + join(a.approvers())
        + "; max="
        + a.maxDuration()
        + "; exclusive="
        + a.exclusive()
        + "; emergency="
        + a.emergencyAllowed();
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
  }

  static PrivilegedAccount toAccount(ResultSet rs, int n) throws SQLException {
    return new PrivilegedAccount(
        rs.getString("id"),
        PrivilegedAccount.Kind.valueOf(rs.getString("kind")),
        rs.getString("target"),
        rs.getString("description"),
        rs.getString("owner"),
        split(rs.getString("eligible")),
        split(rs.getString("approvers")),
        Duration.ofSeconds(rs.getLong("max_duration_s")),
        rs.getBoolean("exclusive"),
        rs.getBoolean("emergency_allowed"),
        rs.getTimestamp("registered_at").toInstant(),
        rs.getString("registered_by"),
        instant(rs, "retired_at"),
        instant(rs, "last_rotated_at"));
  }

  static Checkout toCheckout(ResultSet rs, int n) throws SQLException {
    return new Checkout(
        rs.getLong("id"),
        rs.getString("account_id"),
        rs.getString("requester"),
        rs.getString("purpose"),
        rs.getString("ticket"),
        rs.getBoolean("emergency"),
        Checkout.State.valueOf(rs.getString("state")),
        rs.getTimestamp("requested_at").toInstant(),
        rs.getTimestamp("window_start").toInstant(),
        Duration.ofSeconds(rs.getLong("duration_s")),
        rs.getTimestamp("approval_deadline").toInstant(),
        Optional.ofNullable(rs.getString("approver")),
        instant(rs, "decided_at"),
        instant(rs, "activated_at"),
        instant(rs, "expires_at"),
        instant(rs, "revealed_at"),
        instant(rs, "checked_in_at"),
        Optional.ofNullable(rs.getString("checked_in_by")),
        rs.getInt("rotation_attempts"),
        Optional.ofNullable(rs.getString("last_error")),
        instant(rs, "report_due_at"),
        instant(rs, "reported_at"),
        Optional.ofNullable(rs.getString("after_approver")));
  }

  static Event toEvent(ResultSet rs, int n) throws SQLException {
    long checkout = rs.getLong("checkout_id");
    return new Event(
        rs.getLong("id"),
        rs.getTimestamp("at").toInstant(),
        rs.getString("account_id"),
        rs.wasNull() ? Optional.empty() : Optional.of(checkout),
        rs.getString("action"),
        rs.getString("actor"),
        rs.getString("detail"));
  }
}
