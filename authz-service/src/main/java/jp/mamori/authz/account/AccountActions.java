package jp.mamori.authz.account;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.authz.audit.RecordedChange.Outcome;
import jp.mamori.authz.audit.RecordedChange.State;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.hrsync.reconcile.StopReason;

/**
 * The record of actions on an account ({@code account_action}, with the audit log): each row is
 * written pending before Keycloak changes and settled after ({@link
 * jp.mamori.authz.audit.RecordedChange}). Audit events: {@code ACCOUNT_<action>_REQUESTED} for the
 * request, {@code ACCOUNT_<action>} once made (the kind reports read as "done"), {@code
 * ACCOUNT_<action>_FAILED} when not. An owner's "this wasn't me" report is also a {@code
 * security_incident}, recorded with the request. Runs in the transactions its caller opens.
 */
final class AccountActions {

  /** An action on an account: the order of its change and record, and the effect to look for. */
  enum Action {
    /** Lowers security: never made without its request on record. */
    UNLOCK(Order.RECORD_FIRST, "LG-1"),
    /** Lowers security: never made without its request on record. */
    REINSTATE(Order.RECORD_FIRST, "GV-4"),
    /** Raises security (PW-7): made even when the database refuses its record. */
    PASSWORD_LEAK(Order.CHANGE_REGARDLESS, "PW-7"),
    /** Raises security (LG-1): the owner is locked out even when the database is down. */
    REPORTED_NOT_ME(Order.CHANGE_REGARDLESS, "LG-1");

    private final Order order;
    private final String requirementId;

    Action(Order order, String requirementId) {
      this.order = order;
      this.requirementId = requirementId;
    }

    Order order() {
      return order;
    }

    /**
     * Whether an account read as {@code status} (and whether Keycloak requires a new password)
     * shows this action's effect: unlocked, no longer stopped, a new password required, locked on
     * the owner's report.
     */
    boolean inEffect(AccountStatus status, boolean passwordChangeRequired) {
      return switch (this) {
        case UNLOCK ->
            !(status instanceof AccountStatus.TemporarilyLocked
                || status instanceof AccountStatus.LockedUntilUnlocked);
        case REINSTATE ->
            !(status instanceof AccountStatus.Suspended
                || status instanceof AccountStatus.Disabled
                || status instanceof AccountStatus.Dormant);
        case PASSWORD_LEAK -> passwordChangeRequired;
        case REPORTED_NOT_ME ->
            status instanceof AccountStatus.LockedUntilUnlocked l
                && l.reason().equals(Optional.of(StopReason.REPORTED_NOT_ME));
      };
    }
  }

  /** An action as asked, as its row holds it. */
  record Request(Action action, String username, String actor, String reason, String statusBefore) {
    Request {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(statusBefore, "statusBefore");
      reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    String what() {
      return action + " of " + username + " by " + actor;
    }
  }

  /** A pending row, to settle. */
  record Pending(long id, Request request) {}

  private final AccountActionStore store;
  private final AuditLog audit;
  private final Clock clock;

  AccountActions(AccountActionStore store, AuditLog audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Inserts the request pending and appends {@code ACCOUNT_<action>_REQUESTED}. */
  long intend(Request request) {
    long id = insert(request, State.PENDING, Optional.empty(), Optional.empty());
    audit.append(entry(request, "_REQUESTED", id, Optional.empty(), Optional.empty()));
    return id;
  }

  /**
   * Inserts the action done — made in Keycloak after the database refused its request — and appends
   * {@code ACCOUNT_<action>} saying so.
   */
  long recordAfter(Request request, Optional<AccountStatus> after) {
    Optional<String> note =
        Optional.of("recorded after the change: the database refused the request before it");
    long id = insert(request, State.DONE, after, note);
    audit.append(entry(request, "", id, after, note));
    return id;
  }

  /** Records the row's status after, and appends the outcome (its state is set already). */
  void settled(long id, Request request, Outcome outcome, Optional<AccountStatus> after) {
    after.ifPresent(a -> store.statusAfter(id, a.code()));
    audit.append(
        entry(
            request,
            outcome instanceof Outcome.Failed ? "_FAILED" : "",
            id,
            after,
            outcome.text()));
  }

  /** Records the owner's report as an incident and appends {@code INCIDENT_REPORTED_NOT_ME}. */
  long incident(String username, String detail, String ipAddress) {
    long incident = store.incident(clock.instant(), username, detail, ipAddress);
    audit.append(
        new Entry(
            "INCIDENT_REPORTED_NOT_ME",
            username,
            "staff/" + username,
            AuditLog.detail(
                Map.of(
                    "incident",
                    incident,
                    "detail",
                    detail,
                    "ip",
                    ipAddress == null ? "" : ipAddress)),
            "LG-1"));
    return incident;
  }

  /** The pending rows, oldest first: of one account, or of all. */
  List<Pending> pending(Optional<String> username) {
    return store.pending(username);
  }

  private long insert(
      Request request, State state, Optional<AccountStatus> after, Optional<String> note) {
    return store.insert(clock.instant(), request, state, after.map(AccountStatus::code), note);
  }

  private static Entry entry(
      Request request,
      String suffix,
      long id,
      Optional<AccountStatus> after,
      Optional<String> note) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("action", id);
    detail.put("reason", request.reason());
    detail.put("before", request.statusBefore());
    after.ifPresent(a -> detail.put("after", a.code()));
    note.ifPresent(n -> detail.put(suffix.equals("_FAILED") ? "error" : "note", n));
    return new Entry(
        "ACCOUNT_" + request.action().name() + suffix,
        request.actor(),
        "staff/" + request.username(),
        AuditLog.detail(detail),
        request.action().requirementId);
  }
}
