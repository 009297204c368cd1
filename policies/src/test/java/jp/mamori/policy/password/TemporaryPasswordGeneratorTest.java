package jp.mamori.policy.password;

import static jp.mamori.policy.TestPasswordRules.passwordRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import jp.mamori.policy.PasswordRules;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.TemporaryPasswordRules;
import org.junit.jupiter.api.Test;

class TemporaryPasswordGeneratorTest {

  private static final String LOOK_ALIKES = "0Oo1lI";

  private final Policy policy = PolicyLoader.loadDefault();
  private final TemporaryPasswordGenerator generator =
      new TemporaryPasswordGenerator(new SecureRandom());

  @Test
  void generateWhenDefaultPolicyThenAThousandPasswordsAllSatisfyTheRules() {
    PasswordRules rules = policy.password();
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      String password = new String(generator.generate(rules, policy.temporaryPassword()));

      assertThat(password).hasSize(16);
      assertThat(TemporaryPasswordGenerator.violations(password, rules, "k0012345", "a@b.jp"))
          .isEmpty();
      assertThat(count(password, Character::isUpperCase)).isGreaterThanOrEqualTo(1);
      assertThat(count(password, Character::isLowerCase)).isGreaterThanOrEqualTo(1);
      assertThat(count(password, Character::isDigit)).isGreaterThanOrEqualTo(1);
      assertThat(password.chars()).noneMatch(c -> LOOK_ALIKES.indexOf(c) >= 0);
      assertThat(password.chars()).allMatch(c -> c > ' ' && c < 127);
      String folded = password.toLowerCase(Locale.ROOT);
      assertThat(rules.blocklist())
          .noneMatch(word -> folded.contains(word.toLowerCase(Locale.ROOT)));
      seen.add(password);
    }
    assertThat(seen).as("different outputs across calls").hasSize(1000);
  }

  @Test
  void generateWhenNistProfileThenPasswordsAreLongerAndStillValid() {
    Policy nist = PolicyLoader.loadProfile("nist-800-63b");

    for (int i = 0; i < 200; i++) {
      String password = new String(generator.generate(nist.password(), nist.temporaryPassword()));

      assertThat(password).hasSize(20);
      assertThat(TemporaryPasswordGenerator.violations(password, nist.password(), null, null))
          .isEmpty();
    }
  }

  @Test
  void generateWhenSymbolsAreRequiredThenEachKindIsPresentInNumber() {
    PasswordRules rules = passwordRules().composition(2, 2, 2, 3).build();
    TemporaryPasswordRules temporary = new TemporaryPasswordRules(12, Duration.ofDays(1));

    for (int i = 0; i < 500; i++) {
      String password = new String(generator.generate(rules, temporary));

      assertThat(TemporaryPasswordGenerator.violations(password, rules, null, null)).isEmpty();
      assertThat(count(password, c -> TemporaryPasswordGenerator.SPECIAL.indexOf(c) >= 0))
          .isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void generateWhenNoSymbolsAreRequiredThenUsesNone() {
    for (int i = 0; i < 200; i++) {
      String password =
          new String(generator.generate(policy.password(), policy.temporaryPassword()));

      assertThat(password).matches("[A-Za-z2-9]{16}");
    }
  }

  @Test
  void generateWhenClassesAreRequiredThenTheyAppearAtEveryPosition() {
    PasswordRules rules = passwordRules().composition(0, 0, 1, 0).build();
    TemporaryPasswordRules temporary = new TemporaryPasswordRules(12, Duration.ofDays(1));
    Set<Integer> digitPositions = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      char[] password = generator.generate(rules, temporary);
      for (int p = 0; p < password.length; p++) {
        if (Character.isDigit(password[p])) {
          digitPositions.add(p);
        }
      }
    }
    assertThat(digitPositions).hasSize(12);
  }

  @Test
  void generateWhenBlocklistCoversCommonFragmentsThenNoPasswordContainsThem() {
    List<String> blocked = List.of("ab", "cd", "ef", "gh", "jk", "xy", "23");
    PasswordRules rules = passwordRules().blocklist(blocked).build();

    for (int i = 0; i < 1000; i++) {
      String password =
          new String(generator.generate(rules, policy.temporaryPassword()))
              .toLowerCase(Locale.ROOT);

      assertThat(blocked).noneMatch(password::contains);
    }
  }

  @Test
  void generateWhenBlocklistLeavesNoPasswordThenGivesUpNamingTheBlocklist() {
    String alphabet =
        TemporaryPasswordGenerator.UPPER
            + TemporaryPasswordGenerator.LOWER
            + TemporaryPasswordGenerator.DIGITS;
    List<String> everyPair = new ArrayList<>();
    for (char a : alphabet.toLowerCase(Locale.ROOT).toCharArray()) {
      for (char b : alphabet.toLowerCase(Locale.ROOT).toCharArray()) {
        everyPair.add("" + a + b);
      }
    }
    PasswordRules rules = passwordRules().blocklist(everyPair.stream().distinct().toList()).build();

    assertThatIllegalStateException()
        .isThrownBy(() -> generator.generate(rules, policy.temporaryPassword()))
        .withMessageStartingWith("password.blocklist: ");
  }

  @Test
  void generateWhenRandomIsSeededAlikeThenOutputIsAlikeSoAllRandomnessIsInjected()
      throws NoSuchAlgorithmException {
    TemporaryPasswordGenerator first = new TemporaryPasswordGenerator(seeded());
    TemporaryPasswordGenerator second = new TemporaryPasswordGenerator(seeded());

    for (int i = 0; i < 10; i++) {
      assertThat(first.generate(policy.password(), policy.temporaryPassword()))
          .isEqualTo(second.generate(policy.password(), policy.temporaryPassword()));
    }
  }

  @Test
  void generateWhenLengthIsOutsideThePasswordRulesThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            generator.generate(
                policy.password(), new TemporaryPasswordRules(8, Duration.ofDays(1))))
        .withMessageStartingWith("temporaryPassword.length: found 8");
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            generator.generate(
                policy.password(), new TemporaryPasswordRules(65, Duration.ofDays(1))))
        .withMessageStartingWith("temporaryPassword.length: found 65");
  }

  @Test
  void violationsWhenPasswordBreaksEveryRuleThenNamesEachInJapaneseThenEnglish() {
    PasswordRules rules =
        passwordRules().composition(1, 1, 1, 1).blocklist(List.of("password")).build();

    List<String> problems = TemporaryPasswordGenerator.violations("password", rules, null, null);

    assertThat(problems)
        .containsExactly(
            "12文字以上が必要です (minimum length 12)",
            "英大文字を1文字以上含めてください (at least 1 upper-case letter(s))",
            "数字を1文字以上含めてください (at least 1 digit(s))",
            "記号を1文字以上含めてください (at least 1 symbol(s) (neither letter nor digit))",
            "推測されやすい語 (使用禁止語) が含まれています (contains a blocked word)");
  }

  @Test
  void violationsWhenPasswordIsTooLongThenSaysTheMaximum() {
    String longPassword = "Aa1" + "x".repeat(62);

    assertThat(TemporaryPasswordGenerator.violations(longPassword, policy.password(), null, null))
        .containsExactly("64文字以下にしてください (maximum length 64)");
  }

  @Test
  void violationsWhenPasswordIsTheUsernameOrEmailIgnoringCaseThenRefused() {
    PasswordRules rules = passwordRules().composition(0, 0, 0, 0).build();

    assertThat(TemporaryPasswordGenerator.violations("Suzuki.Taro01", rules, "suzuki.taro01", null))
        .containsExactly("ユーザー名と同じパスワードは使えません (must not be the username)");
    assertThat(
            TemporaryPasswordGenerator.violations(
                "T.Suzuki@city.example.jp", rules, null, "t.suzuki@city.example.jp"))
        .containsExactly("メールアドレスと同じパスワードは使えません (must not be the e-mail address)");
  }

  @Test
  void violationsWhenBlockedWordIsFullWidthOrJapaneseThenStillFound() {
    PasswordRules rules = policy.password();

    assertThat(TemporaryPasswordGenerator.violations("ＰＡＳＳＷＯＲＤ2024x", rules, null, null))
        .contains("推測されやすい語 (使用禁止語) が含まれています (contains a blocked word)");
    assertThat(TemporaryPasswordGenerator.violations("Abcdef荒川区12345", rules, null, null))
        .contains("推測されやすい語 (使用禁止語) が含まれています (contains a blocked word)");
  }

  @Test
  void violationsWhenPasswordIsGoodThenNoneAndMessagesNeverQuoteThePassword() {
    String password = "Kawa-Zakura7Spring";

    assertThat(TemporaryPasswordGenerator.violations(password, policy.password(), "k001", null))
        .isEmpty();
    assertThat(TemporaryPasswordGenerator.violations("Arakawa2024!", policy.password(), null, null))
        .isNotEmpty()
        .noneMatch(message -> message.contains("Arakawa") || message.contains("arakawa"));
  }

  private static long count(String text, IntPredicate kind) {
    return text.chars().filter(kind).count();
  }

  /** A SHA1PRNG seeded before first use is deterministic: the same seed, the same stream. */
  private static SecureRandom seeded() throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    return random;
  }
}
