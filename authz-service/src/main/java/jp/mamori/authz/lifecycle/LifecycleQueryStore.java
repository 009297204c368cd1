package jp.mamori.authz.lifecycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL behind {@link LifecycleQueries}: reads only. Public so that the report's one-database
 * constructor (and tests) can build it; the service gets it from {@code LifecycleConfiguration}.
 */
public final class LifecycleQueryStore implements LifecycleQueries {

  private final JdbcClient jdbc;

  public LifecycleQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, LocalDate> orphansFirstSeen() {
    Map<String, LocalDate> firstSeen = new HashMap<>();
    jdbc.sql("select account_key, first_seen from orphan_seen")
        .query((rs, i) -> firstSeen.put(rs.getString(1), rs.getDate(2).toLocalDate()))
        .list();
    return firstSeen;
  }

  @Override
  public List<LastLogin> lastLogins() {
    return jdbc.sql("select target, account_id, last_login from login_activity")
        .query((rs, i) ->
            new LastLogin(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  @Override
  public Map<String, Instant> loginsWatchedSince() {
    Map<String, Instant> since = new HashMap<>();
    jdbc.sql("select target, observed_since from login_watch")
        .query((rs, i) -> since.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list();
    return since;
  }

  @Override
  public int plansHeld() {
    return jdbc.sql("select count(*) from lifecycle_plan where status = 'HELD'")
        .query(Integer.class)
        .single();
  }

  private static final String SELECT_PLAN =
      "select p.id, p.created_at, p.plan_date, p.status, p.hr_rows, p.rejected_rows,"
          + " (select count(*) from lifecycle_plan_action a where a.plan_id = p.id and a.changes),"
          + " (select count(*) from lifecycle_plan_action a where a.plan_id = p.id and a.changes"
          + "  and a.destructive),"
          + " p.held_reasons, p.fingerprint, p.approved_by, p.warnings, p.scope"
          + " from lifecycle_plan p";

  @Override
  public List<Plan> plans(int limit) {
    return jdbc.sql(SELECT_PLAN + " order by p.id desc limit ?")
        .param(limit)
        .query(LifecycleQueryStore::plan)
        .list();
  }

  @Override
  public Optional<Plan> plan(long id) {
    return jdbc.sql(SELECT_PLAN + " where p.id = ?")
        .param(id)
        .query(LifecycleQueryStore::plan)
        .optional();
  }

  private static Plan plan(ResultSet rs, int n) throws SQLException {
    return new Plan(
        rs.getLong(1),
        rs.getTimestamp(2).toInstant(),
        rs.getDate(3).toString(),
        rs.getString(4),
        rs.getInt(5),
        rs.getInt(6),
        rs.getInt(7),
        rs.getInt(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13));
  }

  @Override
  public List<PlanChange> changes(long planId, int limit) {
    return jdbc.sql(
            "select seq, action_type, target, employee_number, destructive, reason_ja,"
                + " reason_en, requirement_ids from lifecycle_plan_action where plan_id = ? and"
                + " changes order by seq limit ?")
        .params(planId, limit)
        .query((rs, n) ->
            new PlanChange(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8)))
        .list();
  }
}
