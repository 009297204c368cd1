package jp.mamori.authz.lifecycle;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Situation;

/**
 * The first day each orphan account was seen ({@code orphan_seen}): its grace period runs from it
 * (LC-3).
 */
final class OrphanMemory {

  private final OrphanStore store;

  OrphanMemory(OrphanStore store) {
    this.store = store;
  }

  Map<String, LocalDate> since() {
    return store.since();
  }

  /** LC-3: remembers the first day each orphan was seen, forgets accounts no longer orphaned. */
  void remember(Plan plan, LocalDate today) {
    Set<String> orphans = new HashSet<>();
    for (PlannedAction action : plan.actions()) {
      if (action.situation() == Situation.ORPHANED) {
        String id =
            switch (action) {
              case PlannedAction.Report r -> r.accountId();
              case PlannedAction.Disable d -> d.accountId();
              case PlannedAction.Delete d -> d.accountId();
              default -> null;
            };
        if (id != null) {
          orphans.add(action.target() + ":" + id);
        }
      }
    }
    for (String key : orphans) {
      store.seen(key, today);
    }
    for (String key : since().keySet()) {
      if (!orphans.contains(key)) {
        store.forget(key);
      }
    }
  }
}
