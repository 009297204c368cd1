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

  private final RealmDriftCheck drift;

  RealmDriftController(RealmDriftCheck drift) {
    this.drift = drift;
  }

  @GetMapping("/api/realm/drift")
  List<RealmDriftCheck.Recorded> recorded(@RequestParam(defaultValue = "100") int limit) {
    return drift.recorded(Math.clamp(limit, 1, 1000));
  }
}
