package jp.mamori.hrsync.reconcile;

import static jp.mamori.hrsync.reconcile.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountStatusTest {

  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final AccountStatus.Lockout LOCKED =
      new AccountStatus.Lockout(true, false, 5, Optional.of(Instant.parse("2027-04-01T00:00:00Z")));

  @Test
  void ofWhenEnabledThenActiveUnlessLockedOut() {
    assertThat(AccountStatus.of(account("1").build(), AccountStatus.Lockout.none()))
        .isInstanceOf(AccountStatus.Active.class);
    assertThat(AccountStatus.of(account("1").build(), LOCKED))
        .isInstanceOfSatisfying(
            AccountStatus.TemporarilyLocked.class, t -> assertThat(t.failures()).isEqualTo(5));
    assertThat(
            AccountStatus.of(
                account("1").build(), new AccountStatus.Lockout(true, true, 5, Optional.empty())))
        .isInstanceOf(AccountStatus.LockedUntilUnlocked.class);
  }

  @Test
  void ofWhenStoppedThenTheStopWinsOverALockout() {
    TargetAccount left =
        account("1").stopped(AccountState.DISABLED, StopReason.RETIRED, DAY).build();
    TargetAccount dormant =
        account("1").stopped(AccountState.DISABLED, StopReason.DORMANT, DAY).build();
    TargetAccount seconded =
        account("1").stopped(AccountState.SUSPENDED, StopReason.SECONDED, DAY).build();
    TargetAccount notMe =
        account("1").stopped(AccountState.SUSPENDED, StopReason.REPORTED_NOT_ME, DAY).build();

    assertThat(AccountStatus.of(left, LOCKED).code()).isEqualTo("DISABLED");
    assertThat(AccountStatus.of(left, LOCKED).ja()).isEqualTo("無効 (退職)");
    assertThat(AccountStatus.of(dormant, LOCKED).code()).isEqualTo("DORMANT");
    assertThat(AccountStatus.of(seconded, LOCKED).en()).isEqualTo("suspended (secondment)");
    assertThat(AccountStatus.of(notMe, AccountStatus.Lockout.none()))
        .isInstanceOfSatisfying(
            AccountStatus.LockedUntilUnlocked.class,
            l -> assertThat(l.reason()).contains(StopReason.REPORTED_NOT_ME));
  }
}
