package jp.mamori.authz.lifecycle;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Situation;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first day each orphan account was seen ({@code orphan_seen}): its grace period runs from it
 * (LC-3).
 */
final class OrphanMemory {

  private final JdbcClient jdbc;

  OrphanMemory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Map<String, LocalDate> since() {
    Map<String, LocalDate> seen = new HashMap<>();
    jdbc.sql("select account_key, first_seen from orphan_seen")
        .query((rs, n) -> {
          seen.put(rs.getString(1), rs.getDate(2).toLocalDate());
          return null;
        })
        .list();
    return seen;
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
      jdbc.sql(
              "insert into orphan_seen (account_key, first_seen) values (?, ?) on conflict do nothing")
          .params(key, Date.valueOf(today))
          .update();
    }
    for (String key : since().keySet()) {
      if (!orphans.contains(key)) {
        jdbc.sql("delete from orphan_seen where account_key = ?").param(key).update();
      }
    }
  }
}
