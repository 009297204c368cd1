package jp.mamori.policy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision.Deny;
import jp.mamori.policy.access.AccessDecision.Obligation;
import jp.mamori.policy.access.AccessDecision.Permit;
import org.junit.jupiter.api.Test;

/** The three-tier access decision on the shipped policy: every rule alone, and deny by default. */
class AccessPolicyTest {

  private static final Instant NOW = Instant.parse("2027-04-01T01:00:00Z");
  private static final AccessPolicy policy = new AccessPolicy(PolicyLoader.loadDefault());

  /** A request that the shipped policy permits: 市民課 staff, My Number terminal, fresh WebAuthn. */
  private static final class Request {
    String system = "juki";
    Set<String> sections = Set.of("K01");
    Set<String> roles = Set.of();
    boolean active = true;
    Set<Tier> suspendedTiers = Set.of();
    Set<String> methods = Set.of("pwd", "webauthn");
    boolean userVerified = true;
    Instant authTime = NOW.minus(Duration.ofMinutes(5));
    Optional<AccessRequest.Terminal> terminal =
        Optional.of(new AccessRequest.Terminal("MN-K01-001", Tier.MYNUMBER, true));
    AccessPolicy under = policy;
    boolean external = false;

    AccessDecision decide() {
      return under.decide(
          new AccessRequest(
              new AccessRequest.Subject("10001", sections, roles, active, suspendedTiers),
              new AccessRequest.Authentication(methods, userVerified, authTime),
              terminal,
              system,
              NOW,
              external));
    }
  }

  private static Deny deny(AccessDecision decision) {
    assertThat(decision).isInstanceOf(Deny.class);
    return (Deny) decision;
  }

  @Test
  void decideWhenAllowedSectionOnMyNumberTerminalWithFreshWebAuthnThenPermit() {
    AccessDecision decision = new Request().decide();

    assertThat(decision).isInstanceOf(Permit.class);
    assertThat(decision.requirementIds()).containsExactly("ZN-1", "MF-4", "MF-2", "GV-1");
  }

  @Test
  void decideWhenFromOutsideThenDeniedByDefaultCitingZn2AndNoStepUpHelps() {
    Request request = new Request();
    request.external = true;

    Deny deny = deny(request.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly(AccessPolicy.EXTERNAL_ACCESS);
    assertThat(deny.reasons().getFirst().requirementId()).isEqualTo("ZN-2");
    assertThat(deny.requirementIds()).contains("ZN-2");
    assertThat(deny.obligations()).as("a step-up does not let anyone in from outside").isEmpty();
  }

  @Test
  void decideWhenAbsentFromTheSystemsTierThenAbsentFromTierCitingLc2AndNoStepUpHelps() {
    Request r = new Request(); // 育児休業 under a policy that stops [MYNUMBER]
    r.suspendedTiers = Set.of(Tier.MYNUMBER);
    r.methods = Set.of("pwd"); // a step-up alone would otherwise be asked

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly(AccessPolicy.ABSENT_FROM_TIER, "MULTI_FACTOR_REQUIRED");
    AccessDecision.Reason absent = deny.reasons().getFirst();
    assertThat(absent.requirementId()).isEqualTo("LC-2");
    assertThat(absent.ja()).contains("MYNUMBER").contains("休業");
    assertThat(absent.en()).contains("MYNUMBER").contains("absent");
    assertThat(deny.requirementIds()).contains("LC-2");
    assertThat(deny.obligations()).as("no step-up lifts an absence").isEmpty();
  }

  @Test
  void decideWhenAbsentFromAnotherTierThenThisTiersSystemIsPermitted() {
    Request r = new Request();
    r.suspendedTiers = Set.of(Tier.MYNUMBER);
    r.system = "groupware"; // LGWAN: 育児休業中もグループウェアは閲覧可
    r.methods = Set.of("pwd");
    r.terminal = Optional.of(new AccessRequest.Terminal("LG-K01-001", Tier.LGWAN, true));

    assertThat(r.decide()).isInstanceOf(Permit.class);
    assertThat(r.decide().requirementIds()).doesNotContain("LC-2");
  }

  @Test
  void subjectWhenBuiltWithoutTiersThenAbsentFromNone() {
    AccessRequest.Subject subject =
        new AccessRequest.Subject("10001", Set.of("K01"), Set.of(), true);

    assertThat(subject.suspendedTiers()).isEmpty();
  }

  @Test
  void decideWhenSystemIsInNoTierThenDenyByDefaultWithNothingElseChecked() {
    Request r = new Request();
    r.system = "shadow-it";
    r.active = false;

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("UNKNOWN_SYSTEM");
    assertThat(deny.obligations()).isEmpty();
  }

  @Test
  void decideWhenStaffOfASectionOutsideTheTierThenDeniedEvenWithValidCredentials() {
    Request r = new Request();
    r.sections = Set.of("S01"); // 総務課: not a My Number section

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("NOT_IN_TIER");
    assertThat(deny.reasons().getFirst().requirementId()).isEqualTo("ZN-1");
    assertThat(deny.obligations()).as("a step-up would not help").isEmpty();
  }

  @Test
  void decideWhenConcurrentPostIncludesAnAllowedSectionThenPermitted() {
    Request r = new Request();
    r.sections = Set.of("S01", "F01"); // 兼務: 総務課 and 福祉課

    assertThat(r.decide().permitted()).isTrue();
  }

  @Test
  void decideWhenLoginWasPasswordOnlyThenDeniedWithStepUpObligation() {
    Request r = new Request();
    r.methods = Set.of("pwd"); // an LGWAN-tier SSO session

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("MULTI_FACTOR_REQUIRED");
    assertThat(deny.obligations()).containsExactly(Obligation.STEP_UP_WEBAUTHN);
  }

  @Test
  void decideWhenAuthenticatorDidNotVerifyTheUserThenDenied() {
    Request r = new Request();
    r.userVerified = false; // presence only, no biometric or PIN

    assertThat(deny(r.decide()).reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("MULTI_FACTOR_REQUIRED");
  }

  @Test
  void decideWhenWebAuthnIsOlderThanTheStepUpMaxAgeThenDeniedWithStepUp() {
    Request r = new Request();
    r.authTime = NOW.minus(Duration.ofMinutes(16)); // shipped stepUpMaxAge PT15M
    Request fresh = new Request();
    fresh.authTime = NOW.minus(Duration.ofMinutes(15));

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("MULTI_FACTOR_TOO_OLD");
    assertThat(deny.obligations()).containsExactly(Obligation.STEP_UP_WEBAUTHN);
    assertThat(fresh.decide().permitted()).isTrue();
  }

  @Test
  void decideWhenTerminalIsUnknownRetiredOrOfAnotherTierThenDenied() {
    Request unknown = new Request();
    unknown.terminal = Optional.empty();
    Request retired = new Request();
    retired.terminal = Optional.of(new AccessRequest.Terminal("MN-K01-009", Tier.MYNUMBER, false));
    Request lgwan = new Request();
    lgwan.terminal = Optional.of(new AccessRequest.Terminal("LG-K01-101", Tier.LGWAN, true));

    assertThat(deny(unknown.decide()).reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("UNKNOWN_TERMINAL");
    assertThat(deny(retired.decide()).reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("TERMINAL_RETIRED");
    assertThat(deny(lgwan.decide()).reasons())
        .extracting(AccessDecision.Reason::code, AccessDecision.Reason::requirementId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("TERMINAL_OF_ANOTHER_TIER", "MF-2"));
  }

  @Test
  void decideWhenAccountIsNotActiveThenDeniedAndStepUpIsNotOffered() {
    Request r = new Request();
    r.active = false;
    r.methods = Set.of("pwd");

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("ACCOUNT_NOT_ACTIVE", "MULTI_FACTOR_REQUIRED");
    assertThat(deny.obligations()).isEmpty();
  }

  @Test
  void decideWhenLgwanSystemThenPasswordLoginSufficesButOnlyFromAnLgwanTerminal() {
    Request r = new Request();
    r.system = "groupware";
    r.sections = Set.of("S01");
    r.methods = Set.of("pwd");
    r.authTime = NOW.minus(Duration.ofHours(6));
    r.terminal = Optional.of(new AccessRequest.Terminal("LG-S01-001", Tier.LGWAN, true));
    Request fromMyNumber = new Request();
    fromMyNumber.system = "groupware";

    assertThat(r.decide()).isInstanceOf(Permit.class);
    assertThat(r.decide().requirementIds()).containsExactly("ZN-1", "MF-4", "GV-1");
    assertThat(deny(fromMyNumber.decide()).reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("TERMINAL_OF_ANOTHER_TIER");
  }

  @Test
  void decideWhenEveryReasonAppliesThenEachIsListedInJapaneseAndEnglish() {
    Request r = new Request();
    r.active = false;
    r.sections = Set.of("S01");
    r.terminal = Optional.empty();
    r.methods = Set.of("pwd");

    Deny deny = deny(r.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly(
            "ACCOUNT_NOT_ACTIVE", "NOT_IN_TIER", "UNKNOWN_TERMINAL", "MULTI_FACTOR_REQUIRED");
    assertThat(deny.reasons())
        .allSatisfy(reason -> {
          assertThat(reason.ja()).isNotBlank();
          assertThat(reason.en()).isNotBlank();
        });
  }

  @Test
  void decideWhenAnLgwanSystemIsClassifiedConfidentiality3ThenItNeedsUserVerifiedWebAuthnToo(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("policy.yaml");
    java.nio.file.Files.writeString(
        file, "classification:\n  confidentiality: {bunsho: 3}\n"); // 文書管理: 秘密文書を扱う
    Request password = new Request();
    password.under = new AccessPolicy(PolicyLoader.load(file));
    password.system = "bunsho";
    password.sections = Set.of("S01");
    password.methods = Set.of("pwd");
    password.userVerified = false;
    password.terminal = Optional.of(new AccessRequest.Terminal("LG-S01-001", Tier.LGWAN, true));
    Request webauthn = new Request();
    webauthn.under = password.under;
    webauthn.system = "bunsho";
    webauthn.sections = Set.of("S01");
    webauthn.terminal = password.terminal;
    Request unclassified = new Request();
    unclassified.system = "bunsho";
    unclassified.sections = Set.of("S01");
    unclassified.methods = Set.of("pwd");
    unclassified.userVerified = false;
    unclassified.terminal = password.terminal;

    Deny deny = deny(password.decide());

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code, AccessDecision.Reason::requirementId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CLASSIFIED_MULTI_FACTOR_REQUIRED", "GV-1"));
    assertThat(deny.reasons().getFirst().ja()).contains("機密性3");
    assertThat(deny.obligations()).containsExactly(Obligation.STEP_UP_WEBAUTHN);
    assertThat(webauthn.decide()).isInstanceOf(Permit.class);
    assertThat(((Permit) webauthn.decide()).checked()).contains("classification", "multi-factor");
    assertThat(unclassified.decide())
        .as("the shipped policy classifies bunsho as 2: a password login suffices")
        .isInstanceOf(Permit.class);
  }
}
