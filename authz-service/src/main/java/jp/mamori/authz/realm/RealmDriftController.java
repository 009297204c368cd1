package jp.mamori.authz.realm;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The record of policy drift (issue 4), newest first, for administrators, auditors and the CISO:
 * each difference found in the Keycloak realm, what was expected and found, when, by which check,
 * and when it was restored.
 */
@RestController
class RealmDriftController {

  private final List<RealmDriftCheck> checks;

  RealmDriftController(List<RealmDriftCheck> checks) {
    this.checks = checks;
  }

  /** Every realm's record (staff and privileged), newest first. */
  @GetMapping("/api/realm/drift")
  List<RealmDriftCheck.Recorded> recorded(@RequestParam(defaultValue = "100") int limit) {
    int bounded = Math.clamp(limit, 1, 1000);
    return checks.stream()
        .flatMap(c -> c.recorded(bounded).stream())
        .sorted(java.util.Comparator.comparing(RealmDriftCheck.Recorded::detectedAt).reversed())
        .limit(bounded)
        .toList();
  }
}
