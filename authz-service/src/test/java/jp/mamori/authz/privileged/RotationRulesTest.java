package jp.mamori.authz.privileged;

import static jp.mamori.authz.privileged.CheckoutRulesTest.assertRefused;
import static jp.mamori.authz.privileged.TestPrivileged.NOW;
import static jp.mamori.authz.privileged.TestPrivileged.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which privileged IDs a rotation takes, and how long a failed rotation waits. */
class RotationRulesTest {

  @ParameterizedTest
  @CsvSource({"1, 30", "2, 60", "3, 120", "5, 480", "6, 900", "11, 900", "40, 900"})
  void backoffWhenAttemptsFailThenDoublesFromThirtySecondsUpToFifteenMinutes(
      int attempts, long seconds) {
    assertThat(RotationRules.backoff(attempts)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void backoffWhenEverMoreAttemptsThenNeverShorterAndNeverAboveTheMaximum() {
    for (int attempts = 1; attempts < 100; attempts++) {
      assertThat(RotationRules.backoff(attempts + 1))
          .isGreaterThanOrEqualTo(RotationRules.backoff(attempts))
          .isLessThanOrEqualTo(RotationRules.MAX_BACKOFF);
    }
  }

  @Test
  void periodicDueWhenNeverRotatedThenDue() {
    assertThat(RotationRules.periodicDue(account(), NOW)).isTrue();
  }

  @Test
  void periodicDueWhenRotatedAfterTheCutOffThenNotDue() {
    Instant before = NOW.minus(Duration.ofDays(30));
    assertThat(
            RotationRules.periodicDue(
                TestPrivileged.rotatedAt(account(), before.plusSeconds(1)), before))
        .isFalse();
    assertThat(RotationRules.periodicDue(TestPrivileged.rotatedAt(account(), before), before))
        .as("rotated exactly at the cut-off: due")
        .isTrue();
  }

  @Test
  void rotatableWhenRetiredOrARoleThenNot() {
    assertThat(RotationRules.rotatable(account())).isTrue();
    assertThat(RotationRules.rotatable(TestPrivileged.retired(account()))).isFalse();
    assertThat(RotationRules.rotatable(TestPrivileged.role())).isFalse();
    assertThat(RotationRules.periodicDue(TestPrivileged.role(), NOW)).isFalse();
  }

  @Test
  void requireActorAndReasonWhenEitherBlankThenInvalid() {
    assertRefused(
        () -> RotationRules.requireActorAndReason(" ", "漏えい"),
        Refused.Fault.INVALID,
        "REASON_REQUIRED");
    assertRefused(
        () -> RotationRules.requireActorAndReason("田中", null),
        Refused.Fault.INVALID,
        "REASON_REQUIRED");
    assertThatCode(() -> RotationRules.requireActorAndReason("田中", "漏えい"))
        .doesNotThrowAnyException();
  }
}
