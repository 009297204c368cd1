package jp.mamori.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy document, said so that the reader knows which line to change and to
 * what.
 *
 * @param key the dotted path of the setting, e.g. {@code lockout.maxFailures} or {@code
 *     password.blocklist[3]}; for a file that cannot be read, its path; for a YAML syntax error,
 *     {@code file:line:column}
 * @param value what was found, as written ({@code (missing)} if the key is absent, {@code (empty)}
 *     if it has no value)
 * @param expected what is allowed, e.g. {@code an integer 1–100}
 */
public record PolicyProblem(String key, String value, String expected) {

  public PolicyProblem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expected, "expected");
  }

  /** One line: {@code lockout.maxFailures: found 0, expected an integer 1–100}. */
  public String message() {
    return key + ": found " + value + ", expected " + expected;
  }
}
