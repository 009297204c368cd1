package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlanReport;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Verdict;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stored lifecycle plans — {@code lifecycle_plan} and its actions {@code lifecycle_plan_action}
 * — and all the SQL that writes or reads them for the planning, the approval and the apply.
 */
final class PlanStore {

  private final JdbcClient jdbc;
  private final Clock clock;

  PlanStore(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The newest effective date of the plans applied (wholly or partly), if any. */
  Optional<LocalDate> newestApplied() {
    return jdbc.sql(
            "select max(newest_effective_date) from lifecycle_plan where status in"
                + " ('APPLIED', 'PARTIAL')")
        .query((rs, n) -> Optional.ofNullable(rs.getDate(1)).map(Date::toLocalDate))
        .single();
  }

  /** The canonical forms of the plan's changes (not its reports). */
  List<String> changes(long planId) {
    return jdbc.sql("select canonical from lifecycle_plan_action where plan_id = ? and changes")
        .param(planId)
        .query(String.class)
        .list();
  }

  /** One of a plan's changes as stored, with the reason the plan gave for it. */
  record StoredChange(
      String canonical,
      String target,
      String employeeNumber,
      String reasonJa,
      String reasonEn,
      String requirementIds) {}

  /** The plan's changes (not its reports) with their reasons. */
  List<StoredChange> storedChanges(long planId) {
    return jdbc.sql(
            "select canonical, target, employee_number, reason_ja, reason_en, requirement_ids"
                + " from lifecycle_plan_action where plan_id = ? and changes")
        .param(planId)
        .query((rs, n) ->
            new StoredChange(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)))
        .list();
  }

  /** The newest plan that recorded its export's fingerprint: its ID and the fingerprint. */
  record PlannedExport(long id, String sha256) {}

  /** The newest plan that recorded its export's fingerprint, if any. */
  Optional<PlannedExport> newestExport() {
    return jdbc
        .sql(
            "select id, source_sha256, created_at from lifecycle_plan"
                + " where source_sha256 is not null order by id desc limit 1")
        .query()
        .listOfRows()
        .stream()
        .findFirst()
        .map(row ->
            new PlannedExport(
                ((Number) row.get("id")).longValue(), (String) row.get("source_sha256")));
  }

  /**
   * When the first plan of the newest run of plans on the export {@code sha256} was made (the plans
   * since the last plan on another export).
   */
  Instant firstPlannedOn(String sha256) {
    return jdbc.sql(
            """
            select min(created_at) from lifecycle_plan
            where source_sha256 = ? and id > coalesce((select max(id) from lifecycle_plan
                where source_sha256 is not null and source_sha256 <> ?), 0)\
            """)
        .params(sha256, sha256)
        .query(Timestamp.class)
        .single()
        .toInstant();
  }

  void status(long planId, Status status) {
    jdbc.sql("update lifecycle_plan set status = ? where id = ?")
        .params(status.name(), planId)
        .update();
  }

  /** Marks a held plan approved; answers 0 if it was not held (decided meanwhile). */
  int approve(long planId, String approver, Instant at) {
    return jdbc.sql(
            "update lifecycle_plan set status = ?, approved_by = ?, approved_at = ?"
                + " where id = ? and status = 'HELD'")
        .params(Status.APPROVED.name(), approver, Timestamp.from(at), planId)
        .update();
  }

  long insert(
      Plan plan,
      Path hrFile,
      Status status,
      Optional<LocalDate> newestEffective,
      Scope scope,
      ExportFreshness.Seen seen,
      Map<String, String> sections,
      Optional<LifecycleService.Maker> maker) {
    String heldReasons =
        plan.verdict() instanceof Verdict.Held held
            ? held.reasons().stream()
                .map(r -> r.ja() + " / " + r.en())
                .collect(Collectors.joining("\n"))
            : null;
    long id =
        jdbc.sql(
                """
                insert into lifecycle_plan (created_at, plan_date, source_path, hr_rows, rejected_rows,
                    newest_effective_date, fingerprint, status, held_reasons, report_json, scope,
                    source_sha256, source_modified_at, warnings, made_by, source_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id\
                """)
            .params(
                Timestamp.from(clock.instant()),
                Date.valueOf(plan.today()),
                hrFile.toAbsolutePath().toString(),
                plan.hrRows(),
                plan.rejectedRows(),
                newestEffective.map(Date::valueOf).orElse(null),
                plan.fingerprint(),
                status.name(),
                heldReasons,
                PlanReport.json(plan),
                scope.stored(),
                seen.sha256(),
                Timestamp.from(seen.modifiedAt()),
                plan.warnings().isEmpty()
                    ? null
                    : plan.warnings().stream()
                        .map(r -> r.ja() + " / " + r.en())
                        .collect(Collectors.joining("\n")),
                maker.map(LifecycleService.Maker::by).orElse(null),
                maker.map(LifecycleService.Maker::sourceName).orElse(null))
            .query(Long.class)
            .single();
    int seq = 0;
    for (PlannedAction a : plan.actions()) {
      jdbc.sql(
              """
              insert into lifecycle_plan_action (plan_id, seq, canonical, action_type, target,
                  employee_number, destructive, changes, reason_ja, reason_en, requirement_ids,
                  section)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\
              """)
          .params(
              id,
              seq++,
              a.canonical(),
              a.getClass().getSimpleName(),
              a.target().name(),
              a.employeeNumber(),
              a.destructive(),
              a.changes(),
              truncate(a.reason().ja()),
              truncate(a.reason().en()),
              String.join(",", a.reason().requirementIds()),
              sections.get(a.employeeNumber()))
          .update();
    }
    return id;
  }

  Map<String, Object> row(long planId) {
    return jdbc
        .sql(
            "select status, fingerprint, source_path, held_reasons, scope from lifecycle_plan"
                + " where id = ?")
        .param(planId)
        .query()
        .listOfRows()
        .stream()
        .findFirst()
        .orElseThrow(() -> new LifecycleService.NoSuchPlan(planId));
  }

  private static String truncate(String value) {
    return value.length() <= 1000 ? value : value.substring(0, 1000);
  }
}
