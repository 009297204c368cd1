package jp.mamori.authz.privileged;

import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deadlines of requests (PR-5, GV-3): a request not approved by its approval deadline, or
 * approved and not taken within its window, expires; an emergency use whose report or
 * after-the-fact approval is overdue is alerted. Each is safe to run on every instance at once: the
 * expiry is one conditional update, and an alert is raised once while open.
 */
final class Deadlines {

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedAlerts alerts;

  Deadlines(PrivilegedStore store, TransactionTemplate tx, PrivilegedAlerts alerts) {
    this.store = store;
    this.tx = tx;
    this.alerts = alerts;
  }

  /** See {@link PrivilegedAccess#expireRequests}. */
  int expireRequests() {
    List<PrivilegedStore.Expired> expired =
        tx.execute(s -> {
          List<PrivilegedStore.Expired> rows = store.expireRequests(store.now());
          for (PrivilegedStore.Expired row : rows) {
            store.event(row.accountId(), row.id(), "EXPIRED", "SYSTEM", null);
          }
          return rows;
        });
    return expired.size();
  }

  /** See {@link PrivilegedAccess#overdueReports}. */
  List<Checkout> overdueReports() {
    return store.overdueReports(store.now());
  }

  /** See {@link PrivilegedAccess#flagOverdueReports}. */
  List<Checkout> flagOverdueReports() {
    List<Checkout> overdue = overdueReports();
    for (Checkout c : overdue) {
      alerts.reportOverdue(c);
    }
    return overdue;
  }
}
