package jp.mamori.authz.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.governance.PolicyExceptions.PolicyException;
import jp.mamori.authz.governance.PolicyExceptions.Scope;
import jp.mamori.authz.governance.PolicyExceptions.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The table of exceptions to the security policy (GV-3), {@code policy_exception}. */
public final class PolicyExceptionStore {

  private final JdbcClient jdbc;

  public PolicyExceptionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(
      String rule,
      Scope scope,
      String scopeValue,
      String reason,
      String actor,
      Instant at,
      Instant endsAt,
      boolean emergency,
      Status status,
      Optional<Instant> reportDue) {
    return jdbc.sql(
            """
            insert into policy_exception (rule, scope_kind, scope_value, reason,
                requested_by, requested_at, ends_at, emergency, status, report_due)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id\
            """)
        .params(
            rule,
            scope.name(),
            scopeValue,
            reason,
            actor,
            Timestamp.from(at),
            Timestamp.from(endsAt),
            emergency,
            status.name(),
            reportDue.map(Timestamp::from).orElse(null))
        .query(Long.class)
        .single();
  }

  /** The decision on an exception: its new status (ended at {@code at} when ENDED). */
  int decide(long id, Status status, String actor, Instant at, String note) {
    return jdbc.sql(
            "update policy_exception set status = ?, decided_by = ?, decided_at = ?,"
                + " decision_note = ?, ended_at = case when ? = 'ENDED' then ? else"
                + " ended_at end where id = ?")
        .params(
            status.name(), actor, Timestamp.from(at), note, status.name(), Timestamp.from(at), id)
        .update();
  }

  int report(long id, String text, Instant at) {
    return jdbc.sql("update policy_exception set report = ?, reported_at = ? where id = ?")
        .params(text, Timestamp.from(at), id)
        .update();
  }

  /** The IDs of the exceptions in force whose end is past at {@code now}. */
  List<Long> endedInForce(Instant now) {
    return jdbc.sql(
            "select id from policy_exception where status = 'IN_FORCE' and ends_at <= ?"
                + " order by id")
        .param(Timestamp.from(now))
        .query(Long.class)
        .list();
  }

  /** Ends an exception still in force; answers the rows changed. */
  int end(long id, Instant at) {
    return jdbc.sql(
            "update policy_exception set status = 'ENDED', ended_at = ? where id = ?"
                + " and status = 'IN_FORCE'")
        .params(Timestamp.from(at), id)
        .update();
  }

  /** The emergency exceptions not reported whose report was due before {@code now}. */
  List<PolicyException> reportsOverdue(Instant now) {
    return jdbc.sql(
            "select * from policy_exception where emergency and reported_at is null and"
                + " report_due < ? order by id")
        .param(Timestamp.from(now))
        .query(PolicyExceptionStore::row)
        .list();
  }

  List<PolicyException> inForce(Instant now) {
    return jdbc.sql(
            "select * from policy_exception where status = 'IN_FORCE' and ends_at > ?"
                + " order by id")
        .param(Timestamp.from(now))
        .query(PolicyExceptionStore::row)
        .list();
  }

  List<PolicyException> all() {
    return jdbc.sql("select * from policy_exception order by id desc")
        .query(PolicyExceptionStore::row)
        .list();
  }

  Optional<PolicyException> get(long id) {
    return jdbc.sql("select * from policy_exception where id = ?")
        .param(id)
        .query(PolicyExceptionStore::row)
        .optional();
  }

  private static PolicyException row(ResultSet rs, int i) throws SQLException {
    return new PolicyException(
        rs.getLong("id"),
        rs.getString("rule"),
        Scope.valueOf(rs.getString("scope_kind")),
        rs.getString("scope_value"),
        rs.getString("reason"),
        rs.getString("requested_by"),
        rs.getTimestamp("requested_at").toInstant(),
        rs.getTimestamp("ends_at").toInstant(),
        rs.getBoolean("emergency"),
        Status.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getString("decided_by")),
        Optional.ofNullable(rs.getTimestamp("decided_at")).map(Timestamp::toInstant),
        Optional.ofNullable(rs.getString("report")),
        Optional.ofNullable(rs.getTimestamp("report_due")).map(Timestamp::toInstant));
  }
}
