package jp.mamori.authz.lifecycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.hrsync.reconcile.Snapshot;
import jp.mamori.hrsync.reconcile.SnapshotCodec;
import jp.mamori.hrsync.reconcile.TargetAccount;
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
          + " p.held_reasons, p.fingerprint, p.approved_by, p.warnings, p.scope,"
          + " (select count(*) from lifecycle_journal j where j.plan_id = p.id"
          + "  and j.status = 'DONE'),"
          + " p.made_by, p.source_name"
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
        rs.getString(13),
        rs.getInt(14),
        rs.getString(15),
        rs.getString(16));
  }

  /** The changes of a plan with their section and outcome, with the filter's conditions. */
  private static final String SELECT_CHANGES =
      """
      select a.seq, a.action_type, a.target, a.employee_number, a.destructive, a.reason_ja,
          a.reason_en, a.requirement_ids,
          coalesce(a.section, s.section_code || ' ' || s.section_name, '') as section,
          (select min(j.status) from lifecycle_journal j
              where j.plan_id = a.plan_id and j.canonical = a.canonical) as outcome
      from lifecycle_plan_action a
      left join staff_account s on s.employee_number = a.employee_number
      where a.plan_id = :plan and a.changes
        and (:action = '' or a.action_type = :action)
        and (:section = '' or strpos(coalesce(a.section, s.section_code || ' ' || s.section_name,
            ''), :section) > 0)
        and (:reason = '' or strpos(lower(a.reason_ja || ' ' || a.reason_en), lower(:reason)) > 0)
      """;

  @Override
  public List<PlanChange> changes(long planId, ChangeFilter filter, int offset, int limit) {
    // min(status): 'DONE' < 'FAILED', so a change made after a failed attempt shows DONE
    return jdbc.sql(SELECT_CHANGES + " order by a.seq offset :offset limit :limit")
        .param("plan", planId)
        .param("action", filter.action())
        .param("section", filter.section())
        .param("reason", filter.reason())
        .param("offset", Math.max(0, offset))
        .param("limit", Math.max(0, limit))
        .query((rs, n) ->
            new PlanChange(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10)))
        .list();
  }

  @Override
  public int changeCount(long planId, ChangeFilter filter) {
    return jdbc.sql("select count(*) from (" + SELECT_CHANGES + ") c")
        .param("plan", planId)
        .param("action", filter.action())
        .param("section", filter.section())
        .param("reason", filter.reason())
        .query(Integer.class)
        .single();
  }

  @Override
  public List<String> actionTypes(long planId) {
    return jdbc.sql(
            "select distinct action_type from lifecycle_plan_action where plan_id = ? and changes"
                + " order by 1")
        .param(planId)
        .query(String.class)
        .list();
  }

  @Override
  public List<String> sections(long planId) {
    return jdbc.sql(
            "select distinct section from lifecycle_plan_action where plan_id = ? and changes"
                + " and section is not null order by 1")
        .param(planId)
        .query(String.class)
        .list();
  }

  private static final String SELECT_PERSON =
      "select employee_number, username, full_name, full_name_kana, section_code, section_name,"
          + " updated_at from staff_account";

  @Override
  public List<Person> people() {
    return jdbc.sql(SELECT_PERSON + " order by employee_number")
        .query(LifecycleQueryStore::person)
        .list();
  }

  @Override
  public Optional<Person> person(String employeeNumberOrUsername) {
    return jdbc.sql(SELECT_PERSON + " where employee_number = ? or username = ? limit 1")
        .params(employeeNumberOrUsername, employeeNumberOrUsername)
        .query(LifecycleQueryStore::person)
        .optional();
  }

  @Override
  public Optional<Person> personByUsername(String username) {
    return jdbc.sql(SELECT_PERSON + " where username = ?")
        .param(username)
        .query(LifecycleQueryStore::person)
        .optional();
  }

  private static Person person(ResultSet rs, int n) throws SQLException {
    return new Person(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getTimestamp(7).toInstant());
  }

  @Override
  public Map<String, Instant> targetsReadAt() {
    Map<String, Instant> readAt = new java.util.TreeMap<>();
    jdbc.sql("select target, saved_at from target_snapshot")
        .query(rs -> {
          readAt.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
    return readAt;
  }

  @Override
  public TargetIds targetIds() {
    Map<String, Instant> readAt = new java.util.TreeMap<>();
    List<TargetId> accounts = new java.util.ArrayList<>();
    jdbc.sql("select target, saved_at, snapshot from target_snapshot order by target")
        .query((rs, n) -> {
          readAt.put(rs.getString(1), rs.getTimestamp(2).toInstant());
          Snapshot snapshot = SnapshotCodec.read(rs.getBinaryStream(3));
          snapshot.accounts().values().forEach(a -> accounts.add(targetId(a)));
          return null;
        })
        .list();
    return new TargetIds(readAt, accounts);
  }

  private static TargetId targetId(TargetAccount a) {
    AccountStatus status = AccountStatus.of(a, AccountStatus.Lockout.none());
    return new TargetId(
        a.target().name(),
        a.id(),
        a.employeeNumber(),
        a.loginName(),
        a.fullName(),
        a.kind().name(),
        a.state().name(),
        a.stopReason().map(Enum::name).orElse(null),
        a.stateSince().orElse(null),
        a.lastLogin().orElse(null),
        status.code(),
        status.ja(),
        status.en());
  }

  @Override
  public Optional<Report> report(long planId) {
    return jdbc.sql("select status, report_json from lifecycle_plan where id = ?")
        .param(planId)
        .query((rs, n) -> new Report(rs.getString(1), rs.getString(2)))
        .optional();
  }
}
