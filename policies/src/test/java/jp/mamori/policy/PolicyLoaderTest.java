package jp.mamori.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

  @TempDir Path dir;

  @Test
  void loadDefaultWhenShippedThenFollowsTheSeedPolicy() {
    Policy policy = PolicyLoader.loadDefault();

    assertThat(policy.municipality()).contains("荒川区");
    assertThat(policy.password().minLength()).isEqualTo(12);
    assertThat(policy.password().historyCount()).isEqualTo(5);
    assertThat(policy.password().maxAge()).isEqualTo(Duration.ofDays(90));
    assertThat(policy.password().blocklist()).contains("password", "arakawa", "荒川");
    assertThat(policy.lockout().maxFailures()).isEqualTo(5);
    assertThat(policy.lockout().permanent()).isFalse();
    assertThat(policy.temporaryPassword().length()).isEqualTo(16);
    assertThat(policy.temporaryPassword().lifetime()).isEqualTo(Duration.ofDays(7));
    assertThat(policy.session().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(policy.login().messageJa()).contains("不正アクセス");
    assertThat(policy.tiers()).containsOnlyKeys(Tier.values());
    assertThat(policy.tier(Tier.MYNUMBER).multiFactorRequired()).isTrue();
    assertThat(policy.tier(Tier.MYNUMBER).allowsSection("K01")).isTrue();
    assertThat(policy.tier(Tier.MYNUMBER).allowsSection("D01")).isFalse();
    assertThat(policy.tier(Tier.LGWAN).allowsSection("D01")).isTrue();
    assertThat(policy.privileged().maxCheckout()).isEqualTo(Duration.ofHours(4));
    assertThat(policy.lifecycle().maxDeletionsPercent()).isEqualTo(5);
  }

  @Test
  void rulesWhenAskedThenNameTheRequirementsTheyEnforce() {
    Policy policy = PolicyLoader.loadDefault();

    assertThat(policy.password().requirementIds()).contains("PW-1", "PW-2");
    assertThat(policy.lockout().requirementIds()).contains("LG-1");
    assertThat(policy.temporaryPassword().requirementIds()).containsExactly("PW-4");
    assertThat(policy.tier(Tier.MYNUMBER).requirementIds()).contains("ZN-1", "MF-2");
    assertThat(policy.privileged().requirementIds()).contains("PR-5", "PR-6");
    assertThat(policy.lifecycle().requirementIds()).contains("LC-1", "LC-7");
  }

  @Test
  void loadProfileWhenNistThenNoExpiryNoCompositionAndLonger() {
    Policy nist = PolicyLoader.loadProfile("nist-800-63b");

    assertThat(nist.password().maxAge()).isEqualTo(Duration.ZERO);
    assertThat(nist.password().minLength()).isEqualTo(15);
    assertThat(nist.password().minUpperCase()).isZero();
    assertThat(nist.password().minDigits()).isZero();
    assertThat(nist.password().blocklist().size())
        .isGreaterThan(PolicyLoader.loadDefault().password().blocklist().size());
    assertThat(nist.temporaryPassword().length()).isGreaterThanOrEqualTo(15);
    assertThat(nist.lockout()).isEqualTo(PolicyLoader.loadDefault().lockout());
  }

  @Test
  void loadWhenOverrideChangesOneKeyThenTheRestComesFromTheDefault() throws Exception {
    Path file = write("lockout:\n  maxFailures: 3\nmunicipality: 本庄市\n");

    Policy policy = PolicyLoader.load(file);

    assertThat(policy.lockout().maxFailures()).isEqualTo(3);
    assertThat(policy.lockout().waitIncrement()).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.municipality()).isEqualTo("本庄市");
    assertThat(policy.password()).isEqualTo(PolicyLoader.loadDefault().password());
  }

  @Test
  void loadWhenOverrideReplacesAListThenTheListIsReplacedNotAppended() throws Exception {
    Path file = write("password:\n  blocklist: [honjo]\n");

    assertThat(PolicyLoader.load(file).password().blocklist()).containsExactly("honjo");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lockout.maxFailures|0|an integer 1–100",
        "lockout.maxFailures|101|an integer 1–100",
        "lockout.maxFailures|five|an integer 1–100",
        "password.minLength|4|an integer 8–128",
        "password.historyCount|51|an integer 0–50",
        "password.maxAge|P1000D|an ISO-8601 duration",
        "password.maxAge|90 days|an ISO-8601 duration",
        "password.notUsername|yes please|true or false",
        "temporaryPassword.lifetime|PT10M|an ISO-8601 duration PT1H–PT720H",
        "session.idleTimeout|PT9H|an ISO-8601 duration PT1M–PT8H",
        "privileged.maxCheckout|P2D|an ISO-8601 duration PT5M–PT24H",
        "lifecycle.maxDeletionsPercent|150|an integer 0–100",
      })
  void loadWhenValueOutOfRangeThenRefusesNamingKeyValueAndAllowedRange(
      String key, String value, String expected) throws Exception {
    Path file = write(nested(key, value));

    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              PolicyProblem problem = e.problems().getFirst();
              assertThat(problem.key()).isEqualTo(key);
              assertThat(problem.value()).contains(value);
              assertThat(problem.expected()).startsWith(expected);
              assertThat(e.getMessage()).contains(key + ": found ").contains(file.toString());
            });
  }

  @Test
  void loadWhenSeveralProblemsThenAllAreReportedOneLineEach() throws Exception {
    Path file =
        write(
            "lockout:\n  maxFailures: 0\npassword:\n  minLength: 4\nsession:\n  idleTimeout: x\n");

    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(PolicyProblem::key)
                  .contains("lockout.maxFailures", "password.minLength", "session.idleTimeout");
              assertThat(e.getMessage().lines().filter(l -> l.startsWith("  ")))
                  .hasSize(e.problems().size());
            });
  }

  @Test
  void loadWhenUnknownKeyThenRefusedSoThatTyposAreNotIgnored() throws Exception {
    Path file = write("lockout:\n  maxFailure: 3\n");

    assertOnlyProblem(file, "lockout.maxFailure", "unknown key");
  }

  @Test
  void loadWhenMyNumberTierWithoutMultiFactorThenRefused() throws Exception {
    Path file = write("tiers:\n  MYNUMBER:\n    multiFactorRequired: false\n");

    assertOnlyProblem(file, "tiers.MYNUMBER.multiFactorRequired", "MF-2");
  }

  @Test
  void loadWhenTemporaryPasswordShorterThanMinimumThenRefused() throws Exception {
    Path file = write("temporaryPassword:\n  length: 10\n");

    assertOnlyProblem(file, "temporaryPassword.length", "password.minLength (12)");
  }

  @Test
  void loadWhenCompositionExceedsMinimumLengthThenRefused() throws Exception {
    Path file = write("password:\n  minLength: 8\n  minDigits: 5\n  minUpperCase: 4\n");

    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p.expected()).contains("at most password.minLength")));
  }

  @Test
  void loadWhenMaxLengthBelowMinLengthThenRefused() throws Exception {
    Path file = write("password:\n  minLength: 20\n  maxLength: 16\n");

    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .extracting(PolicyProblem::key)
                    .contains("password.maxLength"));
  }

  @Test
  void loadWhenSectionIsNotAMappingThenRefused() throws Exception {
    Path file = write("lockout: 5\n");

    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.expected()).isEqualTo("a mapping of settings")));
  }

  @Test
  void loadWhenYamlIsMalformedThenRefusedNamingTheLine() throws Exception {
    Path file = write("lockout:\n  maxFailures: 3\n  permanent: [unclosed\n");

    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.problems().getFirst().key()).matches("\\(line \\d+\\)");
              assertThat(e.getMessage()).contains(file.toString());
            });
  }

  @Test
  void loadWhenFileIsMissingThenRefusedNamingThePath() {
    Path missing = dir.resolve("no-such-policy.yaml");

    assertThatThrownBy(() -> PolicyLoader.load(missing))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void parseWhenCompleteDocumentMissesAKeyThenRefusedAsMissing() {
    assertThatThrownBy(() -> PolicyLoader.parse("municipality: x\n", "inline"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> {
                      assertThat(p.key()).isEqualTo("password");
                      assertThat(p.value()).isEqualTo("(missing)");
                    }));
  }

  @Test
  void recordsWhenBuiltFromMutableCollectionsThenCopyThem() {
    List<String> words = new ArrayList<>(List.of("a"));
    PasswordRules rules =
        new PasswordRules(12, 64, 1, 1, 1, 0, 5, Duration.ZERO, true, true, words);

    words.add("b");

    assertThat(rules.blocklist()).containsExactly("a");
    assertThatThrownBy(() -> rules.blocklist().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertOnlyProblem(Path file, String key, String expected) {
    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> {
                      assertThat(p.key()).isEqualTo(key);
                      assertThat(p.expected()).contains(expected);
                    }));
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** {@code a.b} and {@code v} as {@code a:\n b: v}. */
  private static String nested(String key, String value) {
    String[] parts = key.split("\\.");
    return parts[0] + ":\n  " + parts[1] + ": " + value + "\n";
  }
}
