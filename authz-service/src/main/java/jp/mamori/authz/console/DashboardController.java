package jp.mamori.authz.console;

import java.util.List;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.operations.Dashboard;
import jp.mamori.authz.shared.Console;
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
  private final LifecycleQueries plans;
  private final LifecycleService lifecycle;

  DashboardController(
      Dashboard dashboard, Alerts alerts, LifecycleQueries plans, LifecycleService lifecycle) {
    this.dashboard = dashboard;
    this.alerts = alerts;
    this.plans = plans;
    this.lifecycle = lifecycle;
  }

  @GetMapping("/admin/dashboard")
  String dashboard(Model model) {
    model.addAttribute("summary", dashboard.summary());
    model.addAttribute("alerts", alerts.open());
    model.addAttribute("plans", plans.plans(5));
    return "admin-dashboard";
  }

  @GetMapping("/admin/sync")
  String plans(@RequestParam Optional<Long> id, Model model) {
    List<LifecycleQueries.Plan> listed = plans.plans(30);
    model.addAttribute("plans", listed);
    Optional<LifecycleQueries.Plan> chosen =
        id.isPresent()
            ? plans.plan(id.get())
            : listed.stream().findFirst().map(LifecycleQueries.Plan::id).flatMap(plans::plan);
    chosen.ifPresent(p -> {
      model.addAttribute("plan", p);
      model.addAttribute("changes", plans.changes(p.id(), CHANGES_SHOWN));
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
}
