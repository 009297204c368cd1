package jp.mamori.authz.realm;

import java.util.Comparator;
import java.util.List;
import jp.mamori.authz.shared.Console;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The drift record in the console (issue 4): every difference found between a Keycloak realm and
 * the policy, newest first, what was expected and found, and when it was restored — for
 * administrators, auditors and the CISO (the same record as {@code GET /api/realm/drift}).
 */
@Controller
@Console
class DriftConsoleController {

  private final List<RealmDriftCheck> checks;

  DriftConsoleController(List<RealmDriftCheck> checks) {
    this.checks = checks;
  }

  @GetMapping("/admin/realm/drift")
  String drift(Model model) {
    model.addAttribute(
        "records",
        checks.stream()
            .flatMap(c -> c.recorded(200).stream())
            .sorted(Comparator.comparing(RealmDriftCheck.Recorded::detectedAt).reversed())
            .limit(200)
            .map(DriftRow::of)
            .toList());
    return "admin-drift";
  }
}
