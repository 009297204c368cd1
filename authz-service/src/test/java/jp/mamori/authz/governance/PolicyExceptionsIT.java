package jp.mamori.authz.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.access.AccessDecisions;
import jp.mamori.authz.access.TerminalStore;
import jp.mamori.authz.access.Terminals;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.PolicyExceptions.PolicyException;
import jp.mamori.authz.governance.PolicyExceptions.Scope;
import jp.mamori.authz.governance.PolicyExceptions.Status;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision;
import jp.mamori.policy.access.AccessPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Exceptions to the policy (例外措置, GV-3) on PostgreSQL with the real access decision: a terminal
 * whose biometric sensor is being replaced is exempted from multi-factor authentication by the
 * CISO's approval — only that terminal, only that rule, only until the end, after which the rule
 * applies again by itself and the end is recorded; an emergency exception works at once, alerts and
 * notifies the CISO, and its missing report is flagged when overdue; the requester cannot approve;
 * rules that may never be excepted are refused.
 */
class PolicyExceptionsIT {

  private static final Policy POLICY = PolicyLoader.loadDefault();
  private static final String TERMINAL = "MN-K01-001";

  private TestDatabase database;
  private MutableClock clock;
  private PolicyExceptions exceptions;
  private AccessDecisions decisions;
  private Alerts alerts;
  private AuditLog audit;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    audit = database.audit(clock);
    alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    exceptions =
        new PolicyExceptions(
            new PolicyExceptionStore(database.jdbc()), audit, alerts, Duration.ofDays(3), clock);
    Terminals terminals = new Terminals(new TerminalStore(database.jdbc()), audit, clock);
    terminals.register(TERMINAL, Tier.MYNUMBER, Optional.of("K01"), List.of("10.1.0.0/24"), "adm");
    terminals.register(
        "MN-K01-002", Tier.MYNUMBER, Optional.of("K01"), List.of("10.1.0.0/24"), "adm");
    decisions =
        new AccessDecisions(
            new AccessPolicy(POLICY),
            terminals,
            username -> AccessDecisions.Standing.ACTIVE,
            exceptions::inForce,
            u -> List.of(),
            clock);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void exceptionWhenApprovedThenOnlyThatTerminalAndRuleUntilTheEndThenTheRuleAppliesAgain() {
    assertThat(codes(decide(TERMINAL))).containsExactly("MULTI_FACTOR_REQUIRED");

    PolicyException requested =
        exceptions.request(
            "it-admin",
            "MULTI_FACTOR_REQUIRED",
            Scope.TERMINAL,
            TERMINAL,
            "指紋センサー交換中 / fingerprint sensor being replaced",
            clock.instant().plus(Duration.ofDays(7)),
            false);
    assertThat(requested.status()).isEqualTo(Status.REQUESTED);
    assertThat(decide(TERMINAL).permitted()).as("not in force before the CISO approves").isFalse();
    assertThatThrownBy(() -> exceptions.approve(requested.id(), "it-admin", "self"))
        .isInstanceOf(PolicyExceptions.Refused.class)
        .hasMessageContaining("another person than the requester");

    exceptions.approve(requested.id(), "it-ciso", "交換完了まで");
    clock.advance(Duration.ofSeconds(11)); // past the cache

    AccessDecision lifted = decide(TERMINAL);
    assertThat(lifted).isInstanceOf(AccessDecision.Permit.class);
    assertThat(((AccessDecision.Permit) lifted).checked())
        .singleElement()
        .asString()
        .contains("例外措置 #" + requested.id());
    assertThat(lifted.requirementIds()).contains("GV-3", "MF-2");
    assertThat(decide("MN-K01-002").permitted()).as("another terminal").isFalse();

    clock.advance(Duration.ofDays(7));
    assertThat(codes(decide(TERMINAL)))
        .as("ended: the rule applies again even before the end is recorded")
        .containsExactly("MULTI_FACTOR_REQUIRED");
    assertThat(exceptions.revertEnded()).isOne();
    assertThat(exceptions.revertEnded()).as("recorded once").isZero();
    assertThat(exceptions.get(requested.id()).status()).isEqualTo(Status.ENDED);
    assertThat(
            database
                .jdbc()
                .sql("select kind from audit_event where subject = ? order by seq")
                .param("exception/" + requested.id())
                .query(String.class)
                .list())
        .containsExactly("EXCEPTION_REQUESTED", "EXCEPTION_APPROVED", "EXCEPTION_REVERTED");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void emergencyWhenRequestedThenInForceAtOnceCisoAlertedAndAnOverdueReportFlagged() {
    PolicyException emergency =
        exceptions.request(
            "it-admin",
            "MULTI_FACTOR_REQUIRED",
            Scope.TERMINAL,
            TERMINAL,
            "災害対応で窓口端末を臨時利用 / disaster response",
            clock.instant().plus(Duration.ofDays(1)),
            true);

    assertThat(emergency.status()).isEqualTo(Status.IN_FORCE);
    assertThat(decide(TERMINAL).permitted()).isTrue();
    assertThat(alerts.open())
        .anySatisfy(a -> assertThat(a.kind()).isEqualTo("EXCEPTION_EMERGENCY"));
    assertThat(
            database
                .jdbc()
                .sql("select count(*) from notification where recipient = 'CISO'")
                .query(Long.class)
                .single())
        .isOne();

    assertThat(exceptions.flagOverdueReports()).isZero();
    clock.advance(Duration.ofDays(3).plusMinutes(1));
    assertThat(exceptions.flagOverdueReports()).isOne();
    assertThat(alerts.open())
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("EXCEPTION_REPORT_OVERDUE");
          assertThat(a.requirementId()).isEqualTo("GV-3");
        });
    exceptions.report(emergency.id(), "it-admin", "窓口を 2 時間だけ開けた / opened for 2 hours");
    assertThat(exceptions.flagOverdueReports()).isZero();
  }

  @Test
  void requestWhenRuleMayNotBeExceptedOrTooLongOrWithoutReasonThenRefusedSayingWhatWasExpected() {
    assertThatThrownBy(() ->
            exceptions.request(
                "it-admin",
                "ACCOUNT_NOT_ACTIVE",
                Scope.USER,
                "k-001",
                "x",
                clock.instant().plus(Duration.ofDays(1)),
                false))
        .hasMessageContaining("rule: expected one of")
        .hasMessageContaining("found ACCOUNT_NOT_ACTIVE");
    assertThatThrownBy(() ->
            exceptions.request(
                "it-admin",
                "NOT_IN_TIER",
                Scope.USER,
                "k-001",
                "x",
                clock.instant().plus(Duration.ofDays(91)),
                false))
        .hasMessageContaining("at most 90 days");
    assertThatThrownBy(() ->
            exceptions.request(
                "it-admin",
                "NOT_IN_TIER",
                Scope.USER,
                "k-001",
                " ",
                clock.instant().plus(Duration.ofDays(1)),
                false))
        .hasMessageContaining("reason");
  }

  private AccessDecision decide(String terminal) {
    Instant now = clock.instant();
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .subject("k-001")
            .claim("preferred_username", "k-001")
            .claim("groups", List.of("/section-K01"))
            .claim("amr", List.of("pwd"))
            .claim("auth_time", now.getEpochSecond())
            .issuedAt(now)
            .expiresAt(now.plusSeconds(300))
            .build();
    return decisions.decide(jwt, "juki", Optional.of(terminal), Optional.of("10.1.0.15"));
  }

  private static List<String> codes(AccessDecision decision) {
    assertThat(decision).isInstanceOf(AccessDecision.Deny.class);
    return ((AccessDecision.Deny) decision).reasons().stream().map(r -> r.code()).toList();
  }
}
