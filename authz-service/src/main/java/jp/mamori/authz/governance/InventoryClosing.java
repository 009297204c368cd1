package jp.mamori.authz.governance;

import static jp.mamori.authz.governance.GovernanceEvents.fields;
import static jp.mamori.authz.governance.Inventories.entry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.claims.RowLeases;
import jp.mamori.authz.governance.Inventories.Decision;
import jp.mamori.authz.governance.Inventories.Item;
import jp.mamori.authz.governance.Inventories.Outcome;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * The closing of an inventory campaign past its deadline (LC-3): each person's IDs not confirmed
 * (or answered as not needed) are suspended in every target, each item's outcome recorded, and the
 * campaign closed. One instance closes each campaign ({@link RowLeases}). {@link Inventories} is
 * the entry.
 */
final class InventoryClosing {

  private final InventoryStore store;
  private final RowLeases leases;
  private final AuditLog audit;
  private final Alerts alerts;
  private final List<ReconcileTarget> targets;
  private final Clock clock;
  private final ZoneId zone;

  InventoryClosing(
      InventoryStore store,
      RowLeases leases,
      AuditLog audit,
      Alerts alerts,
      List<ReconcileTarget> targets,
      Clock clock,
      ZoneId zone) {
    this.store = store;
    this.leases = leases;
    this.audit = audit;
    this.alerts = alerts;
    this.targets = targets;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Closes every campaign past its deadline (one instance takes each; a closing cut off is taken
   * again after {@link Inventories#CLAIM_TIMEOUT}); returns how many were closed.
   */
  int closeDue() {
    Instant now = clock.instant();
    List<Long> due = store.due(now);
    int closed = 0;
    for (long id : due) {
      boolean claimed =
          leases.take(
              "inventory_campaign",
              id,
              "(status = 'OPEN' and deadline <= ?) or status = 'CLOSING'",
              Inventories.CLAIM_TIMEOUT);
      if (claimed) {
        store.closing(id, now);
        close(id);
        closed++;
      }
    }
    return closed;
  }

  private void close(long id) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    Map<String, InventoryPeople.Person> now =
        InventoryPeople.people(InventoryClosing.readAll(targets));
    List<Item> pending = store.unsettled(id);
    for (Item item : pending) {
      InventoryPeople.Person current = now.get(item.personKey());
      Outcome outcome;
      String detail;
      if (item.decision().orElse(null) == Decision.CONFIRMED) {
        outcome = Outcome.KEPT;
        detail = "confirmed by " + item.decidedBy().orElse("");
      } else if (current == null) {
        outcome = Outcome.GONE;
        detail = "no longer in any target";
      } else {
        StopReason reason =
            item.decision().isPresent()
                ? StopReason.INVENTORY_NOT_NEEDED
                : StopReason.INVENTORY_UNCONFIRMED;
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (TargetAccount a : current.accounts()) {
          if (a.state() != AccountState.ENABLED) {
            continue;
          }
          ReconcileTarget target = target(a);
          try {
            target.apply(
                new PlannedAction.Suspend(
                    a.target(),
                    a.employeeNumber(),
                    a.id(),
                    reason,
                    Situation.LINKED,
                    Reason.of(
                        "ID棚卸 #" + id + ": " + reason.ja(),
                        "ID inventory #" + id + ": " + reason.en(),
                        "LC-3")),
                today);
            done.add(a.target().name());
          } catch (RuntimeException e) {
            failed.add(a.target().name() + ": " + e.getMessage());
          }
        }
        if (!failed.isEmpty()) {
          outcome = Outcome.FAILED;
          detail = "suspended " + done + "; failed " + failed;
        } else if (done.isEmpty()) {
          outcome = Outcome.ALREADY_STOPPED;
          detail = "every ID already stopped";
        } else {
          outcome =
              reason == StopReason.INVENTORY_NOT_NEEDED
                  ? Outcome.SUSPENDED_NOT_NEEDED
                  : Outcome.SUSPENDED_UNCONFIRMED;
          detail = "suspended in " + done;
        }
      }
      Outcome o = outcome;
      String text = detail.length() > 2000 ? detail.substring(0, 2000) : detail;
      audit.recorded(
          () -> store.outcome(id, item.personKey(), o, clock.instant(), text),
          n ->
              n == 0 || o == Outcome.KEPT
                  ? null
                  : entry(
                      "INVENTORY_" + o.name(),
                      "mamori",
                      id,
                      fields("person", item.username(), "detail", text)));
      if (o == Outcome.FAILED) {
        alerts.raise(
            "INVENTORY_SUSPEND_FAILED",
            "inventory/" + id + "/" + item.username(),
            new Bilingual(
                "ID棚卸 #" + id + ": " + item.username() + " の停止に失敗しました: " + text,
                "ID inventory #" + id + ": could not suspend " + item.username() + ": " + text),
            "LC-3");
      }
    }
    Map<String, Long> counts = store.summary(id);
    audit.recorded(
        () -> store.closed(id, clock.instant()),
        n -> n == 0 ? null : entry("INVENTORY_CLOSED", "mamori", id, new LinkedHashMap<>(counts)));
  }

  /** Every account of every target, read completely. */
  static List<TargetAccount> readAll(List<ReconcileTarget> targets) {
    List<TargetAccount> all = new ArrayList<>();
    for (ReconcileTarget t : targets) {
      all.addAll(t.read());
    }
    return all;
  }

  private ReconcileTarget target(TargetAccount a) {
    return targets.stream()
        .filter(t -> t.target() == a.target())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no target " + a.target()));
  }
}
