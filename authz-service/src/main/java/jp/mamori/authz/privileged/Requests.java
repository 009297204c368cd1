package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jp.mamori.authz.privileged.CheckoutRules.Affiliation;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.webauthn.Operation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests and their decision (PR-2, PR-6, GV-3): a request (or an emergency use taken without
 * prior approval), its approval by another person — after the fact for an emergency use — or
 * rejection, its withdrawal by the requester, and the report of an emergency use. Each decision is
 * {@link CheckoutRules}'; this class stores it and its record.
 */
final class Requests {

  /** The states a request waits in before it is taken: withdrawn or cancelled from these. */
  static final Set<Checkout.State> WAITING =
      Set.of(Checkout.State.REQUESTED, Checkout.State.APPROVED);

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedAlerts alerts;
  private final CheckoutRules rules;
  private final Function<String, Affiliation> affiliations;
  private final Function<String, Optional<String>> sanctioned;

  Requests(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedAlerts alerts,
      CheckoutRules rules,
      Function<String, Affiliation> affiliations,
      Function<String, Optional<String>> sanctioned) {
    this.store = store;
    this.tx = tx;
    this.alerts = alerts;
    this.rules = rules;
    this.affiliations = affiliations;
    this.sanctioned = sanctioned;
  }

  /** See {@link PrivilegedAccess#request}. */
  Checkout request(
      String accountId,
      String requester,
      String purpose,
      String ticket,
      Instant start,
      Duration duration,
      boolean emergency) {
    CheckoutRules.requireText("purpose", purpose, 1000);
    CheckoutRules.requireText("ticket", ticket, 100);
    PrivilegedAccount account =
        store.account(accountId).orElseThrow(() -> Refusals.notFound(accountId));
    CheckoutRules.Requested asked =
        rules.requested(
            account, requester, purpose, ticket, start, duration, emergency, store.now());
    CheckoutRules.requireNotSanctioned(requester, sanctioned.apply(requester));
    long id =
        tx.execute(s -> {
          long created = store.insertCheckout(asked);
          store.event(
              accountId,
              created,
              emergency ? "EMERGENCY_REQUESTED" : "REQUESTED",
              requester,
              "purpose="
                  + asked.purpose()
                  + "; ticket="
                  + asked.ticket()
                  + "; duration="
                  + duration);
          if (emergency) {
            alerts.emergencyUse(account, created, requester, asked.purpose());
          }
          return created;
        });
    return store.checkout(id).orElseThrow();
  }

  /** See {@link PrivilegedAccess#approvalOperation}. */
  Operation approvalOperation(long checkoutId) {
    Checkout c = checkout(checkoutId);
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

  /** See {@link PrivilegedAccess#approve}. */
  Checkout approve(long checkoutId, String approver, String reason) {
    Checkout c = checkout(checkoutId);
    PrivilegedAccount account = store.account(c.accountId()).orElseThrow();
    Instant now = store.now();
    rules.requireMayApprove(account, c, approver, affiliations.apply(approver), now);
    tx.executeWithoutResult(s -> {
      boolean changed =
          c.emergency()
              ? store.approveAfter(checkoutId, approver, now)
              : store.approve(checkoutId, approver, reason, now);
      if (!changed) {
        throw CheckoutRules.state(
            store.checkout(checkoutId).orElseThrow(), new Bilingual("承認", "approved"));
      }
      store.event(
          c.accountId(),
          checkoutId,
          c.emergency() ? "EMERGENCY_APPROVED_AFTER" : "APPROVED",
          approver,
          reason);
      if (c.emergency() && c.reportedAt().isPresent()) {
        alerts.reportOverdueResolved(checkoutId, approver);
      }
    });
    return store.checkout(checkoutId).orElseThrow();
  }

  /** See {@link PrivilegedAccess#reject}. */
  Checkout reject(long checkoutId, String approver, String reason) {
    CheckoutRules.requireText("reason", reason, 1000);
    Checkout c = checkout(checkoutId);
    PrivilegedAccount account = store.account(c.accountId()).orElseThrow();
    rules.requireMayReject(account, c, approver, affiliations.apply(approver), store.now());
    decide(c, Checkout.State.REJECTED, approver, reason, Set.of(Checkout.State.REQUESTED));
    return store.checkout(checkoutId).orElseThrow();
  }

  /** See {@link PrivilegedAccess#cancel}. */
  Checkout cancel(long checkoutId, String requester) {
    Checkout c = checkout(checkoutId);
    CheckoutRules.requireMayCancel(c, requester);
    decide(c, Checkout.State.CANCELLED, requester, "取下げ / withdrawn", WAITING);
    return store.checkout(checkoutId).orElseThrow();
  }

  /**
   * Moves {@code c} to {@code to} if it is still in one of {@code from}, with its record; refused
   * when another step moved it meanwhile.
   */
  void decide(
      Checkout c, Checkout.State to, String actor, String reason, Set<Checkout.State> from) {
    tx.executeWithoutResult(s -> {
      if (!store.decide(c.id(), to, from, actor, reason, store.now())) {
        throw CheckoutRules.state(
            store.checkout(c.id()).orElseThrow(), new Bilingual("変更", "changed"));
      }
      store.event(c.accountId(), c.id(), to.name(), actor, reason);
    });
  }

  /** See {@link PrivilegedAccess#report}. */
  Checkout report(long checkoutId, String holder, String text) {
    CheckoutRules.requireText("report", text, 4000);
    Checkout c = checkout(checkoutId);
    CheckoutRules.requireMayReport(c, holder);
    tx.executeWithoutResult(s -> {
      store.report(checkoutId, text.strip(), store.now());
      store.event(c.accountId(), checkoutId, "EMERGENCY_REPORTED", holder, text.strip());
    });
    return store.checkout(checkoutId).orElseThrow();
  }

  private Checkout checkout(long id) {
    return store.checkout(id).orElseThrow(() -> Refusals.checkoutNotFound(id));
  }
}
