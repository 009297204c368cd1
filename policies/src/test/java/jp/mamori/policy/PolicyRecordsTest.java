package jp.mamori.policy;

import static jp.mamori.policy.TestPasswordRules.passwordRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The records' own guarantees, for records built in code rather than read by {@link PolicyLoader}:
 * collections are copied and unmodifiable, and values a valid document could not hold are refused
 * with the loader's message format.
 */
class PolicyRecordsTest {

  private final Policy defaults = PolicyLoader.loadDefault();

  @Test
  void passwordRulesWhenBuiltFromAMutableListThenCopyIt() {
    List<String> words = new ArrayList<>(List.of("arakawa"));
    PasswordRules rules = passwordRules().blocklist(words).build();

    words.add("honjo");

    assertThat(rules.blocklist()).containsExactly("arakawa");
    assertThatThrownBy(() -> rules.blocklist().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void tierRulesWhenBuiltFromMutableSetsThenCopyThem() {
    Set<String> sections = new HashSet<>(Set.of("K01"));
    Set<String> roles = new HashSet<>();
    TierRules rules = new TierRules(Tier.MYNUMBER, sections, roles, true);

    sections.add("D01");
    roles.add("admin");

    assertThat(rules.allowedSections()).containsExactly("K01");
    assertThat(rules.allowedRoles()).isEmpty();
    assertThat(rules.allowsSection("D01")).isFalse();
    assertThat(rules.allowsSection(null)).isFalse();
    assertThat(rules.allowsRole(null)).isFalse();
    assertThatThrownBy(() -> rules.allowedSections().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void policyWhenBuiltFromAMutableTierMapThenCopiesIt() {
    Map<Tier, TierRules> tiers = new EnumMap<>(defaults.tiers());
    Policy policy = withTiers(tiers);

    tiers.remove(Tier.MYNUMBER);

    assertThat(policy.tiers()).containsOnlyKeys(Tier.values());
    assertThatThrownBy(() -> policy.tiers().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void policyWhenATierIsMissingThenRefused() {
    Map<Tier, TierRules> tiers = new EnumMap<>(defaults.tiers());
    tiers.remove(Tier.LGWAN);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> withTiers(tiers))
        .withMessage("tiers.LGWAN: found (missing), expected the rules of the tier");
  }

  @Test
  void policyWhenATierHoldsAnotherTiersRulesThenRefused() {
    Map<Tier, TierRules> tiers = new EnumMap<>(defaults.tiers());
    tiers.put(Tier.INTERNET, defaults.tier(Tier.LGWAN));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> withTiers(tiers))
        .withMessageStartingWith("tiers.INTERNET: found rules of LGWAN");
  }

  @Test
  void lockoutRulesWhenThresholdIsZeroThenRefusedNamingTheKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new LockoutRules(
                0, false, Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(12)))
        .withMessage("lockout.maxFailures: found 0, expected an integer 1–100");
  }

  @Test
  void tierRulesWhenMyNumberWithoutMultiFactorThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TierRules(Tier.MYNUMBER, Set.of("K01"), Set.of(), false))
        .withMessageContaining("MF-2");
  }

  @Test
  void passwordRulesWhenMaxAgeIsNotWholeDaysThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> passwordRules().maxAge(Duration.ofHours(36)).build())
        .withMessage(
            "password.maxAge: found PT36H, expected an ISO-8601 duration in whole days"
                + " P0D–P730D (e.g. P90D)");
  }

  @Test
  void passwordRulesWhenCompositionExceedsMinLengthThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> passwordRules().minLength(8).composition(3, 3, 3, 0).build())
        .withMessageContaining("at most password.minLength (8)");
  }

  @Test
  void policyWhenTemporaryPasswordIsShorterThanMinLengthThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new Policy(
                defaults.municipality(),
                defaults.password(),
                defaults.lockout(),
                new TemporaryPasswordRules(10, Duration.ofDays(7)),
                defaults.session(),
                defaults.login(),
                defaults.tiers(),
                defaults.privileged(),
                defaults.lifecycle()))
        .withMessageStartingWith("temporaryPassword.length: found 10");
  }

  @Test
  void sessionRulesWhenAccessTokenOutlivesIdleTimeoutThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new SessionRules(Duration.ofMinutes(10), Duration.ofHours(10), Duration.ofMinutes(30)))
        .withMessage(
            "session.accessTokenLifespan: found PT30M, expected at most session.idleTimeout"
                + " (PT10M)");
  }

  @Test
  void lifecycleRulesWhenPercentIsOverAHundredThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new LifecycleRules(
                Duration.ofDays(90),
                Duration.ofDays(90),
                Duration.ZERO,
                Duration.ofDays(7),
                101,
                50))
        .withMessage("lifecycle.maxDeletionsPercent: found 101, expected an integer 0–100");
  }

  @Test
  void loginDisplayWhenMessagesHaveSurroundingSpaceThenStripsIt() {
    LoginDisplay login = new LoginDisplay(" 不正アクセス禁止\n", "\nNo unauthorized access. ");

    assertThat(login.messageJa()).isEqualTo("不正アクセス禁止");
    assertThat(login.messageEn()).isEqualTo("No unauthorized access.");
    assertThatIllegalArgumentException().isThrownBy(() -> new LoginDisplay(" ", "x"));
  }

  private Policy withTiers(Map<Tier, TierRules> tiers) {
    return new Policy(
        defaults.municipality(),
        defaults.password(),
        defaults.lockout(),
        defaults.temporaryPassword(),
        defaults.session(),
        defaults.login(),
        tiers,
        defaults.privileged(),
        defaults.lifecycle());
  }
}
