package jp.mamori.policy.password;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntPredicate;
import jp.mamori.policy.PasswordRules;
import jp.mamori.policy.TemporaryPasswordRules;

/**
 * Generates temporary passwords (仮のパスワード, PW-4; 6-(1)-⑩-(キ), 8-(2)-⑨-(イ)) that satisfy the password
 * rules, and says what is wrong with a password under those rules.
 *
 * <h2>Generation</h2>
 *
 * <ul>
 *   <li>All randomness comes from the injected {@link SecureRandom}: this class never creates one,
 *       so a test can seed it and a deployment chooses the algorithm and its seeding.
 *   <li>Characters come from an alphabet without look-alikes ({@code 0 O o 1 l I}), because a
 *       temporary password is read off a hand-over sheet and typed, and without {@code \} (shown as
 *       {@code ¥} on Japanese systems), quotes and spaces. Symbols ({@value #SPECIAL}) are used
 *       only when the rules require them, because some connected systems refuse symbols.
 *   <li>First the required characters of each kind are drawn, then the rest from the whole
 *       alphabet, then all are shuffled (Fisher–Yates with the injected random), so the required
 *       characters sit at random positions rather than, say, a digit always last.
 *   <li>A candidate containing a blocklisted word (case-insensitively) is wiped and drawn again.
 * </ul>
 *
 * <p>With the default policy (16 characters from 56 letters and digits) a password carries about 92
 * bits, far beyond guessing within its lifetime, so the lockout is not what protects it.
 *
 * <p>The result is a {@code char[]} so that the caller can overwrite it ({@link Arrays#fill(char[],
 * char)}) once it has been set and handed over. This class keeps no copy.
 */
public final class TemporaryPasswordGenerator {

  static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
  static final String DIGITS = "23456789";
  static final String SPECIAL = "-_.!#%+=@";
  private static final String LETTERS_AND_DIGITS = UPPER + LOWER + DIGITS;

  /**
   * Draws before giving up on a blocklist that leaves (almost) no password: with real blocklists a
   * redraw is rare, so reaching this means the blocklist is broken, not that we were unlucky.
   */
  static final int MAX_DRAWS = 1000;

  private final SecureRandom random;

  /**
   * @param random the source of all randomness; shared use is fine ({@link SecureRandom} is
   *     thread-safe)
   */
  public TemporaryPasswordGenerator(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A fresh temporary password of {@code temporary.length()} characters that satisfies {@code
   * rules}: {@link #violations} finds nothing wrong with it (unless a username is itself a random
   * string that the generator happened to draw).
   *
   * @throws IllegalArgumentException if {@code temporary.length()} is outside {@code
   *     rules.minLength()}–{@code rules.maxLength()} ({@link jp.mamori.policy.Policy} ensures it is
   *     not)
   * @throws IllegalStateException if {@value #MAX_DRAWS} draws all contained a blocklisted word
   */
  public char[] generate(PasswordRules rules, TemporaryPasswordRules temporary) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(temporary, "temporary");
    int length = temporary.length();
    if (length < rules.minLength() || length > rules.maxLength()) {
      throw new IllegalArgumentException(
          "temporaryPassword.length: found "
              + length
              + ", expected "
              + rules.minLength()
              + "–"
              + rules.maxLength()
              + " (password.minLength–password.maxLength)");
    }
    List<String> blocked =
        rules.blocklist().stream().map(TemporaryPasswordGenerator::fold).toList();
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      char[] candidate = draw(rules, length);
      if (!containsAny(candidate, blocked)) {
        return candidate;
      }
      Arrays.fill(candidate, '\0');
    }
    throw new IllegalStateException(
        "password.blocklist: "
            + MAX_DRAWS
            + " temporary passwords in a row contained a blocklisted word;"
            + " expected a blocklist of words, not of single letters or short fragments");
  }

  private char[] draw(PasswordRules rules, int length) {
    char[] chars = new char[length];
    int filled = 0;
    filled = fill(chars, filled, UPPER, rules.minUpperCase());
    filled = fill(chars, filled, LOWER, rules.minLowerCase());
    filled = fill(chars, filled, DIGITS, rules.minDigits());
    filled = fill(chars, filled, SPECIAL, rules.minSpecialChars());
    String any = rules.minSpecialChars() > 0 ? LETTERS_AND_DIGITS + SPECIAL : LETTERS_AND_DIGITS;
    fill(chars, filled, any, length - filled);
    for (int i = chars.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char swap = chars[i];
      chars[i] = chars[j];
      chars[j] = swap;
    }
    return chars;
  }

  private int fill(char[] chars, int from, String alphabet, int count) {
    for (int i = from; i < from + count; i++) {
      chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return from + count;
  }

  /** Whether {@code candidate} (ASCII) contains one of the folded {@code words}. */
  private static boolean containsAny(char[] candidate, List<String> words) {
    char[] folded = new char[candidate.length];
    for (int i = 0; i < candidate.length; i++) {
      // the alphabet is ASCII, where case folding needs no locale
      char c = candidate[i];
      folded[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    try {
      for (String word : words) {
        if (indexOf(folded, word) >= 0) {
          return true;
        }
      }
      return false;
    } finally {
      Arrays.fill(folded, '\0');
    }
  }

  private static int indexOf(char[] text, String word) {
    outer:
    for (int i = 0; i + word.length() <= text.length; i++) {
      for (int j = 0; j < word.length(); j++) {
        if (text[i + j] != word.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * What is wrong with {@code candidate} under {@code rules}, one message per broken rule, in
   * Japanese followed by English in parentheses (e.g. {@code 12文字以上が必要です (minimum length 12)});
   * empty if nothing is. The messages never quote the password or the blocked word it contains, so
   * they may be shown and logged.
   *
   * <p>Checked: length in characters (Unicode code points), the minimum number of upper-case and
   * lower-case letters, digits and other characters, equality with the username or e-mail address
   * (as Keycloak's {@code notUsername}/{@code notEmail}: ignoring case), and the blocklist. The
   * blocklist is matched as a substring after NFKC normalisation and {@link Locale#ROOT} lower
   * casing, so full-width {@code ＰＡＳＳＷＯＲＤ} counts as {@code password}. Reuse ({@code historyCount})
   * and age ({@code maxAge}) need the stored password history and are checked where it is kept
   * (Keycloak).
   *
   * @param username the account's username; may be null (not checked)
   * @param email the account's e-mail address; may be null (not checked)
   */
  public static List<String> violations(
      String candidate, PasswordRules rules, String username, String email) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(rules, "rules");
    List<String> problems = new ArrayList<>();
    int length = candidate.codePointCount(0, candidate.length());
    if (length < rules.minLength()) {
      problems.add(rules.minLength() + "文字以上が必要です (minimum length " + rules.minLength() + ")");
    }
    if (length > rules.maxLength()) {
      problems.add(rules.maxLength() + "文字以下にしてください (maximum length " + rules.maxLength() + ")");
    }
    atLeast(
        problems,
        candidate,
        Character::isUpperCase,
        rules.minUpperCase(),
        "英大文字",
        "upper-case letter(s)");
    atLeast(
        problems,
        candidate,
        Character::isLowerCase,
        rules.minLowerCase(),
        "英小文字",
        "lower-case letter(s)");
    atLeast(problems, candidate, Character::isDigit, rules.minDigits(), "数字", "digit(s)");
    atLeast(
        problems,
        candidate,
        c -> !Character.isLetterOrDigit(c),
        rules.minSpecialChars(),
        "記号",
        "symbol(s) (neither letter nor digit)");
    String folded = fold(candidate);
    if (rules.notUsername()
        && username != null
        && !username.isEmpty()
        && folded.equals(fold(username))) {
      problems.add("ユーザー名と同じパスワードは使えません (must not be the username)");
    }
    if (rules.notEmail() && email != null && !email.isEmpty() && folded.equals(fold(email))) {
      problems.add("メールアドレスと同じパスワードは使えません (must not be the e-mail address)");
    }
    if (rules.blocklist().stream()
        .map(TemporaryPasswordGenerator::fold)
        .anyMatch(folded::contains)) {
      problems.add("推測されやすい語 (使用禁止語) が含まれています (contains a blocked word)");
    }
    return List.copyOf(problems);
  }

  private static void atLeast(
      List<String> problems, String candidate, IntPredicate kind, int min, String ja, String en) {
    if (min > 0 && candidate.codePoints().filter(kind).count() < min) {
      problems.add(ja + "を" + min + "文字以上含めてください (at least " + min + " " + en + ")");
    }
  }

  /** NFKC (full-width to half-width) and locale-independent lower case. */
  private static String fold(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
