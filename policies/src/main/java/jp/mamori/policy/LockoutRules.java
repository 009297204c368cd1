package jp.mamori.policy;

import java.time.Duration;
import java.util.List;

/**
 * The login-attempt limit (8-(2)-⑧ ログイン試行回数の制限), applied to every account; privileged IDs have a
 * stricter limit in {@link PrivilegedAccessRules#maxFailures()} (8-(2)-②-(エ)).
 *
 * <p>A temporary lock ({@code permanent = false}) grows by {@code waitIncrement} with each further
 * failure up to {@code maxWait}; it slows guessing to a few attempts an hour without letting anyone
 * who knows a username lock its owner out for good. A permanent lock waits for an administrator and
 * turns every guessing attack into a denial of service, which is why it is off by default.
 *
 * @param maxFailures consecutive failed logins that lock the account, 1–100
 * @param permanent whether a lock lasts until an administrator releases it
 * @param waitIncrement the first temporary lock, PT1M–P1D
 * @param maxWait the longest temporary lock, waitIncrement–P1D
 * @param failureResetTime failures older than this are forgotten, PT1M–P7D
 */
public record LockoutRules(
    int maxFailures,
    boolean permanent,
    Duration waitIncrement,
    Duration maxWait,
    Duration failureResetTime)
    implements Rule {

  static final IntRange MAX_FAILURES = new IntRange(1, 100);
  static final DurationRange WAIT_INCREMENT =
      DurationRange.of(Duration.ofMinutes(1), Duration.ofDays(1));
  static final DurationRange MAX_WAIT = WAIT_INCREMENT;
  static final DurationRange FAILURE_RESET_TIME =
      DurationRange.of(Duration.ofMinutes(1), Duration.ofDays(7));

  /**
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public LockoutRules {
    MAX_FAILURES.require("lockout.maxFailures", maxFailures);
    WAIT_INCREMENT.require("lockout.waitIncrement", waitIncrement);
    MAX_WAIT.require("lockout.maxWait", maxWait);
    FAILURE_RESET_TIME.require("lockout.failureResetTime", failureResetTime);
    checkWaits(waitIncrement, maxWait, Checks.THROW);
  }

  /** The cross-field rule: {@code maxWait ≥ waitIncrement}. */
  static void checkWaits(Duration waitIncrement, Duration maxWait, Checks.Sink sink) {
    if (maxWait.compareTo(waitIncrement) < 0) {
      sink.problem(
          "lockout.maxWait",
          DurationRange.text(maxWait),
          "at least lockout.waitIncrement (" + DurationRange.text(waitIncrement) + ")");
    }
  }

  /** LG-1 (ログイン試行回数の制限) and PR-4 (誤入力の回数制限). */
  @Override
  public List<String> requirementIds() {
    return List.of("LG-1", "PR-4");
  }
}
