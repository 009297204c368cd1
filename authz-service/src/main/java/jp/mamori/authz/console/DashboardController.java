package jp.mamori.authz.console;

import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.operations.Dashboard;
import jp.mamori.authz.shared.Console;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's dashboard (what waits for a person: approvals, held sync plans, overdue check-ins,
 * alerts), for readers (administrators, auditors, the CISO). The sync plans have their own screen
 * ({@link SyncPlansController}).
 */
@Controller
@Console
class DashboardController {

  private final Dashboard dashboard;
  private final Alerts alerts;
  private final LifecycleQueries plans;

  DashboardController(Dashboard dashboard, Alerts alerts, LifecycleQueries plans) {
    this.dashboard = dashboard;
    this.alerts = alerts;
    this.plans = plans;
  }

  @GetMapping("/admin/dashboard")
  String dashboard(Model model) {
    model.addAttribute("summary", dashboard.summary());
    model.addAttribute("alerts", alerts.open());
    model.addAttribute("plans", plans.plans(5));
    return "admin-dashboard";
  }
}
