package jp.mamori.authz.credential;

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
import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;

/**
 * The record of what happened to each authenticator ({@code authenticator_event}, with the audit
 * log, MF-3): each row is written pending before Keycloak changes and settled after ({@link
 * jp.mamori.authz.audit.RecordedChange}). Audit events: {@code AUTHENTICATOR_<action>_REQUESTED}
 * for the request, {@code AUTHENTICATOR_<action>} once made, {@code AUTHENTICATOR_<action>_FAILED}
 * when not. Runs in the transactions its caller opens.
 */
final class AuthenticatorEvents {

  /** An action on an authenticator: the order of its change and record, the effect to look for. */
  enum Action {
    /**
     * Raises security: the authenticator is suspended even when the database refuses the record.
     */
    LOST(Order.CHANGE_REGARDLESS),
    /**
     * Lowers security (the authenticator works again): never made without its request on record.
     */
    FOUND(Order.RECORD_FIRST),
    /** Lowers security (a new way to log in as the person): never without its request on record. */
    REGISTERED(Order.RECORD_FIRST),
    /**
     * Deletes a suspended authenticator once replaced: no hurry, so its request comes first (the
     * authenticator stays suspended until the next sweep if the database refuses it).
     */
    RETIRED(Order.RECORD_FIRST);

    private final Order order;

    Action(Order order) {
      this.order = order;
    }

    Order order() {
      return order;
    }

    /**
     * Whether the authenticator as Keycloak lists it now ({@code empty}: not listed) shows this
     * action's effect. Sessions ended with a lost one cannot be read back: a lost one is done when
     * it is suspended (or gone).
     */
    boolean inEffect(Optional<Authenticator> now) {
      return switch (this) {
        case LOST -> now.map(Authenticator::suspended).orElse(true);
        case FOUND, REGISTERED -> now.map(a -> !a.suspended()).orElse(false);
        case RETIRED -> now.isEmpty();
      };
    }
  }

  /** An action as asked, as its row holds it. */
  record Request(Action action, String username, String credentialId, String actor, String reason) {
    Request {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(credentialId, "credentialId");
      Objects.requireNonNull(actor, "actor");
      reason = reason.strip();
      reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    String what() {
      return action + " of authenticator " + credentialId + " of " + username + " by " + actor;
    }
  }

  /** A pending row, to settle. */
  record Pending(long id, Request request) {}

  private final AuthenticatorEventStore store;
  private final AuditLog audit;
  private final Clock clock;

  AuthenticatorEvents(AuthenticatorEventStore store, AuditLog audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Inserts the request pending and appends {@code AUTHENTICATOR_<action>_REQUESTED}. */
  long intend(Request request) {
    long id = insert(request, State.PENDING, Optional.empty());
    audit.append(entry(request, "_REQUESTED", id, Optional.empty()));
    return id;
  }

  /** Inserts the action done, made after the database refused its request, and appends it. */
  long recordAfter(Request request) {
    Optional<String> note =
        Optional.of("recorded after the change: the database refused the request before it");
    long id = insert(request, State.DONE, note);
    audit.append(entry(request, "", id, note));
    return id;
  }

  /** Appends the outcome of a row whose state is set already. */
  void settled(long id, Request request, Outcome outcome) {
    audit.append(
        entry(request, outcome instanceof Outcome.Failed ? "_FAILED" : "", id, outcome.text()));
  }

  /** The pending rows, oldest first: of one person, or of all. */
  List<Pending> pending(Optional<String> username) {
    return store.pending(username);
  }

  /**
   * The lost authenticators not found or retired since: the candidates for retirement once
   * replaced. A request not known to be made (pending) holds a candidate back; a failed one does
   * not count.
   */
  List<AuthenticatorEventStore.Lost> lostNotSince() {
    return store.lostNotSince();
  }

  private long insert(Request request, State state, Optional<String> note) {
    return store.insert(request, state, note, clock.instant());
  }

  private static Entry entry(Request request, String suffix, long id, Optional<String> note) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("event", id);
    detail.put("authenticator", request.credentialId());
    detail.put("reason", request.reason());
    note.ifPresent(n -> detail.put(suffix.equals("_FAILED") ? "error" : "note", n));
    return new Entry(
        "AUTHENTICATOR_" + request.action().name() + suffix,
        request.actor(),
        "staff/" + request.username(),
        AuditLog.detail(detail),
        "MF-3");
  }
}
