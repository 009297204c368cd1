package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Login-attempt limit (8-(2)-⑧ ログイン試行回数の制限, 8-(2)-②-(エ) for privileged IDs).
 *
 * @param maxFailures failed logins that lock the account, 1–100
 * @param permanent whether the lock lasts until an administrator unlocks (otherwise temporary)
 * @param waitIncrement length of the first temporary lock
 * @param maxWait longest temporary lock
 * @param failureResetTime failures older than this are forgotten
 */
public record LockoutRules(
    int maxFailures,
    boolean permanent,
    Duration waitIncrement,
    Duration maxWait,
    Duration failureResetTime)
    implements Rule {

  public LockoutRules {
    Objects.requireNonNull(waitIncrement, "waitIncrement");
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(failureResetTime, "failureResetTime");
    if (maxFailures < 1 || maxFailures > 100) {
      throw new IllegalArgumentException(
          "lockout.maxFailures: expected 1–100, found " + maxFailures);
    }
  }

  @Override
  public List<String> requirementIds() {
    return List.of("LG-1", "PR-4");
  }
}
