package jp.mamori.authz.privileged;

import static jp.mamori.authz.privileged.TestPrivileged.NOW;
import static jp.mamori.authz.privileged.TestPrivileged.account;
import static jp.mamori.authz.privileged.TestPrivileged.checkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import jp.mamori.authz.privileged.CheckoutRules.Affiliation;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.PrivilegedAccessRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pure rules of a checkout, without a database: the values a request is stored with, and the
 * refusals of the steps that the workflow used to decide next to its SQL.
 */
class CheckoutRulesTest {

  private final PrivilegedAccessRules policy = PolicyLoader.loadDefault().privileged();
  private final CheckoutRules rules = new CheckoutRules(policy);

  @Test
  void requestedWhenNoStartThenWindowStartsNowAndWaitsForApproval() {
    CheckoutRules.Requested r =
        rules.requested(
            account(), "p-requester", " 月次パッチ ", " CHG-1 ", null, Duration.ofHours(1), false, NOW);

    assertThat(r.windowStart()).isEqualTo(NOW);
    assertThat(r.state()).isEqualTo(Checkout.State.REQUESTED);
    assertThat(r.decidedAt()).isEmpty();
    assertThat(r.reportDueAt()).isEmpty();
    assertThat(r.purpose()).isEqualTo("月次パッチ");
    assertThat(r.ticket()).isEqualTo("CHG-1");
  }

  @Test
  void requestedWhenStartInThePastThenStartsNow() {
    CheckoutRules.Requested r =
        rules.requested(
            account(),
            "p-requester",
            "x",
            "y",
            NOW.minus(Duration.ofMinutes(1)),
            Duration.ofHours(1),
            false,
            NOW);

    assertThat(r.windowStart()).isEqualTo(NOW);
  }

  @Test
  void requestedWhenWindowEndsBeforeTheApprovalTimeoutThenApprovalIsDueAtTheWindowEnd() {
    Duration shortWindow = Duration.ofMinutes(5);
    CheckoutRules.Requested r =
        rules.requested(account(), "p-requester", "x", "y", null, shortWindow, false, NOW);

    assertThat(r.approvalDeadline())
        .isEqualTo(
            policy.approvalTimeout().compareTo(shortWindow) < 0
                ? NOW.plus(policy.approvalTimeout())
                : NOW.plus(shortWindow));
  }

  @Test
  void requestedWhenStartIsLaterThanTheApprovalTimeoutThenApprovalIsDueAtTheTimeout() {
    CheckoutRules.Requested r =
        rules.requested(
            account(),
            "p-requester",
            "x",
            "y",
            NOW.plus(Duration.ofDays(10)),
            Duration.ofHours(1),
            false,
            NOW);

    assertThat(r.approvalDeadline()).isEqualTo(NOW.plus(policy.approvalTimeout()));
  }

  @Test
  void requestedWhenEmergencyThenApprovedNowAndReportDue() {
    CheckoutRules.Requested r =
        rules.requested(account(), "p-requester", "x", "y", null, Duration.ofHours(1), true, NOW);

    assertThat(r.state()).isEqualTo(Checkout.State.APPROVED);
    assertThat(r.approvalDeadline()).isEqualTo(NOW);
    assertThat(r.decidedAt()).contains(NOW);
    assertThat(r.reportDueAt()).contains(NOW.plus(policy.emergencyReportWithin()));
  }

  @Test
  void requestedWhenNotEligibleThenRefusedAsBefore() {
    assertThatThrownBy(() ->
            rules.requested(
                account(), "p-approver", "x", "y", null, Duration.ofHours(1), false, NOW))
        .isInstanceOf(Refused.class)
        .extracting(e -> ((Refused) e).code())
        .isEqualTo("NOT_ELIGIBLE");
  }

  @Test
  void requireWithinPolicyWhenLongerThanThePolicyThenInvalid() {
    PrivilegedAccount a = account();
    PrivilegedAccount tooLong =
        new PrivilegedAccount(
            a.id(),
            a.kind(),
            a.target(),
            a.description(),
            a.owner(),
            a.eligible(),
            a.approvers(),
            policy.maxCheckout().plusMinutes(1),
            a.exclusive(),
            a.emergencyAllowed(),
            a.registeredAt(),
            a.registeredBy(),
            a.retiredAt(),
            a.lastRotatedAt());

    assertRefused(
        () -> rules.requireWithinPolicy(tooLong), Refused.Fault.INVALID, "DURATION_OUT_OF_RANGE");
    assertThatCode(() -> rules.requireWithinPolicy(account())).doesNotThrowAnyException();
  }

  @Test
  void requireTextWhenBlankOrTooLongThenMissing() {
    assertRefused(
        () -> CheckoutRules.requireText("reason", " ", 10),
        Refused.Fault.INVALID,
        "MISSING_REASON");
    assertRefused(
        () -> CheckoutRules.requireText("reason", null, 10),
        Refused.Fault.INVALID,
        "MISSING_REASON");
    assertRefused(
        () -> CheckoutRules.requireText("ticket", "x".repeat(11), 10),
        Refused.Fault.INVALID,
        "MISSING_TICKET");
    assertThatCode(() -> CheckoutRules.requireText("ticket", " " + "x".repeat(10) + " ", 10))
        .doesNotThrowAnyException();
  }

  @Test
  void requireNotSanctionedWhenSanctionedThenForbiddenNamingIt() {
    assertThatThrownBy(() -> CheckoutRules.requireNotSanctioned("p", Optional.of("処分 #3")))
        .isInstanceOf(Refused.class)
        .hasMessageContaining("処分 #3")
        .extracting(e -> ((Refused) e).requirementId())
        .isEqualTo("GV-4");
    assertThatCode(() -> CheckoutRules.requireNotSanctioned("p", Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void requireMayRejectWhenEmergencyThenWrongStateEvenForAnApprover() {
    assertRefused(
        () ->
            rules.requireMayReject(
                account(),
                checkout(Checkout.State.APPROVED, true),
                "p-approver",
                Affiliation.STAFF,
                NOW),
        Refused.Fault.CONFLICT,
        "WRONG_STATE");
  }

  @Test
  void requireMayRejectWhenSelfThenAsForAnApproval() {
    assertRefused(
        () -> rules.requireMayReject(account(), checkout(), "p-requester", Affiliation.STAFF, NOW),
        Refused.Fault.FORBIDDEN,
        "SELF_APPROVAL");
    assertThatCode(() ->
            rules.requireMayReject(account(), checkout(), "p-approver", Affiliation.STAFF, NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void requireMayCancelWhenNotTheRequesterThenForbidden() {
    assertRefused(
        () -> CheckoutRules.requireMayCancel(checkout(), "p-approver"),
        Refused.Fault.FORBIDDEN,
        "NOT_THE_REQUESTER");
    assertThatCode(() -> CheckoutRules.requireMayCancel(checkout(), "p-requester"))
        .doesNotThrowAnyException();
  }

  @Test
  void requireMayReportWhenNotAnEmergencyOrNotTheHolderThenForbidden() {
    assertRefused(
        () -> CheckoutRules.requireMayReport(checkout(Checkout.State.ACTIVE, false), "p-requester"),
        Refused.Fault.FORBIDDEN,
        "NOT_AN_EMERGENCY_OF_YOURS");
    assertRefused(
        () -> CheckoutRules.requireMayReport(checkout(Checkout.State.ACTIVE, true), "p-approver"),
        Refused.Fault.FORBIDDEN,
        "NOT_AN_EMERGENCY_OF_YOURS");
    assertThatCode(() ->
            CheckoutRules.requireMayReport(checkout(Checkout.State.ACTIVE, true), "p-requester"))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(value = Checkout.State.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
  void requireMayCheckInWhenNotTakenThenWrongState(Checkout.State state) {
    assertRefused(
        () -> CheckoutRules.requireMayCheckIn(checkout(state, false)),
        Refused.Fault.CONFLICT,
        "WRONG_STATE");
  }

  @Test
  void requireMayCheckInWhenTakenThenAllowed() {
    assertThatCode(() -> CheckoutRules.requireMayCheckIn(checkout(Checkout.State.ACTIVE, false)))
        .doesNotThrowAnyException();
  }

  @Test
  void requireActiveWhenRetiredThenConflict() {
    assertRefused(
        () -> CheckoutRules.requireActive(TestPrivileged.retired(account())),
        Refused.Fault.CONFLICT,
        "ACCOUNT_RETIRED");
    assertThatCode(() -> CheckoutRules.requireActive(account())).doesNotThrowAnyException();
  }

  static void assertRefused(Runnable step, Refused.Fault fault, String code) {
    assertThatThrownBy(step::run)
        .isInstanceOfSatisfying(
            Refused.class,
            r -> {
              assertThat(r.fault()).isEqualTo(fault);
              assertThat(r.code()).isEqualTo(code);
              assertThat(r.why().ja()).isNotBlank();
              assertThat(r.why().en()).isNotBlank();
            });
  }
}
