package jp.mamori.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * An inclusive range of allowed durations for one setting, optionally restricted to whole days (for
 * settings that their consumers apply per calendar day, such as lifecycle deadlines and Keycloak's
 * password expiry, where {@code PT36H} would silently become one day).
 *
 * @see IntRange the same idea for integers
 */
record DurationRange(Duration min, Duration max, boolean wholeDays) {

  DurationRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
  }

  static DurationRange of(Duration min, Duration max) {
    return new DurationRange(min, max, false);
  }

  static DurationRange days(int minDays, int maxDays) {
    return new DurationRange(Duration.ofDays(minDays), Duration.ofDays(maxDays), true);
  }

  boolean contains(Duration value) {
    return value.compareTo(min) >= 0
        && value.compareTo(max) <= 0
        && (!wholeDays || isWholeDays(value));
  }

  /** {@code an ISO-8601 duration PT1M–PT8H (e.g. PT15M, P90D)}. */
  String expected() {
    return wholeDays
        ? "an ISO-8601 duration in whole days " + text(min) + "–" + text(max) + " (e.g. P90D)"
        : "an ISO-8601 duration " + text(min) + "–" + text(max) + " (e.g. PT15M, P90D)";
  }

  /**
   * Returns {@code value} if allowed.
   *
   * @throws IllegalArgumentException naming {@code key}, the value and the range otherwise
   */
  Duration require(String key, Duration value) {
    Objects.requireNonNull(value, key);
    Checks.require(contains(value), key, text(value), expected());
    return value;
  }

  /**
   * A duration as people write it in the policy: {@code P90D} rather than {@link
   * Duration#toString()}'s {@code PT2160H}.
   */
  static String text(Duration value) {
    if (!value.isNegative() && isWholeDays(value)) {
      return "P" + value.toDays() + "D";
    }
    return value.toString();
  }

  private static boolean isWholeDays(Duration value) {
    return value.toNanos() % Duration.ofDays(1).toNanos() == 0;
  }
}
