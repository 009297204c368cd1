package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Password rules (6-(1)-⑩, 8-(2)-⑨): length, composition, history, periodic change, and words that
 * may not be used.
 *
 * @param minLength minimum length, 8–128
 * @param maxLength maximum length, minLength–1024 (very long inputs cost hashing time)
 * @param minUpperCase minimum upper-case letters, 0–10
 * @param minLowerCase minimum lower-case letters, 0–10
 * @param minDigits minimum digits, 0–10
 * @param minSpecialChars minimum other characters, 0–10
 * @param historyCount earlier passwords that may not be reused (PW-2), 0–50
 * @param maxAge periodic change (PW-2); {@link Duration#ZERO} means no periodic expiry (NIST SP
 *     800-63B), otherwise 1–730 days
 * @param notUsername the password may not equal the username
 * @param notEmail the password may not equal the e-mail address
 * @param blocklist words that may not be used as a password (common passwords, the municipality's
 *     name), compared case-insensitively
 */
public record PasswordRules(
    int minLength,
    int maxLength,
    int minUpperCase,
    int minLowerCase,
    int minDigits,
    int minSpecialChars,
    int historyCount,
    Duration maxAge,
    boolean notUsername,
    boolean notEmail,
    List<String> blocklist)
    implements Rule {

  public PasswordRules {
    Objects.requireNonNull(maxAge, "maxAge");
    blocklist = List.copyOf(blocklist);
    if (minLength < 1 || maxLength < minLength) {
      throw new IllegalArgumentException(
          "password: expected 1 <= minLength <= maxLength, found " + minLength + ", " + maxLength);
    }
    if (minUpperCase + minLowerCase + minDigits + minSpecialChars > minLength) {
      throw new IllegalArgumentException(
          "password: the required character counts exceed minLength " + minLength);
    }
  }

  @Override
  public List<String> requirementIds() {
    return List.of("PW-1", "PW-2", "PW-8");
  }
}
