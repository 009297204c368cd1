package jp.mamori.authz.governance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.authz.audit.RecordedChange.Outcome;
import jp.mamori.authz.audit.RecordedChange.State;
import jp.mamori.authz.audit.RecordedChange.Unrecorded;
import jp.mamori.authz.governance.SanctionStore.PendingAction;
import jp.mamori.authz.governance.Sanctions.Code;
import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Status;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * The Keycloak side of a whole-account sanction (GV-4): the account suspended when the sanction is
 * imposed, reinstated when its lifting is approved. Each change is recorded with {@link
 * RecordedChange} in {@code sanction_action} and the audit log (AU-1, AU-5): the request is on
 * record pending before Keycloak changes, the outcome after.
 *
 * <p>A row of {@code sanction_action} per change, not state columns on {@code sanction}:
 * RecordedChange's row is one change, settled once, while a sanction is a decision that lives on —
 * in force in Mamori's access decisions from its commit, whatever Keycloak does — and brings up to
 * two changes in Keycloak over its life (a sanction on a tier, a system or checkouts none).
 *
 * <ul>
 *   <li><b>Suspension</b> raises security: {@link Order#CHANGE_REGARDLESS}. The sanction with its
 *       {@code SANCTION_IMPOSED} event is the request; then the account is suspended (its sessions
 *       end) and {@code SANCTION_ACCOUNT_SUSPENDED} appended. When the database refuses the
 *       sanction, the account is suspended all the same and the sanction recorded after if the
 *       database takes it by then; if not, {@link Unrecorded} says so: suspended, not on record. A
 *       suspension Keycloak refused leaves the sanction in force with the change failed ({@code
 *       SANCTION_ACCOUNT_SUSPEND_FAILED}) and an alert {@code SANCTION_SUSPEND_FAILED}: someone
 *       must see to it, as imposing it again is refused while it is in force.
 *   <li><b>Reinstatement</b> lowers it: {@link Order#RECORD_FIRST}. The approval ({@code
 *       REINSTATEMENT_APPROVED}: who, why) is recorded with the row pending first, the sanction
 *       staying {@code REINSTATEMENT_REQUESTED} and so still denying access; then the account is
 *       reinstated; then the sanction is {@code LIFTED} with {@code SANCTION_LIFTED}. An account is
 *       never reinstated in Keycloak without at least its approval on record; the sanction is never
 *       lifted on record while Keycloak still holds its stop.
 * </ul>
 *
 * <p>A row left pending is settled by reading whether the account carries the sanction's stop
 * (suspended or disabled for {@link StopReason#SANCTIONED}) — before the next decision on the
 * person and by the settling job — never by changing Keycloak. While a change of a sanction is
 * pending, no other decision on it is taken ({@link #lockUndecided}).
 */
final class SanctionAccounts {

  /** A change a sanction makes in Keycloak. */
  enum Action {
    /** Raises security: made even when the database refuses its record. */
    SUSPEND(Order.CHANGE_REGARDLESS),
    /** Lowers security: never made without its approval on record. */
    REINSTATE(Order.RECORD_FIRST);

    private final Order order;

    Action(Order order) {
      this.order = order;
    }

    /** Whether Keycloak shows it: the account carries the sanction's stop, or no longer does. */
    boolean inEffect(Optional<TargetAccount> account) {
      boolean stopped =
          account.isPresent()
              && account.get().state() != AccountState.ENABLED
              && account.get().stopReason().equals(Optional.of(StopReason.SANCTIONED));
      return this == SUSPEND ? stopped : account.isPresent() && !stopped;
    }
  }

  /** The decision of a row read back to be settled: none, settling records no request. */
  private static final LongSupplier NO_DECISION =
      () -> {
        throw new IllegalStateException("a row read back to be settled records no decision");
      };

  private final SanctionStore store;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Sanctions.Accounts accounts;
  private final RecordedChange changes;
  private final Clock clock;
  private final ZoneId zone;

  SanctionAccounts(
      SanctionStore store,
      AuditLog audit,
      Alerts alerts,
      Sanctions.Accounts accounts,
      Clock clock,
      ZoneId zone) {
    this.store = store;
    this.audit = audit;
    this.alerts = alerts;
    this.accounts = accounts;
    this.changes = store.changes(audit, clock);
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Imposes a whole-account sanction: {@code impose} records it (inserts the sanction with its
   * {@code SANCTION_IMPOSED} event, in the transaction opened for it, and answers its ID), and the
   * account is suspended. Answers the sanction's ID.
   *
   * @throws Unrecorded when the account is suspended but the record is not complete
   * @throws RuntimeException Keycloak's error when it did not suspend the account (the sanction is
   *     in force on record, its change failed or pending)
   */
  long suspend(
      String actor, String username, TargetAccount account, Code code, LongSupplier impose) {
    Journal journal =
        new Journal(
            Action.SUSPEND, username, actor, null, clock.instant(), OptionalLong.empty(), impose);
    changes.make(
        Action.SUSPEND.order,
        journal,
        () -> {
          String id = journal.sanction.isPresent() ? " #" + journal.sanction.getAsLong() : "";
          accounts.suspend(
              account,
              StopReason.SANCTIONED,
              Reason.of(
                  "処分" + id + " (" + code.ja() + ")",
                  "sanction" + id + " (" + code.en() + ")",
                  "GV-4"),
              LocalDate.ofInstant(clock.instant(), zone));
        });
    return journal.sanction.orElseThrow();
  }

  /**
   * Reinstates the account of the sanction {@code s} on the approval of {@code actor}: the approval
   * is recorded, the account reinstated, and the sanction lifted on record once done.
   *
   * @throws SanctionRefused when the sanction no longer waits for a decision, or a change of it is
   *     pending
   * @throws Unrecorded when the account is reinstated but the lifting is not recorded yet (the
   *     approval is, pending until settled)
   * @throws RuntimeException the database's error when the approval could not be recorded (Keycloak
   *     untouched), or Keycloak's when it did not reinstate the account
   */
  void reinstate(Sanction s, String actor, String note, TargetAccount account) {
    Journal journal =
        new Journal(
            Action.REINSTATE,
            s.username(),
            actor,
            note,
            clock.instant(),
            OptionalLong.of(s.id()),
            () -> {
              lockUndecided(s.id());
              return s.id();
            });
    changes.make(
        Action.REINSTATE.order,
        journal,
        () -> accounts.reinstate(account, LocalDate.ofInstant(clock.instant(), zone)));
  }

  /**
   * Locks the sanction's row to the end of the transaction and requires that it waits for a
   * decision on its reinstatement, with no change of it pending in Keycloak: a decision is taken
   * once, and never while another is being carried out.
   */
  void lockUndecided(long sanction) {
    Status status =
        store
            .lockStatus(sanction)
            .orElseThrow(() -> new SanctionRefused(Fault.CONFLICT, "no sanction #" + sanction));
    if (status != Status.REINSTATEMENT_REQUESTED) {
      throw new SanctionRefused(
          Fault.CONFLICT,
          "sanction #"
              + sanction
              + ": expected a reinstatement request to decide; found "
              + status);
    }
    List<Long> pending = store.pendingActions(sanction);
    if (!pending.isEmpty()) {
      throw new SanctionRefused(
          Fault.CONFLICT,
          "sanction #"
              + sanction
              + ": expected no change of its account pending; found sanction_action "
              + pending
              + " pending in Keycloak (it is settled by reading Keycloak at the next decision on"
              + " this person or within ten minutes): decide again then");
    }
  }

  /** Whether another whole-account sanction of the person is not lifted (its stop stays). */
  boolean otherAccountSanction(Sanction lifted) {
    return store.otherAccountSanction(lifted.username(), lifted.id());
  }

  /**
   * Settles the changes left pending, of one person or of all, except those an action in flight
   * holds; answers how many were settled.
   */
  int settlePending(Optional<String> username) {
    int settled = 0;
    for (PendingAction p : store.pendingActions(username)) {
      Journal journal =
          new Journal(
              Action.valueOf(p.action()),
              p.username(),
              p.actor(),
              p.reason(),
              p.at(),
              OptionalLong.of(p.sanction()),
              NO_DECISION);
      if (changes.settle(p.id(), journal, Optional.empty())) {
        settled++;
      }
    }
    return settled;
  }

  /**
   * One change's record in {@code sanction_action} and the audit log, and its effect as Keycloak
   * shows it. {@code decision} records what the change carries out (the sanction imposed, or the
   * approval's check) and answers the sanction's ID; a row read back to be settled has none.
   */
  private final class Journal implements RecordedChange.Journal {
    private final Action action;
    private final String username;
    private final String actor;
    private final Optional<String> reason;
    private final Instant at;
    private final LongSupplier decision;
    private OptionalLong sanction;

    Journal(
        Action action,
        String username,
        String actor,
        String reason,
        Instant at,
        OptionalLong sanction,
        LongSupplier decision) {
      this.action = action;
      this.username = username;
      this.actor = actor;
      this.reason = Optional.ofNullable(reason);
      this.at = at;
      this.sanction = sanction;
      this.decision = decision;
    }

    @Override
    public String what() {
      return action
          + " of "
          + username
          + (sanction.isPresent() ? " (sanction #" + sanction.getAsLong() + ")" : "")
          + " by "
          + actor;
    }

    /** The decision (for a suspension: the sanction and SANCTION_IMPOSED), then the row. */
    @Override
    public long intend() {
      long s = decision.getAsLong();
      long id = insert(s, State.PENDING, Optional.empty());
      if (action == Action.REINSTATE) {
        audit.append(
            SanctionChecks.entry(
                "REINSTATEMENT_APPROVED",
                actor,
                username,
                GovernanceEvents.fields("sanction", s, "action", id, "note", reason.orElse(""))));
      }
      sanction = OptionalLong.of(s); // only once every statement has passed
      return id;
    }

    /** After a suspension made without its request on record: the sanction too, if missing. */
    @Override
    public long recordAfter() {
      long s =
          sanction.isPresent() && exists(sanction.getAsLong())
              ? sanction.getAsLong() // settled meanwhile: the sanction is on record
              : decision.getAsLong();
      Outcome done =
          new Outcome.Done(
              Optional.of("recorded after the change: the database refused the request before it"));
      long id = insert(s, State.DONE, done.text());
      append(id, s, done);
      sanction = OptionalLong.of(s);
      return id;
    }

    @Override
    public void settled(long id, Outcome outcome) {
      long s = sanction.orElseThrow();
      if (action == Action.REINSTATE && outcome instanceof Outcome.Done) {
        store.decide(s, Status.LIFTED, actor, at, reason.orElse(""));
      }
      if (action == Action.SUSPEND && outcome instanceof Outcome.Failed f) {
        alerts.raise(
            "SANCTION_SUSPEND_FAILED",
            "sanction/" + s,
            new Bilingual(
                "処分 #" + s + " は有効ですが、" + username + " のアカウントを Keycloak で停止できませんでした: " + f.error(),
                "Sanction #"
                    + s
                    + " is in force, but "
                    + username
                    + "'s account could not be suspended in Keycloak: "
                    + f.error()),
            "GV-4");
      }
      append(id, s, outcome);
    }

    @Override
    public boolean inEffect() {
      return action.inEffect(accounts.find(username));
    }

    private void append(long id, long s, Outcome outcome) {
      boolean done = outcome instanceof Outcome.Done;
      String kind =
          switch (action) {
            case SUSPEND -> done ? "SANCTION_ACCOUNT_SUSPENDED" : "SANCTION_ACCOUNT_SUSPEND_FAILED";
            case REINSTATE -> done ? "SANCTION_LIFTED" : "SANCTION_REINSTATE_FAILED";
          };
      Map<String, Object> fields = GovernanceEvents.fields("sanction", s, "action", id);
      reason.ifPresent(r -> fields.put("note", r));
      outcome.text().ifPresent(t -> fields.put(done ? "outcome" : "error", t));
      audit.append(SanctionChecks.entry(kind, actor, username, fields));
    }

    private long insert(long s, State state, Optional<String> error) {
      return store.insertAction(
          s, action.name(), username, actor, reason, at, state, error, clock.instant());
    }

    private boolean exists(long s) {
      return store.exists(s);
    }
  }
}
