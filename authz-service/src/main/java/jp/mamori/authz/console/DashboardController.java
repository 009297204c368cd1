package jp.mamori.authz.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.operations.Dashboard;
import jp.mamori.authz.shared.Console;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's dashboard (what waits for a person: approvals, held sync plans, overdue check-ins,
 * alerts) and its sync-plan screen (the plans, a plan's changes and why it was held, approval of a
 * held plan by an administrator with a reason, LC-2). Readers (administrators, auditors, the CISO)
 * see both; only administrators approve.
 */
@Controller
@Console
class DashboardController {

  /** Changes of a plan shown on its page; the whole plan is in the API and the reports. */
  static final int CHANGES_SHOWN = 500;

  private final Dashboard dashboard;
  private final Alerts alerts;
  private final JdbcClient jdbc;
  private final LifecycleService lifecycle;

  DashboardController(
      Dashboard dashboard, Alerts alerts, JdbcClient jdbc, LifecycleService lifecycle) {
    this.dashboard = dashboard;
    this.alerts = alerts;
    this.jdbc = jdbc;
    this.lifecycle = lifecycle;
  }

  /** One stored plan, as listed. */
  record PlanRow(
      long id,
      Instant createdAt,
      String planDate,
      String status,
      int hrRows,
      int rejectedRows,
      int changes,
      int destructive,
      String heldReasons,
      String fingerprint,
      String approvedBy,
      String warnings,
      String scope) {}

  /** One change of a plan. */
  record ChangeRow(
      int seq,
      String type,
      String target,
      String employeeNumber,
      boolean destructive,
      String reasonJa,
      String reasonEn,
      String requirementIds) {}

  @GetMapping("/admin/dashboard")
  String dashboard(Model model) {
    model.addAttribute("summary", dashboard.summary());
    model.addAttribute("alerts", alerts.open());
    model.addAttribute("plans", plans(5));
    return "admin-dashboard";
  }

  @GetMapping("/admin/sync")
  String plans(@RequestParam Optional<Long> id, Model model) {
    List<PlanRow> plans = plans(30);
    model.addAttribute("plans", plans);
    Optional<PlanRow> chosen =
        id.isPresent()
            ? plan(id.get())
            : plans.stream().findFirst().map(PlanRow::id).flatMap(this::plan);
    chosen.ifPresent(p -> {
      model.addAttribute("plan", p);
      model.addAttribute(
          "changes",
          jdbc.sql(
                  "select seq, action_type, target, employee_number, destructive, reason_ja,"
                      + " reason_en, requirement_ids from lifecycle_plan_action where plan_id = ? and changes order by seq limit ?")
              .params(p.id(), CHANGES_SHOWN)
              .query((rs, n) ->
                  new ChangeRow(
                      rs.getInt(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getBoolean(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8)))
              .list());
    });
    return "admin-sync";
  }

  @PostMapping("/admin/sync/{id}/approve")
  String approve(
      @PathVariable long id,
      @RequestParam String fingerprint,
      @RequestParam(defaultValue = "") String reason,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    boolean en = ConsoleNav.english();
    if (reason.isBlank()) {
      redirect.addFlashAttribute(
          "error",
          en
              ? "Approval: expected a reason; found none. Nothing was approved."
              : "承認: 理由を入力してください (未入力)。承認していません。");
    } else {
      try {
        lifecycle.approve(id, fingerprint, user.getPreferredUsername(), reason.strip());
        redirect.addFlashAttribute(
            "done",
            en
                ? "Plan " + id + " approved and recorded. It is applied by the next run (or apply)."
                : "計画 " + id + " を承認し、記録しました。次回の実行 (apply) で適用されます。");
      } catch (IllegalStateException e) {
        redirect.addFlashAttribute("error", e.getMessage()); // the plan's state, for people
      } catch (RuntimeException e) {
        redirect.addFlashAttribute("error", ConsoleErrors.text(e));
      }
    }
    return "redirect:/admin/sync?id=" + id;
  }

  private List<PlanRow> plans(int limit) {
    return jdbc.sql(SELECT + " order by p.id desc limit ?").param(limit).query(this::row).list();
  }

  private Optional<PlanRow> plan(long id) {
    return jdbc.sql(SELECT + " where p.id = ?").param(id).query(this::row).optional();
  }

  private static final String SELECT =
      "select p.id, p.created_at, p.plan_date, p.status, p.hr_rows, p.rejected_rows,"
          + " (select count(*) from lifecycle_plan_action a where a.plan_id = p.id and a.changes),"
          + " (select count(*) from lifecycle_plan_action a where a.plan_id = p.id and a.changes"
          + "  and a.destructive),"
          + " p.held_reasons, p.fingerprint, p.approved_by, p.warnings, p.scope"
          + " from lifecycle_plan p";

  private PlanRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Timestamp created = rs.getTimestamp(2);
    return new PlanRow(
        rs.getLong(1),
        created.toInstant(),
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
}
