package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Privileged IDs (特権ID, 8-(2)-②, 8-(2)-⑥, 8-(1)-③).
 *
 * @param maxCheckout longest checkout (PR-5), PT5M–PT24H
 * @param twoPersonApproval whether another person must approve (PR-6)
 * @param rotationInterval periodic password change of idle privileged IDs (PR-4), P1D–P365D
 * @param maxFailures failed logins that lock a privileged ID (PR-4), 1–100
 */
public record PrivilegedAccessRules(
    Duration maxCheckout, boolean twoPersonApproval, Duration rotationInterval, int maxFailures)
    implements Rule {

  public PrivilegedAccessRules {
    Objects.requireNonNull(maxCheckout, "maxCheckout");
    Objects.requireNonNull(rotationInterval, "rotationInterval");
  }

  @Override
  public List<String> requirementIds() {
    return List.of("PR-1", "PR-2", "PR-3", "PR-4", "PR-5", "PR-6");
  }
}
