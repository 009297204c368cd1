package jp.mamori.authz.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.account.AccountActions.Action;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.hrsync.reconcile.StopReason;
import org.junit.jupiter.api.Test;

/**
 * Which account actions may be made without their record (those that raise security), and which
 * status, read from Keycloak when a pending action is settled, shows each one's effect.
 */
class AccountActionsTest {

  private static final AccountStatus ACTIVE = new AccountStatus.Active();
  private static final AccountStatus TEMPORARILY_LOCKED =
      new AccountStatus.TemporarilyLocked(5, Optional.empty());
  private static final AccountStatus LOCKED =
      new AccountStatus.LockedUntilUnlocked(Optional.empty());
  private static final AccountStatus REPORTED =
      new AccountStatus.LockedUntilUnlocked(Optional.of(StopReason.REPORTED_NOT_ME));
  private static final AccountStatus DORMANT =
      new AccountStatus.Dormant(Optional.of(LocalDate.of(2027, 4, 1)));
  private static final AccountStatus SUSPENDED =
      new AccountStatus.Suspended(StopReason.ADMINISTRATIVE, Optional.empty());
  private static final AccountStatus DISABLED =
      new AccountStatus.Disabled(StopReason.ORPHANED, Optional.empty());

  private static final List<AccountStatus> ALL =
      List.of(ACTIVE, TEMPORARILY_LOCKED, LOCKED, REPORTED, DORMANT, SUSPENDED, DISABLED);

  @Test
  void orderWhenTheActionLowersSecurityThenRecordFirstElseChangeRegardless() {
    assertThat(Action.UNLOCK.order()).isEqualTo(Order.RECORD_FIRST);
    assertThat(Action.REINSTATE.order()).isEqualTo(Order.RECORD_FIRST);
    assertThat(Action.PASSWORD_LEAK.order()).isEqualTo(Order.CHANGE_REGARDLESS);
    assertThat(Action.REPORTED_NOT_ME.order()).isEqualTo(Order.CHANGE_REGARDLESS);
  }

  @Test
  void inEffectWhenUnlockThenEveryStatusButALockShowsIt() {
    assertThat(ALL.stream().filter(s -> Action.UNLOCK.inEffect(s, false)).toList())
        .containsExactly(ACTIVE, DORMANT, SUSPENDED, DISABLED);
  }

  @Test
  void inEffectWhenReinstateThenEveryStatusButAStopShowsIt() {
    assertThat(ALL.stream().filter(s -> Action.REINSTATE.inEffect(s, false)).toList())
        .containsExactly(ACTIVE, TEMPORARILY_LOCKED, LOCKED, REPORTED);
  }

  @Test
  void inEffectWhenReportedNotMeThenOnlyTheLockOnTheOwnersReportShowsIt() {
    assertThat(ALL.stream().filter(s -> Action.REPORTED_NOT_ME.inEffect(s, false)).toList())
        .containsExactly(REPORTED);
  }

  @Test
  void inEffectWhenPasswordLeakThenOnlyARequiredPasswordChangeShowsIt() {
    assertThat(ALL.stream().filter(s -> Action.PASSWORD_LEAK.inEffect(s, true)).toList())
        .isEqualTo(ALL);
    assertThat(ALL.stream().filter(s -> Action.PASSWORD_LEAK.inEffect(s, false)).toList())
        .isEmpty();
  }
}
