package jp.mamori.policy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision.Deny;
import jp.mamori.policy.access.AccessDecision.Permit;
import jp.mamori.policy.access.Governance.RuleException;
import jp.mamori.policy.access.Governance.Sanction;
import org.junit.jupiter.api.Test;

/** Sanctions (GV-4) and exceptions (GV-3) as inputs of the one access decision. */
class AccessGovernanceTest {

  private static final Instant NOW = Instant.parse("2027-04-01T01:00:00Z");
  private static final AccessPolicy policy = new AccessPolicy(PolicyLoader.loadDefault());

  /** 市民課 staff on the My Number system, fresh WebAuthn; the terminal as given. */
  private static AccessDecision decide(
      Optional<AccessRequest.Terminal> terminal, String terminalAsked, Governance governance) {
    return policy.decide(
        new AccessRequest(
            new AccessRequest.Subject("10001", Set.of("K01"), Set.of(), true),
            new AccessRequest.Authentication(
                Set.of("pwd", "webauthn"), true, NOW.minus(Duration.ofMinutes(5))),
            terminal,
            "juki",
            NOW,
            false,
            new Governance(
                governance.sanctions(),
                governance.exceptions(),
                Optional.ofNullable(terminalAsked))));
  }

  private static final Optional<AccessRequest.Terminal> REGISTERED =
      Optional.of(new AccessRequest.Terminal("MN-K01-001", Tier.MYNUMBER, true));

  private static Sanction sanction(Sanction.Right right, String value) {
    return new Sanction(7, right, value, "停止 (" + value + ")", "suspended (" + value + ")");
  }

  private static RuleException unknownTerminalException(String terminal, Instant endsAt) {
    return new RuleException(3, "UNKNOWN_TERMINAL", RuleException.Scope.TERMINAL, terminal, endsAt);
  }

  @Test
  void decideWhenASanctionTakesTheTierAwayThenDeniedWhatTheRulesPermitAndNoStepUpHelps() {
    AccessDecision decision =
        decide(
            REGISTERED,
            "MN-K01-001",
            new Governance(
                List.of(sanction(Sanction.Right.TIER, "MYNUMBER")), List.of(), Optional.empty()));

    Deny deny = (Deny) decision;
    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code, AccessDecision.Reason::requirementId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AccessPolicy.SANCTIONED, "GV-4"));
    assertThat(deny.reasons().getFirst().ja()).startsWith("処分 #7 により利用できません");
    assertThat(deny.obligations()).isEmpty();
    assertThat(deny.requirementIds()).contains("GV-4");
  }

  @Test
  void decideWhenTheSanctionIsOnAnotherSystemOrOnlyOnPrivilegedCheckoutsThenPermitted() {
    for (Sanction s :
        List.of(
            sanction(Sanction.Right.SYSTEM, "zeimu"),
            sanction(Sanction.Right.TIER, "LGWAN"),
            sanction(Sanction.Right.PRIVILEGED, ""))) {
      assertThat(
              decide(
                  REGISTERED,
                  "MN-K01-001",
                  new Governance(List.of(s), List.of(), Optional.empty())))
          .as(s.right() + " " + s.value())
          .isInstanceOf(Permit.class);
    }
  }

  @Test
  void decideWhenAnExceptionCoversEveryReasonThenPermitNamingItUntilItEnds() {
    Governance excepted =
        new Governance(
            List.of(),
            List.of(unknownTerminalException("MN-TEMP-01", NOW.plus(Duration.ofHours(1)))),
            Optional.empty());

    AccessDecision lifted = decide(Optional.empty(), "MN-TEMP-01", excepted);
    assertThat(lifted).isInstanceOf(Permit.class);
    assertThat(((Permit) lifted).checked()).singleElement().asString().contains("例外措置 #3");
    assertThat(lifted.requirementIds()).contains("GV-3");

    assertThat(decide(Optional.empty(), "MN-OTHER-02", excepted))
        .as("another terminal is not covered")
        .isInstanceOf(Deny.class);
    Governance ended =
        new Governance(
            List.of(), List.of(unknownTerminalException("MN-TEMP-01", NOW)), Optional.empty());
    assertThat(decide(Optional.empty(), "MN-TEMP-01", ended))
        .as("an exception that has ended lifts nothing")
        .isInstanceOf(Deny.class);
  }

  @Test
  void decideWhenSanctionedAndAnExceptionCoversTheRuleThenStillDeniedForTheSanction() {
    Governance both =
        new Governance(
            List.of(sanction(Sanction.Right.ACCOUNT, "")),
            List.of(unknownTerminalException("MN-TEMP-01", NOW.plus(Duration.ofHours(1)))),
            Optional.empty());

    Deny deny = (Deny) decide(Optional.empty(), "MN-TEMP-01", both);

    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("UNKNOWN_TERMINAL", AccessPolicy.SANCTIONED);
  }
}
