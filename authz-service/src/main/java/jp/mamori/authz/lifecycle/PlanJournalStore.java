package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of the apply journal ({@code lifecycle_journal}). Reads and writes rows only; what is
 * journalled when, and with which audit records, is {@link PlanJournal}'s.
 */
final class PlanJournalStore {

  private final JdbcClient jdbc;

  PlanJournalStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The canonical forms of the plan's changes journalled as done. */
  Set<String> done(long planId) {
    return new HashSet<>(
        jdbc.sql("select canonical from lifecycle_journal where plan_id = ? and status = 'DONE'")
            .param(planId)
            .query(String.class)
            .list());
  }

  /**
   * Journals the changes as done in one statement: all recorded or none (the caller puts it in the
   * transaction of their audit records).
   *
   * @return the rows inserted
   */
  int insertDone(long planId, List<String> canonicals, Instant at) {
    StringBuilder sql =
        new StringBuilder(
            "insert into lifecycle_journal (plan_id, canonical, status, message, at) values ");
    Timestamp stamp = Timestamp.from(at);
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < canonicals.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, 'DONE', null, ?)");
      params.add(planId);
      params.add(canonicals.get(i));
      params.add(stamp);
    }
    return jdbc.sql(sql.toString()).params(params).update();
  }

  /** Journals one change with its status and, for a failure, what went wrong. */
  void insert(long planId, String canonical, String status, String message, Instant at) {
    jdbc.sql(
            "insert into lifecycle_journal (plan_id, canonical, status, message, at) values (?, ?, ?, ?, ?)")
        .params(planId, canonical, status, message, Timestamp.from(at))
        .update();
  }
}
