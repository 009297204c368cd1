package jp.mamori.authz.governance;

import static jp.mamori.authz.governance.GovernanceEvents.fields;
import static jp.mamori.authz.governance.SanctionChecks.entry;
import static jp.mamori.authz.governance.SanctionChecks.requireText;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Sanctions.Accounts;
import jp.mamori.authz.governance.Sanctions.Right;
import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Status;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * The lifting of a sanction (GV-4): one person asks for it, another decides as CISO. {@link
 * Sanctions} is the entry; this holds the request and the decision.
 */
final class Reinstatements {

  private final SanctionStore store;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Accounts accounts;
  private final SanctionAccounts keycloak;
  private final Clock clock;

  Reinstatements(
      SanctionStore store,
      AuditLog audit,
      Alerts alerts,
      Accounts accounts,
      SanctionAccounts keycloak,
      Clock clock) {
    this.store = store;
    this.audit = audit;
    this.alerts = alerts;
    this.accounts = accounts;
    this.keycloak = keycloak;
    this.clock = clock;
  }

  /** As {@link Sanctions#requestReinstatement}. */
  Sanction request(long id, String actor, String reason) {
    requireText("reason", reason, "why the right should be given back");
    Sanction s = sanction(id);
    if (s.status() != Status.IN_FORCE) {
      throw new SanctionRefused(
          Fault.CONFLICT,
          "sanction #"
              + id
              + ": expected one in force to ask for reinstatement; found "
              + s.status());
    }
    if (s.username().equals(actor)) {
      throw new SanctionRefused(
          Fault.INVALID,
          "sanction #" + id + ": the sanctioned person cannot ask for their own reinstatement");
    }
    Instant now = clock.instant();
    audit.recorded(
        () -> store.requestReinstatement(id, actor, now, reason.strip()),
        n ->
            n == 0
                ? null
                : entry(
                    "REINSTATEMENT_REQUESTED",
                    actor,
                    s.username(),
                    fields("sanction", id, "reason", reason.strip())));
    alerts.notify(
        "CISO",
        "処分 #" + id + " (" + s.username() + ") の解除申請",
        "Reinstatement requested for sanction #" + id + " (" + s.username() + ")",
        reason.strip());
    return sanction(id);
  }

  /**
   * Decides the reinstatement of {@code s} (read after the changes pending were settled): lifted
   * (in Keycloak first for a whole-account sanction) or left in force.
   */
  void decide(Sanction s, String actor, String note, boolean approve) {
    long id = s.id();
    if (s.status() != Status.REINSTATEMENT_REQUESTED) {
      throw new SanctionRefused(
          Fault.CONFLICT,
          "sanction #" + id + ": expected a reinstatement request to decide; found " + s.status());
    }
    if (s.reinstatementRequestedBy().orElseThrow().equals(actor) || s.username().equals(actor)) {
      throw new SanctionRefused(
          Fault.CONFLICT,
          "sanction #"
              + id
              + ": expected another person than the one who asked (and than the one sanctioned)"
              + " to decide (GV-4)");
    }
    Instant now = clock.instant();
    String text = note == null ? "" : note.strip();
    Optional<TargetAccount> stopped =
        approve && s.right() == Right.ACCOUNT && !keycloak.otherAccountSanction(s)
            ? accounts.find(s.username())
            : Optional.empty();
    if (stopped.isPresent()) {
      keycloak.reinstate(s, actor, text, stopped.get()); // lifted on record once reinstated
    } else {
      audit.recorded(
          () -> {
            keycloak.lockUndecided(id);
            return store.decide(id, approve ? Status.LIFTED : Status.IN_FORCE, actor, now, text);
          },
          n ->
              n == 0
                  ? null
                  : entry(
                      approve ? "SANCTION_LIFTED" : "REINSTATEMENT_REJECTED",
                      actor,
                      s.username(),
                      fields("sanction", id, "note", text)));
    }
  }

  private Sanction sanction(long id) {
    return store
        .sanction(id)
        .orElseThrow(() -> new SanctionRefused(Fault.CONFLICT, "no sanction #" + id));
  }
}
