package jp.mamori.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading, merging and validating policy documents. */
class PolicyLoaderTest {

  @TempDir Path dir;

  private final Policy defaults = PolicyLoader.loadDefault();

  // ------------------------------------------------------------------ ranges and types

  @Test
  void loadWhenLockoutThresholdIsZeroThenRefusesNamingTheKey() throws IOException {
    Path file = write("lockout:\n  maxFailures: 0\n");

    InvalidPolicyException e = refusal(file);

    assertThat(e.problems())
        .containsExactly(new PolicyProblem("lockout.maxFailures", "0", "an integer 1–100"));
    assertThat(e.getMessage())
        .contains(file.toString())
        .contains("\n  lockout.maxFailures: found 0, expected an integer 1–100");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "password.minLength|7|an integer 8–128",
        "password.minLength|129|an integer 8–128",
        "password.maxLength|1025|an integer 8–1024",
        "password.minUpperCase|-1|an integer 0–10",
        "password.minLowerCase|11|an integer 0–10",
        "password.minDigits|11|an integer 0–10",
        "password.minSpecialChars|11|an integer 0–10",
        "password.historyCount|-1|an integer 0–50",
        "password.historyCount|51|an integer 0–50",
        "password.maxAge|P731D|an ISO-8601 duration in whole days P0D–P730D",
        "password.maxAge|-P1D|an ISO-8601 duration in whole days P0D–P730D",
        "lockout.maxFailures|101|an integer 1–100",
        "lockout.waitIncrement|PT30S|an ISO-8601 duration PT1M–P1D",
        "lockout.maxWait|P2D|an ISO-8601 duration PT1M–P1D",
        "lockout.failureResetTime|PT30S|an ISO-8601 duration PT1M–P7D",
        "lockout.failureResetTime|P8D|an ISO-8601 duration PT1M–P7D",
        "temporaryPassword.length|7|an integer 8–128",
        "temporaryPassword.length|129|an integer 8–128",
        "temporaryPassword.lifetime|PT59M|an ISO-8601 duration PT1H–P30D",
        "temporaryPassword.lifetime|P31D|an ISO-8601 duration PT1H–P30D",
        "session.idleTimeout|PT59S|an ISO-8601 duration PT1M–PT8H",
        "session.idleTimeout|PT9H|an ISO-8601 duration PT1M–PT8H",
        "session.maxLifespan|P2D|an ISO-8601 duration PT1M–P1D",
        "session.accessTokenLifespan|PT30S|an ISO-8601 duration PT1M–PT1H",
        "session.accessTokenLifespan|PT2H|an ISO-8601 duration PT1M–PT1H",
        "privileged.maxCheckout|PT4M|an ISO-8601 duration PT5M–P1D",
        "privileged.maxCheckout|P2D|an ISO-8601 duration PT5M–P1D",
        "privileged.rotationInterval|P0D|an ISO-8601 duration in whole days P1D–P365D",
        "privileged.rotationInterval|P366D|an ISO-8601 duration in whole days P1D–P365D",
        "privileged.maxFailures|0|an integer 1–100",
        "privileged.approvalTimeout|PT4M|an ISO-8601 duration PT5M–P7D",
        "privileged.approvalTimeout|P8D|an ISO-8601 duration PT5M–P7D",
        "privileged.emergencyReportWithin|PT12H|an ISO-8601 duration in whole days P1D–P30D",
        "privileged.emergencyReportWithin|P31D|an ISO-8601 duration in whole days P1D–P30D",
        "lifecycle.deleteAfterDisable|P3651D|an ISO-8601 duration in whole days P0D–P3650D",
        "lifecycle.dormantAfter|P6D|an ISO-8601 duration in whole days P7D–P3650D",
        "lifecycle.contractorGrace|P31D|an ISO-8601 duration in whole days P0D–P30D",
        "lifecycle.orphanGrace|P91D|an ISO-8601 duration in whole days P0D–P90D",
        "lifecycle.maxDeletionsPercent|-1|an integer 0–100",
        "lifecycle.maxDeletionsPercent|101|an integer 0–100",
        "lifecycle.maxDeletionsCount|100001|an integer 0–100000",
        "tiers.MYNUMBER.stepUpMaxAge|PT13H|an ISO-8601 duration PT1M–PT12H",
      })
  void loadWhenValueIsOutOfRangeThenRefusesNamingKeyValueAndRange(
      String key, String value, String expected) throws IOException {
    assertOnlyProblem(write(nested(key, value)), key, value, expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "municipality|[x]|a text of 1–100 characters",
        "lockout.maxFailures|five|an integer 1–100",
        "lockout.maxFailures|5.5|an integer 1–100",
        "lockout.permanent|maybe|true or false",
        "password.maxAge|90|an ISO-8601 duration in whole days",
        "password.blocklist|password|a list, each element a text of 2–128 characters",
        "session.idleTimeout|30|an ISO-8601 duration PT1M–PT8H",
        "login.messageJa|[a, b]|a text of 1–1000 characters",
        "tiers.LGWAN.allowedSections|\"*\"|a list, each element a text of 1–64 characters",
        "tiers.INTERNET.multiFactorRequired|\"false\"|true or false",
        "lifecycle|5|a mapping of settings",
      })
  void loadWhenValueHasTheWrongTypeThenRefusesNamingTheExpectedType(
      String key, String value, String expected) throws IOException {
    assertOnlyProblem(write(nested(key, value)), key, value, expected);
  }

  @Test
  void loadWhenAuthenticatorModelIsNotAnAaguidThenRefusedAndAValidOneIsKeptLowerCase()
      throws IOException {
    assertOnlyProblem(
        write(
            "tiers:\n  MYNUMBER:\n    allowedAuthenticators: [yubikey-5-nfc-model-name-xxxxxxxxxxx]\n"),
        "tiers.MYNUMBER.allowedAuthenticators",
        "yubikey-5-nfc-model-name-xxxxxxxxxxx",
        "an AAGUID (authenticator model) written as a UUID, e.g."
            + " cb69481e-8ff7-4039-93ec-0a2729a154a8");

    Policy policy =
        PolicyLoader.load(
            write(
                "tiers:\n  MYNUMBER:\n    allowedAuthenticators: [CB69481E-8FF7-4039-93EC-0A2729A154A8]\n"));

    assertThat(policy.tiers().get(Tier.MYNUMBER).allowedAuthenticators())
        .containsExactly("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    assertThat(PolicyLoader.loadDefault().tiers().get(Tier.MYNUMBER).allowedAuthenticators())
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"90 days", "30m", "PT", "P1.5D", "1h", "PT30 M"})
  void loadWhenDurationIsNotIso8601ThenRefusesWithExamples(String text) throws IOException {
    assertOnlyProblem(
        write("session:\n  idleTimeout: \"" + text + "\"\n"),
        "session.idleTimeout",
        text,
        "an ISO-8601 duration PT1M–PT8H (e.g. PT15M, P90D)");
  }

  @Test
  void loadWhenDurationIsInMonthsThenRefusesExplainingThatMonthsHaveNoFixedLength()
      throws IOException {
    InvalidPolicyException e = refusal(write("lifecycle:\n  dormantAfter: P3M\n"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.expected()).contains("P1M is a month, PT1M a minute"));
  }

  @Test
  void loadWhenDurationsAreWrittenInTimeDaysOrWeeksThenAllAreAccepted() throws IOException {
    Policy policy =
        PolicyLoader.load(
            write(
                """
                session:
                  idleTimeout: PT1H
                  maxLifespan: P1D
                password:
                  maxAge: P12W
                lockout:
                  failureResetTime: P1DT12H
                """));

    assertThat(policy.session().idleTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(policy.session().maxLifespan()).isEqualTo(Duration.ofHours(24));
    assertThat(policy.password().maxAge()).isEqualTo(Duration.ofDays(84));
    assertThat(policy.lockout().failureResetTime()).isEqualTo(Duration.ofHours(36));
  }

  @Test
  void loadWhenDaySettingIsGivenInHoursThenRefusedAsNotWholeDays() throws IOException {
    assertOnlyProblem(
        write("lifecycle:\n  dormantAfter: PT200H\n"),
        "lifecycle.dormantAfter",
        "PT200H",
        "an ISO-8601 duration in whole days P7D–P3650D");
  }

  @Test
  void loadWhenBlocklistHoldsANumberThenRefusesThatElementAskingForQuotes() throws IOException {
    InvalidPolicyException e = refusal(write("password:\n  blocklist: [password, 12345678]\n"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("password.blocklist[1]");
          assertThat(p.value()).isEqualTo("12345678");
          assertThat(p.expected()).contains("quote");
        });
  }

  @Test
  void loadWhenBlocklistWordIsASingleCharacterThenRefused() throws IOException {
    assertOnlyProblem(
        write("password:\n  blocklist: [password, e]\n"),
        "password.blocklist[1]",
        "\"e\"",
        "a text of 2–128 characters");
  }

  // ------------------------------------------------------------------ unknown, missing, empty

  @Test
  void loadWhenKeyIsMisspeltThenRefusesSuggestingTheNearestKey() throws IOException {
    InvalidPolicyException e = refusal(write("lockout:\n  maxFailure: 3\n"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("lockout.maxFailure");
          assertThat(p.expected())
              .contains("unknown key")
              .contains("did you mean lockout.maxFailures?");
        });
  }

  @Test
  void loadWhenSectionIsMisspeltThenRefusesSuggestingTheSection() throws IOException {
    InvalidPolicyException e = refusal(write("passwrd:\n  minLength: 14\n"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("passwrd");
          assertThat(p.expected()).contains("did you mean password?");
        });
  }

  @Test
  void loadWhenTierIsWrittenInLowerCaseThenRefusesSuggestingTheTierName() throws IOException {
    InvalidPolicyException e =
        refusal(write("tiers:\n  mynumber:\n    multiFactorRequired: true\n"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.expected()).contains("did you mean tiers.MYNUMBER?"));
  }

  @Test
  void loadWhenUnknownKeyIsNothingLikeAKnownOneThenListsTheKnownKeys() throws IOException {
    InvalidPolicyException e = refusal(write("lockout:\n  colour: blue\n  42: x\n"));

    assertThat(e.problems())
        .extracting(PolicyProblem::key)
        .containsExactly("lockout.colour", "lockout.42");
    assertThat(e.problems().getFirst().expected())
        .doesNotContain("did you mean")
        .contains("lockout has maxFailures, permanent, waitIncrement, maxWait, failureResetTime");
  }

  @Test
  void parseWhenRequiredKeyIsMissingThenRefusesItAsMissing() throws IOException {
    String withoutMaxWait = defaultText().replaceFirst("(?m)^  maxWait: PT1H\\n", "");

    InvalidPolicyException e =
        catchThrowableOfType(
            InvalidPolicyException.class, () -> PolicyLoader.parse(withoutMaxWait, "inline"));

    assertThat(e.problems())
        .containsExactly(
            new PolicyProblem(
                "lockout.maxWait",
                "(missing)",
                "an ISO-8601 duration PT1M–P1D (e.g. PT15M, P90D)"));
  }

  @Test
  void parseWhenWholeSectionIsMissingThenOneProblemRatherThanOnePerKey() throws IOException {
    String withoutSession = defaultText().replaceFirst("(?s)\\nsession:.*?\\n\\n", "\n");

    InvalidPolicyException e =
        catchThrowableOfType(
            InvalidPolicyException.class, () -> PolicyLoader.parse(withoutSession, "inline"));

    assertThat(e.problems())
        .containsExactly(new PolicyProblem("session", "(missing)", "a mapping of settings"));
  }

  @Test
  void parseWhenDocumentIsEmptyThenEverySectionIsReportedMissing() {
    InvalidPolicyException e =
        catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.parse("", "empty"));

    assertThat(e.problems())
        .extracting(PolicyProblem::key)
        .containsExactly(
            "municipality",
            "password",
            "lockout",
            "temporaryPassword",
            "session",
            "login",
            "tiers",
            "privileged",
            "lifecycle",
            "classification");
  }

  // ------------------------------------------------------------------ absences

  @Test
  void loadDefaultWhenShippedThenEveryAbsenceSuspendsTheWholeAccount() {
    for (LeaveKind kind : LeaveKind.values()) {
      assertThat(defaults.lifecycle().absence(kind)).as(kind.name()).isEqualTo(AbsenceRule.ALL);
    }
  }

  @Test
  void loadWhenAbsencesListTiersThenReadAndTheKindsLeftOutStayAll() throws IOException {
    Policy policy =
        PolicyLoader.load(
            write(
                """
                lifecycle:
                  absences:
                    CHILDCARE_LEAVE: [MYNUMBER]
                    MATERNITY_LEAVE: [MYNUMBER, LGWAN, MYNUMBER]
                    SICK_LEAVE: ALL
                """));

    LifecycleRules lifecycle = policy.lifecycle();
    assertThat(lifecycle.absence(LeaveKind.CHILDCARE_LEAVE))
        .isEqualTo(new AbsenceRule.Tiers(Set.of(Tier.MYNUMBER)));
    assertThat(lifecycle.absence(LeaveKind.MATERNITY_LEAVE))
        .isEqualTo(new AbsenceRule.Tiers(Set.of(Tier.MYNUMBER, Tier.LGWAN)))
        .hasToString("[MYNUMBER, LGWAN]");
    assertThat(lifecycle.absence(LeaveKind.SICK_LEAVE)).isEqualTo(AbsenceRule.ALL);
    assertThat(lifecycle.absence(LeaveKind.LEAVE))
        .as("from the default")
        .isEqualTo(AbsenceRule.ALL);
    assertThat(lifecycle.deleteAfterDisable()).isEqualTo(defaults.lifecycle().deleteAfterDisable());
  }

  @Test
  void parseWhenTheAbsencesSectionIsLeftOutThenEveryKindIsAll() throws IOException {
    String withoutAbsences = defaultText().replaceFirst("\n  absences:\n(    .*\n)+", "\n");
    assertThat(withoutAbsences).doesNotContain("SICK_LEAVE: ALL");

    Policy policy = PolicyLoader.parse(withoutAbsences, "inline");

    assertThat(policy.lifecycle()).isEqualTo(defaults.lifecycle());
  }

  @Test
  void loadWhenAbsenceKindIsUnknownThenRefusedNamingTheKeyAndTheKinds() throws IOException {
    InvalidPolicyException e =
        refusal(write("lifecycle:\n  absences:\n    PATERNITY: [MYNUMBER]\n"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("lifecycle.absences.PATERNITY");
          assertThat(p.expected())
              .contains(
                  "lifecycle.absences has LEAVE, CHILDCARE_LEAVE, MATERNITY_LEAVE, SICK_LEAVE");
        });
  }

  @Test
  void loadWhenAbsenceKindIsInLowerCaseThenRefusedSuggestingTheKind() throws IOException {
    assertOnlyProblem(
        write("lifecycle:\n  absences:\n    sick_leave: ALL\n"),
        "lifecycle.absences.sick_leave",
        "ALL",
        "a known key — did you mean lifecycle.absences.SICK_LEAVE?");
  }

  @Test
  void loadWhenAbsenceNamesAnUnknownTierThenRefusedNamingTheElementAndTheTiers()
      throws IOException {
    assertOnlyProblem(
        write("lifecycle:\n  absences:\n    CHILDCARE_LEAVE: [MYNUMBER, LGWAM]\n"),
        "lifecycle.absences.CHILDCARE_LEAVE[1]",
        "\"LGWAM\"",
        "a tier: MYNUMBER, LGWAN or INTERNET");
  }

  @ParameterizedTest
  @ValueSource(strings = {"all", "NONE", "[]", "MYNUMBER", "3"})
  void loadWhenAbsenceIsNeitherAllNorAListOfTiersThenRefusedSayingWhatIsAccepted(String value)
      throws IOException {
    assertOnlyProblem(
        write("lifecycle:\n  absences:\n    SICK_LEAVE: " + value + "\n"),
        "lifecycle.absences.SICK_LEAVE",
        "",
        "ALL (the account is suspended in every target) or a list of the tiers");
  }

  @Test
  void lifecycleRulesWhenBuiltWithTheSixSettingsThenEveryAbsenceIsAll() {
    LifecycleRules rules =
        new LifecycleRules(
            Duration.ofDays(90), Duration.ofDays(90), Duration.ZERO, Duration.ofDays(7), 5, 50);

    assertThat(rules.absences()).hasSize(LeaveKind.values().length);
    assertThat(rules.absences().values()).containsOnly(AbsenceRule.ALL);
    assertThat(rules).isEqualTo(defaults.lifecycle());
  }

  @Test
  void loadWhenClassificationNamesASystemOfNoTierThenRefusedAsATypo() throws IOException {
    assertOnlyProblem(
        write("classification:\n  confidentiality: {jyuki: 3}\n"),
        "classification.confidentiality.jyuki",
        "3",
        "a system listed in tiers.<TIER>.systems (GV-1: classify the systems the tiers name)");
    assertOnlyProblem(
        write("classification:\n  confidentiality: {juki: 4}\n"),
        "classification.confidentiality.juki",
        "4",
        "an integer 1–3");
  }

  @Test
  void loadWhenKeyHasNoValueThenRefusesItAsEmpty() throws IOException {
    assertOnlyProblem(
        write("lockout:\n  maxWait:\n"),
        "lockout.maxWait",
        "(empty)",
        "an ISO-8601 duration PT1M–P1D");
  }

  // ------------------------------------------------------------------ rules across settings

  @Test
  void loadWhenMyNumberTierDoesNotRequireMultiFactorThenRefusesCitingMf2() throws IOException {
    assertOnlyProblem(
        write("tiers:\n  MYNUMBER:\n    multiFactorRequired: false\n"),
        "tiers.MYNUMBER.multiFactorRequired",
        "false",
        "true (My Number terminals need multi-factor authentication, MF-2)");
  }

  @Test
  void loadWhenASystemIsListedInTwoTiersThenRefusedAsAmbiguous() throws IOException {
    assertOnlyProblem(
        write("tiers:\n  LGWAN:\n    systems: [groupware, juki]\n"),
        "tiers.LGWAN.systems",
        "juki",
        "a system in one tier only (it is listed under MYNUMBER too, MF-2)");
  }

  @Test
  void loadWhenTemporaryPasswordIsShorterThanMinLengthThenRefused() throws IOException {
    assertOnlyProblem(
        write("temporaryPassword:\n  length: 10\n"),
        "temporaryPassword.length",
        "10",
        "an integer password.minLength–password.maxLength (12–64)");
  }

  @Test
  void loadWhenMinLengthIsRaisedAboveTheTemporaryLengthThenRefusesTheTemporaryLength()
      throws IOException {
    assertOnlyProblem(
        write("password:\n  minLength: 20\n"),
        "temporaryPassword.length",
        "16",
        "an integer password.minLength–password.maxLength (20–64)");
  }

  @Test
  void loadWhenMaxLengthIsBelowMinLengthThenRefused() throws IOException {
    assertOnlyProblem(
        write("password:\n  maxLength: 10\n"),
        "password.maxLength",
        "10",
        "at least password.minLength (12)");
  }

  @Test
  void loadWhenRequiredCharactersExceedMinLengthThenRefused() throws IOException {
    assertOnlyProblem(
        write("password:\n  minLength: 8\n  minDigits: 5\n  minUpperCase: 4\n"),
        "password.minUpperCase+minLowerCase+minDigits+minSpecialChars",
        "10",
        "at most password.minLength (8)");
  }

  @Test
  void loadWhenMaxWaitIsShorterThanWaitIncrementThenRefused() throws IOException {
    assertOnlyProblem(
        write("lockout:\n  waitIncrement: PT30M\n  maxWait: PT20M\n"),
        "lockout.maxWait",
        "PT20M",
        "at least lockout.waitIncrement (PT30M)");
  }

  @Test
  void loadWhenMaxLifespanIsShorterThanIdleTimeoutThenRefused() throws IOException {
    assertOnlyProblem(
        write("session:\n  maxLifespan: PT20M\n"),
        "session.maxLifespan",
        "PT20M",
        "at least session.idleTimeout (PT30M)");
  }

  @Test
  void loadWhenAccessTokenOutlivesTheIdleTimeoutThenRefused() throws IOException {
    assertOnlyProblem(
        write("session:\n  idleTimeout: PT2M\n"),
        "session.accessTokenLifespan",
        "PT5M",
        "at most session.idleTimeout (PT2M)");
  }

  @Test
  void loadWhenPrivilegedIdsLockLaterThanStaffAccountsThenRefused() throws IOException {
    assertOnlyProblem(
        write("privileged:\n  maxFailures: 10\n"),
        "privileged.maxFailures",
        "10",
        "at most lockout.maxFailures (5)");
  }

  @Test
  void loadWhenSeveralProblemsThenAllAreReportedAtOnceOneLineEach() throws IOException {
    Path file =
        write(
            """
            lockout:
              maxFailures: 0
            password:
              minLength: 4
              historyCount: many
            session:
              idleTimeout: 30 minutes
            tiers:
              MYNUMBER:
                multiFactorRequired: false
            lifecycle:
              dormantAfter: P1M
              maxDeletionPercent: 5
            """);

    InvalidPolicyException e = refusal(file);

    assertThat(e.problems())
        .extracting(PolicyProblem::key)
        .containsExactlyInAnyOrder(
            "lockout.maxFailures",
            "password.minLength",
            "password.historyCount",
            "session.idleTimeout",
            "tiers.MYNUMBER.multiFactorRequired",
            "lifecycle.dormantAfter",
            "lifecycle.maxDeletionPercent");
    List<String> lines = e.getMessage().lines().toList();
    assertThat(lines.getFirst()).contains(file.toString()).contains("7 problems");
    assertThat(lines.subList(1, lines.size()))
        .containsExactlyElementsOf(e.problems().stream().map(p -> "  " + p.message()).toList());
  }

  // ------------------------------------------------------------------ merging

  @Test
  void loadWhenOverrideChangesOneKeyThenTheRestComesFromTheDefault() throws IOException {
    Policy policy = PolicyLoader.load(write("lockout:\n  maxFailures: 3\nmunicipality: 本庄市\n"));

    assertThat(policy.municipality()).isEqualTo("本庄市");
    assertThat(policy.lockout().maxFailures()).isEqualTo(3);
    assertThat(policy.lockout().waitIncrement()).isEqualTo(defaults.lockout().waitIncrement());
    assertThat(policy.lockout().permanent()).isEqualTo(defaults.lockout().permanent());
    assertThat(policy.password()).isEqualTo(defaults.password());
    assertThat(policy.tiers()).isEqualTo(defaults.tiers());
  }

  @Test
  void loadWhenOverrideChangesADeeplyNestedKeyThenItsSiblingsAndOtherTiersStay()
      throws IOException {
    Policy policy =
        PolicyLoader.load(write("tiers:\n  MYNUMBER:\n    allowedSections: [K01, K02]\n"));

    assertThat(policy.tier(Tier.MYNUMBER).allowedSections())
        .containsExactlyInAnyOrder("K01", "K02");
    assertThat(policy.tier(Tier.MYNUMBER).multiFactorRequired()).isTrue();
    assertThat(policy.tier(Tier.LGWAN)).isEqualTo(defaults.tier(Tier.LGWAN));
    assertThat(policy.tier(Tier.INTERNET)).isEqualTo(defaults.tier(Tier.INTERNET));
  }

  @Test
  void loadWhenOverrideGivesAListThenTheListIsReplacedNotAppended() throws IOException {
    Policy policy = PolicyLoader.load(write("password:\n  blocklist: [honjo, 本庄]\n"));

    assertThat(policy.password().blocklist()).containsExactly("honjo", "本庄");
  }

  @Test
  void loadWhenOverrideIsEmptyThenTheDefault() throws IOException {
    assertThat(PolicyLoader.load(write(""))).isEqualTo(defaults);
    assertThat(PolicyLoader.load(write("# nothing differs\n"))).isEqualTo(defaults);
  }

  // ------------------------------------------------------------------ files and syntax

  @Test
  void loadWhenYamlIsMalformedThenRefusesNamingFileAndLine() throws IOException {
    Path file = write("lockout:\n  maxFailures: 3\n   permanent: false\n");

    InvalidPolicyException e = refusal(file);

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo(file + ":3:13");
          assertThat(p.value()).isEqualTo("\"   permanent: false\"");
          assertThat(p.expected()).startsWith("well-formed YAML (mapping values");
        });
    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void loadWhenKeyIsRepeatedThenRefusesNamingTheLineOfTheRepetition() throws IOException {
    Path file = write("lockout:\n  maxFailures: 3\n  maxFailures: 4\n");

    InvalidPolicyException e = refusal(file);

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).startsWith(file + ":3:");
          assertThat(p.expected()).contains("duplicate key maxFailures");
        });
  }

  @Test
  void loadWhenFlowListIsNeverClosedThenRefusesAtTheEndOfTheFile() throws IOException {
    Path file = write("password:\n  blocklist: [password, admin\n");

    assertThat(refusal(file).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.value()).isEqualTo("(end of file)"));
  }

  @Test
  void loadWhenDocumentUsesManyAliasesThenRefusedBeforeExpandingThem() throws IOException {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'm'; c++) {
      yaml.append(c).append(": &").append(c).append(" [");
      yaml.append(("*" + (char) (c - 1) + ", ").repeat(9)).append('*').append((char) (c - 1));
      yaml.append("]\n");
    }

    assertThat(refusal(write(yaml.toString())).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.expected()).startsWith("well-formed YAML"));
  }

  @Test
  void loadWhenDocumentIsAListThenRefusedAsNotAMapping() throws IOException {
    assertOnlyProblem(
        write("- lockout\n- password\n"),
        "(document)",
        "[lockout, password]",
        "a mapping of settings");
  }

  @Test
  void loadWhenFileIsMissingThenRefusesNamingThePath() {
    Path missing = dir.resolve("no-such-policy.yaml");

    InvalidPolicyException e = refusal(missing);

    assertThat(e.problems())
        .containsExactly(
            new PolicyProblem(missing.toString(), "(missing)", "an existing policy file"));
    assertThat(e.getMessage()).contains(missing.toString());
  }

  @Test
  void loadWhenPathIsADirectoryThenRefusesAsUnreadable() {
    InvalidPolicyException e = refusal(dir);

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo(dir.toString());
          assertThat(p.expected()).isEqualTo("a readable policy file");
        });
    assertThat(e.getCause()).isInstanceOf(IOException.class);
  }

  @Test
  void loadWhenFileIsShiftJisThenRefusesAskingForUtf8() throws IOException {
    Path file = dir.resolve("sjis.yaml");
    Files.write(file, "municipality: 荒川区\n".getBytes(Charset.forName("Shift_JIS")));

    assertThat(refusal(file).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.expected()).contains("UTF-8").contains("Shift_JIS"));
  }

  @Test
  void loadProfileWhenUnknownThenRefusesListingTheProfiles() {
    InvalidPolicyException e =
        catchThrowableOfType(
            InvalidPolicyException.class, () -> PolicyLoader.loadProfile("../default-policy"));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.expected()).isEqualTo("one of nist-800-63b"));
  }

  // ------------------------------------------------------------------ helpers

  private static void assertOnlyProblem(Path file, String key, String value, String expected) {
    InvalidPolicyException e = refusal(file);

    assertThat(e.problems())
        .as(e.getMessage())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo(key);
          assertThat(p.value()).contains(value);
          assertThat(p.expected()).startsWith(expected);
        });
    assertThat(e.getMessage()).contains(key + ": found ");
  }

  private static InvalidPolicyException refusal(Path file) {
    return catchThrowableOfType(InvalidPolicyException.class, () -> PolicyLoader.load(file));
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** {@code a.b.c} and {@code v} as the YAML {@code a:\n b:\n c: v}. */
  private static String nested(String key, String value) {
    String[] parts = key.split("\\.");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      yaml.append("  ".repeat(i)).append(parts[i]).append(':');
      yaml.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
    }
    return yaml.toString();
  }

  private static String defaultText() throws IOException {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
