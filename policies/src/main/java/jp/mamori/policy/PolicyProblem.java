package jp.mamori.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy document.
 *
 * @param key dotted path of the setting, e.g. {@code lockout.maxFailures}
 * @param value what was found ({@code (missing)} if absent)
 * @param expected what is allowed
 */
public record PolicyProblem(String key, String value, String expected) {

  public PolicyProblem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expected, "expected");
  }

  /** {@code lockout.maxFailures: found 0, expected an integer 1–100}. */
  public String message() {
    return key + ": found " + value + ", expected " + expected;
  }
}
