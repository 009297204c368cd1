package jp.mamori.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped default and the NIST SP 800-63B profile: what they say and how they are written. */
class ShippedPolicyTest {

  private static final Pattern REQUIREMENT_ID = Pattern.compile("\\b[A-Z]{2}-\\d\\b");
  private static final Pattern CLAUSE = Pattern.compile("\\d+-\\(\\d+\\)|NIST");

  private final Policy policy = PolicyLoader.loadDefault();

  @Test
  void loadDefaultWhenShippedThenPasswordRulesFollowTheSeedPolicy() {
    PasswordRules password = policy.password();

    assertThat(policy.municipality()).isEqualTo("まもり市 (架空のサンプル / fictional sample)");
    assertThat(password.minLength()).isEqualTo(12);
    assertThat(password.minUpperCase()).isEqualTo(1);
    assertThat(password.minLowerCase()).isEqualTo(1);
    assertThat(password.minDigits()).isEqualTo(1);
    assertThat(password.minSpecialChars()).isZero();
    assertThat(password.historyCount()).isEqualTo(5);
    assertThat(password.maxAge()).isEqualTo(Duration.ofDays(90));
    assertThat(password.expires()).isTrue();
    assertThat(password.notUsername()).isTrue();
    assertThat(password.notEmail()).isTrue();
    assertThat(password.blocklist())
        .contains("password", "12345678", "qwerty", "admin", "tokyo", "arakawa", "荒川", "mamori");
  }

  @Test
  void loadDefaultWhenShippedThenLoginSessionAndLockoutFollowTheSeedPolicy() {
    assertThat(policy.lockout())
        .isEqualTo(
            new LockoutRules(
                5, false, Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(12)));
    assertThat(policy.temporaryPassword())
        .isEqualTo(new TemporaryPasswordRules(16, Duration.ofDays(7)));
    assertThat(policy.session())
        .isEqualTo(
            new SessionRules(Duration.ofMinutes(30), Duration.ofHours(10), Duration.ofMinutes(5)));
    assertThat(policy.login().messageJa()).contains("不正アクセス").contains("記録・監視");
    assertThat(policy.login().messageEn()).contains("Unauthorized access").contains("monitored");
  }

  @Test
  void loadDefaultWhenShippedThenTiersPrivilegedIdsAndLifecycleFollowTheSeedPolicy() {
    TierRules myNumber = policy.tier(Tier.MYNUMBER);
    assertThat(myNumber.multiFactorRequired()).isTrue();
    assertThat(myNumber.allowedSections()).contains("K01", "Z01").doesNotContain("*");
    assertThat(myNumber.allowsSection("K01")).isTrue();
    assertThat(myNumber.allowsSection("D01")).isFalse();
    assertThat(policy.tier(Tier.LGWAN).allowsSection("D01")).isTrue();
    assertThat(policy.tier(Tier.INTERNET).allowedSections()).containsExactly("*");
    assertThat(policy.tier(Tier.INTERNET).multiFactorRequired()).isFalse();

    assertThat(policy.privileged())
        .isEqualTo(
            new PrivilegedAccessRules(
                Duration.ofHours(4),
                true,
                Duration.ofDays(30),
                3,
                Duration.ofHours(8),
                Duration.ofDays(3),
                true));
    assertThat(policy.lifecycle().deleteAfterDisable()).isEqualTo(Duration.ofDays(90));
    assertThat(policy.lifecycle().dormantAfter()).isEqualTo(Duration.ofDays(90));
    assertThat(policy.lifecycle().contractorGrace()).isEqualTo(Duration.ZERO);
    assertThat(policy.lifecycle().maxDeletionsPercent()).isEqualTo(5);
  }

  @Test
  void rulesWhenListedThenEachNamesTheRequirementsItEnforces() {
    assertThat(policy.rules()).hasSize(11); // 5 + 3 tiers + privileged, lifecycle, classification
    assertThat(policy.rules())
        .allSatisfy(rule ->
            assertThat(rule.requirementIds())
                .isNotEmpty()
                .allSatisfy(id -> assertThat(id).matches(REQUIREMENT_ID)));
    assertThat(policy.password().requirementIds()).containsExactly("PW-1", "PW-2", "PW-8");
    assertThat(policy.lockout().requirementIds()).containsExactly("LG-1", "PR-4");
    assertThat(policy.temporaryPassword().requirementIds()).containsExactly("PW-4");
    assertThat(policy.session().requirementIds()).containsExactly("LG-1");
    assertThat(policy.login().requirementIds()).containsExactly("LG-1");
    assertThat(policy.tier(Tier.MYNUMBER).requirementIds()).containsExactly("ZN-1", "MF-2");
    assertThat(policy.privileged().requirementIds())
        .containsExactly("PR-1", "PR-2", "PR-3", "PR-4", "PR-5", "PR-6", "GV-3");
    assertThat(policy.lifecycle().requirementIds()).containsExactly("LC-1", "LC-2", "LC-3", "LC-7");
    assertThat(policy.classification().requirementIds()).containsExactly("GV-1", "MF-2");
    assertThat(policy.classification().levelOf("juki")).isEqualTo(3);
    assertThat(policy.classification().levelOf("groupware")).isEqualTo(2);
  }

  @Test
  void parseWhenGivenTheShippedTextThenEqualsTheLoadedDefault() throws IOException {
    assertThat(PolicyLoader.parse(resource("default-policy.yaml"), "default")).isEqualTo(policy);
  }

  @Test
  void loadProfileWhenNistThenNoExpiryNoCompositionLongerAndALargerBlocklist() {
    Policy nist = PolicyLoader.loadProfile("nist-800-63b");
    PasswordRules password = nist.password();

    assertThat(password.maxAge()).isEqualTo(Duration.ZERO);
    assertThat(password.expires()).isFalse();
    assertThat(password.minLength()).isEqualTo(15);
    assertThat(password.maxLength()).isEqualTo(128);
    assertThat(password.minUpperCase()).isZero();
    assertThat(password.minLowerCase()).isZero();
    assertThat(password.minDigits()).isZero();
    assertThat(password.minSpecialChars()).isZero();
    assertThat(password.blocklist())
        .containsAll(policy.password().blocklist())
        .hasSizeGreaterThan(policy.password().blocklist().size() * 2);
    assertThat(nist.temporaryPassword().length()).isEqualTo(20);
  }

  @Test
  void loadProfileWhenNistThenEverythingElseStaysAsTheDefault() {
    Policy nist = PolicyLoader.loadProfile("nist-800-63b");

    assertThat(nist.password().historyCount()).isEqualTo(policy.password().historyCount());
    assertThat(nist.password().notUsername()).isEqualTo(policy.password().notUsername());
    assertThat(nist.temporaryPassword().lifetime())
        .isEqualTo(policy.temporaryPassword().lifetime());
    assertThat(nist.lockout()).isEqualTo(policy.lockout());
    assertThat(nist.session()).isEqualTo(policy.session());
    assertThat(nist.login()).isEqualTo(policy.login());
    assertThat(nist.tiers()).isEqualTo(policy.tiers());
    assertThat(nist.privileged()).isEqualTo(policy.privileged());
    assertThat(nist.lifecycle()).isEqualTo(policy.lifecycle());
  }

  @Test
  void loadWhenGivenTheNistProfileAsAFileThenEqualsLoadProfile() throws IOException {
    Path file = Files.createTempFile("profile", ".yaml");
    try {
      Files.writeString(file, resource("profile-nist-800-63b.yaml"), StandardCharsets.UTF_8);

      assertThat(PolicyLoader.load(file)).isEqualTo(PolicyLoader.loadProfile("nist-800-63b"));
    } finally {
      Files.delete(file);
    }
  }

  /**
   * The shipped documents cite, for every setting, the clause of the 対策基準 (or NIST) and the
   * requirement ID, in a comment on the setting's line or in the comment lines directly above.
   */
  @ParameterizedTest
  @ValueSource(strings = {"default-policy.yaml", "profile-nist-800-63b.yaml"})
  void shippedDocumentWhenReadThenEverySettingCitesAClauseAndARequirement(String name)
      throws IOException {
    List<String> lines = resource(name).lines().toList();
    List<String> uncited = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher setting = Pattern.compile("^\\s*(\\w+):\\s*[^#\\s]").matcher(lines.get(i));
      if (!setting.find()) {
        continue;
      }
      StringBuilder comments = new StringBuilder(lines.get(i));
      for (int j = i - 1; j >= 0 && lines.get(j).strip().startsWith("#"); j--) {
        comments.append(lines.get(j));
      }
      if (!REQUIREMENT_ID.matcher(comments).find() || !CLAUSE.matcher(comments).find()) {
        uncited.add((i + 1) + ": " + lines.get(i).strip());
      }
    }
    assertThat(uncited).as("settings without a clause and requirement ID").isEmpty();
  }

  @Test
  void readmeWhenReadThenDocumentsEveryKeyOfTheDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    List<String> undocumented = new ArrayList<>();
    for (String key : keys(resource("default-policy.yaml"))) {
      String documented = key.replaceFirst("^tiers\\.[A-Z]+\\.", "tiers.<TIER>.");
      if (!readme.contains("`" + documented + "`")) {
        undocumented.add(documented);
      }
    }
    assertThat(undocumented).isEmpty();
  }

  /** The dotted keys of the settings in a shipped document, from its indentation. */
  private static List<String> keys(String yaml) {
    List<String> keys = new ArrayList<>();
    List<String> path = new ArrayList<>();
    for (String line : yaml.lines().toList()) {
      Matcher m = Pattern.compile("^( *)(\\w+):(.*)$").matcher(line);
      if (!m.matches()) {
        continue;
      }
      int depth = m.group(1).length() / 2;
      while (path.size() > depth) {
        path.removeLast();
      }
      path.add(m.group(2));
      String rest = m.group(3).replaceAll("#.*", "").strip();
      if (!rest.isEmpty() || m.group(2).equals("blocklist")) {
        keys.add(String.join(".", path));
      }
    }
    return keys;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Policy.class.getResourceAsStream("/jp/mamori/policy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
