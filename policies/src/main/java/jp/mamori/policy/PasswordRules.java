package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Password rules: length, composition, reuse, periodic change and words that may not be used
 * (6-(1)-⑩ パスワードの管理, 8-(2)-⑨ パスワードに関する情報の管理).
 *
 * <p>Mamori writes these rules to Keycloak's password policy and checks them itself when it
 * generates temporary passwords ({@code TemporaryPasswordGenerator}). The blocklist is Mamori's own
 * check (Keycloak reads blocklists only from files on its host); it is matched as a substring,
 * case- and width-insensitively, so {@code arakawa} also refuses {@code Arakawa2024}.
 *
 * @param minLength minimum length in characters, 8–128 (PW-1 十分な長さ)
 * @param maxLength maximum length, minLength–1024; a cap keeps a hostile login from spending the
 *     server's hashing time on megabyte passwords (PW-8)
 * @param minUpperCase minimum upper-case letters, 0–10
 * @param minLowerCase minimum lower-case letters, 0–10
 * @param minDigits minimum digits, 0–10
 * @param minSpecialChars minimum characters that are neither letters nor digits, 0–10; the four
 *     minimums together are at most {@code minLength}
 * @param historyCount earlier passwords that may not be reused, 0–50 (PW-2 変更前のパスワードの再利用は行わない)
 * @param maxAge periodic change (PW-2 定期的に変更), P0D–P730D in whole days; {@link Duration#ZERO} means
 *     no periodic expiry, as NIST SP 800-63B recommends, and is right only where the municipality's
 *     policy no longer requires periodic change
 * @param notUsername the password may not be the username (compared case-insensitively)
 * @param notEmail the password may not be the e-mail address (compared case-insensitively)
 * @param blocklist words no password may contain (common passwords, the municipality's name and
 *     other context words), each 2–128 characters; at most 10,000 entries
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

  static final IntRange MIN_LENGTH = new IntRange(8, 128);
  static final IntRange MAX_LENGTH = new IntRange(8, 1024);
  static final IntRange MIN_CHARACTERS_OF_A_KIND = new IntRange(0, 10);
  static final IntRange HISTORY_COUNT = new IntRange(0, 50);
  static final DurationRange MAX_AGE = DurationRange.days(0, 730);
  static final IntRange BLOCKLIST_WORD_LENGTH = new IntRange(2, 128);
  static final int BLOCKLIST_MAX_SIZE = 10_000;

  /**
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public PasswordRules {
    MIN_LENGTH.require("password.minLength", minLength);
    MAX_LENGTH.require("password.maxLength", maxLength);
    MIN_CHARACTERS_OF_A_KIND.require("password.minUpperCase", minUpperCase);
    MIN_CHARACTERS_OF_A_KIND.require("password.minLowerCase", minLowerCase);
    MIN_CHARACTERS_OF_A_KIND.require("password.minDigits", minDigits);
    MIN_CHARACTERS_OF_A_KIND.require("password.minSpecialChars", minSpecialChars);
    checkLengths(
        minLength, maxLength, minUpperCase, minLowerCase, minDigits, minSpecialChars, Checks.THROW);
    HISTORY_COUNT.require("password.historyCount", historyCount);
    MAX_AGE.require("password.maxAge", maxAge);
    blocklist = List.copyOf(Objects.requireNonNull(blocklist, "password.blocklist"));
    Checks.require(
        blocklist.size() <= BLOCKLIST_MAX_SIZE,
        "password.blocklist",
        blocklist.size() + " entries",
        "at most " + BLOCKLIST_MAX_SIZE + " entries");
    Checks.requireTexts(
        "password.blocklist", blocklist, BLOCKLIST_WORD_LENGTH.min(), BLOCKLIST_WORD_LENGTH.max());
  }

  /**
   * The cross-field rules: {@code maxLength ≥ minLength}, and the required characters of each kind
   * fit in {@code minLength}.
   */
  static void checkLengths(
      int minLength,
      int maxLength,
      int minUpperCase,
      int minLowerCase,
      int minDigits,
      int minSpecialChars,
      Checks.Sink sink) {
    if (maxLength < minLength) {
      sink.problem(
          "password.maxLength",
          Integer.toString(maxLength),
          "at least password.minLength (" + minLength + ")");
    }
    int required = minUpperCase + minLowerCase + minDigits + minSpecialChars;
    if (required > minLength) {
      sink.problem(
          "password.minUpperCase+minLowerCase+minDigits+minSpecialChars",
          Integer.toString(required),
          "at most password.minLength (" + minLength + ")");
    }
  }

  /** Whether passwords expire periodically ({@code maxAge} is not zero). */
  public boolean expires() {
    return !maxAge.isZero();
  }

  /** PW-1 (length, composition, blocklist), PW-2 (history, maxAge), PW-8 (platform hardening). */
  @Override
  public List<String> requirementIds() {
    return List.of("PW-1", "PW-2", "PW-8");
  }
}
