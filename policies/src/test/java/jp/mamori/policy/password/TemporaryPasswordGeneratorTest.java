package jp.mamori.policy.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.mamori.policy.PasswordRules;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.TemporaryPasswordRules;
import org.junit.jupiter.api.Test;

class TemporaryPasswordGeneratorTest {

  private final Policy policy = PolicyLoader.loadDefault();
  private final TemporaryPasswordGenerator generator =
      new TemporaryPasswordGenerator(new SecureRandom());

  @Test
  void generateWhenDefaultPolicyThenEveryPasswordSatisfiesTheRulesAndIsDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String password =
          new String(generator.generate(policy.password(), policy.temporaryPassword()));

      assertThat(password).hasSize(policy.temporaryPassword().length());
      assertThat(TemporaryPasswordGenerator.violations(password, policy.password(), "10001", null))
          .isEmpty();
      assertThat(password).doesNotContainAnyWhitespaces().doesNotContain("0", "O", "1", "l", "I");
      seen.add(password);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void generateWhenSpecialCharactersRequiredThenPresent() {
    PasswordRules rules =
        new PasswordRules(12, 64, 2, 2, 2, 2, 0, Duration.ZERO, true, true, List.of());

    for (int i = 0; i < 200; i++) {
      String password =
          new String(generator.generate(rules, new TemporaryPasswordRules(12, Duration.ofDays(1))));

      assertThat(TemporaryPasswordGenerator.violations(password, rules, null, null)).isEmpty();
      assertThat(
              password
                  .chars()
                  .filter(c -> TemporaryPasswordGenerator.SPECIAL.indexOf(c) >= 0)
                  .count())
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void generateWhenBlocklistCoversLikelyFragmentsThenNoPasswordContainsThem() {
    List<String> blocked = List.of("ab", "cd", "ef", "gh", "jk");
    PasswordRules rules =
        new PasswordRules(12, 64, 1, 1, 1, 0, 0, Duration.ZERO, true, true, blocked);

    for (int i = 0; i < 500; i++) {
      String password =
          new String(generator.generate(rules, new TemporaryPasswordRules(12, Duration.ofDays(1))))
              .toLowerCase(java.util.Locale.ROOT);

      assertThat(blocked).noneMatch(password::contains);
    }
  }

  @Test
  void generateWhenLengthBelowRulesThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            generator.generate(
                policy.password(), new TemporaryPasswordRules(8, Duration.ofDays(1))))
        .withMessageContaining("temporaryPassword.length");
  }

  @Test
  void violationsWhenPasswordBreaksRulesThenEachIsNamedInJapaneseAndEnglish() {
    List<String> problems =
        TemporaryPasswordGenerator.violations("password", policy.password(), "password", null);

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("12文字以上").contains("minimum length 12"))
        .anySatisfy(p -> assertThat(p).contains("upper-case"))
        .anySatisfy(p -> assertThat(p).contains("digits"))
        .anySatisfy(p -> assertThat(p).contains("username"))
        .anySatisfy(p -> assertThat(p).contains("blocked word"));
  }

  @Test
  void violationsWhenContextWordInJapaneseThenBlocked() {
    assertThat(
            TemporaryPasswordGenerator.violations("Abcdef荒川区12345", policy.password(), null, null))
        .anySatisfy(p -> assertThat(p).contains("blocked word"));
  }
}
