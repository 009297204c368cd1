package jp.mamori.policy.password;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import jp.mamori.policy.PasswordRules;
import jp.mamori.policy.TemporaryPasswordRules;

/**
 * Generates temporary passwords (仮パスワード, PW-4) that satisfy the password rules, from an injected
 * CSPRNG.
 *
 * <p>Look-alike characters ({@code 0 O o 1 l I}) are left out, because temporary passwords are read
 * off a hand-over sheet and typed. Required character classes are placed at random positions. A
 * candidate containing a blocklisted word is thrown away and drawn again. With the default policy
 * (16 characters from 55 symbols) a password carries about 92 bits.
 *
 * <p>The result is a {@code char[]} so that the caller can overwrite it when done.
 */
public final class TemporaryPasswordGenerator {

  static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
  static final String DIGITS = "23456789";
  static final String SPECIAL = "-_.!#%+=@";
  private static final String ALL = UPPER + LOWER + DIGITS;
  private static final int MAX_DRAWS = 1000;

  private final SecureRandom random;

  public TemporaryPasswordGenerator(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A fresh temporary password of {@code temporary.length()} characters satisfying {@code rules}.
   */
  public char[] generate(PasswordRules rules, TemporaryPasswordRules temporary) {
    int length = temporary.length();
    if (length < rules.minLength() || length > rules.maxLength()) {
      throw new IllegalArgumentException(
          "temporaryPassword.length: expected "
              + rules.minLength()
              + "–"
              + rules.maxLength()
              + " (the password rules), found "
              + length);
    }
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      char[] candidate = draw(rules, length);
      if (!containsBlocklisted(new String(candidate), rules.blocklist())) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no temporary password free of blocklisted words after " + MAX_DRAWS + " draws");
  }

  private char[] draw(PasswordRules rules, int length) {
    List<Character> chars = new ArrayList<>(length);
    addFrom(chars, UPPER, rules.minUpperCase());
    addFrom(chars, LOWER, rules.minLowerCase());
    addFrom(chars, DIGITS, rules.minDigits());
    addFrom(chars, SPECIAL, rules.minSpecialChars());
    String pool = rules.minSpecialChars() > 0 ? ALL + SPECIAL : ALL;
    while (chars.size() < length) {
      chars.add(pool.charAt(random.nextInt(pool.length())));
    }
    // Fisher–Yates with the injected generator, so required classes sit at random positions.
    for (int i = chars.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Character swap = chars.get(i);
      chars.set(i, chars.get(j));
      chars.set(j, swap);
    }
    char[] result = new char[length];
    for (int i = 0; i < length; i++) {
      result[i] = chars.get(i);
    }
    return result;
  }

  private void addFrom(List<Character> chars, String alphabet, int count) {
    for (int i = 0; i < count; i++) {
      chars.add(alphabet.charAt(random.nextInt(alphabet.length())));
    }
  }

  private static boolean containsBlocklisted(String candidate, List<String> blocklist) {
    String folded = candidate.toLowerCase(Locale.ROOT);
    return blocklist.stream().anyMatch(word -> folded.contains(word.toLowerCase(Locale.ROOT)));
  }

  /**
   * What is wrong with {@code candidate} under {@code rules}, as messages in Japanese with English;
   * empty if nothing. {@code username} and {@code email} may be null.
   */
  public static List<String> violations(
      String candidate, PasswordRules rules, String username, String email) {
    List<String> problems = new ArrayList<>();
    int length = candidate.codePointCount(0, candidate.length());
    if (length < rules.minLength()) {
      problems.add(rules.minLength() + "文字以上が必要です (minimum length " + rules.minLength() + ")");
    }
    if (length > rules.maxLength()) {
      problems.add(rules.maxLength() + "文字以下にしてください (maximum length " + rules.maxLength() + ")");
    }
    count(
        problems,
        candidate,
        Character::isUpperCase,
        rules.minUpperCase(),
        "英大文字",
        "upper-case letters");
    count(
        problems,
        candidate,
        Character::isLowerCase,
        rules.minLowerCase(),
        "英小文字",
        "lower-case letters");
    count(problems, candidate, Character::isDigit, rules.minDigits(), "数字", "digits");
    count(
        problems,
        candidate,
        c -> !Character.isLetterOrDigit(c),
        rules.minSpecialChars(),
        "記号",
        "special characters");
    String folded = candidate.toLowerCase(Locale.ROOT);
    if (rules.notUsername()
        && username != null
        && !username.isBlank()
        && folded.equals(username.toLowerCase(Locale.ROOT))) {
      problems.add("ユーザー名と同じパスワードは使えません (must not equal the username)");
    }
    if (rules.notEmail()
        && email != null
        && !email.isBlank()
        && folded.equals(email.toLowerCase(Locale.ROOT))) {
      problems.add("メールアドレスと同じパスワードは使えません (must not equal the e-mail address)");
    }
    for (String word : rules.blocklist()) {
      if (folded.contains(word.toLowerCase(Locale.ROOT))) {
        problems.add("使用できない語が含まれています (contains a blocked word)");
        break;
      }
    }
    return List.copyOf(problems);
  }

  private static void count(
      List<String> problems,
      String candidate,
      java.util.function.IntPredicate test,
      int min,
      String ja,
      String en) {
    if (min > 0 && candidate.chars().filter(test).count() < min) {
      problems.add(ja + "を" + min + "文字以上含めてください (at least " + min + " " + en + ")");
    }
  }
}
