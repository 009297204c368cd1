package jp.mamori.authz.realm;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").withZone(ZoneId.of("Asia/Tokyo"));

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
            .map(r ->
                Map.of(
                    "realm", r.realm(),
                    "detectedAt", TIME.format(r.detectedAt()),
                    "detectedBy", r.detectedBy(),
                    "setting", r.setting(),
                    "expected", r.expected(),
                    "found", r.found(),
                    "requirements", String.join(", ", r.requirementIds()),
                    "restoredAt", r.restoredAt() == null ? "" : TIME.format(r.restoredAt())))
            .toList());
    return "admin-drift";
  }
}
