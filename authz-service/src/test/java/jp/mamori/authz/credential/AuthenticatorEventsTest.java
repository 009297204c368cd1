package jp.mamori.authz.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.authz.credential.AuthenticatorEvents.Action;
import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;
import org.junit.jupiter.api.Test;

/**
 * MF-3: which steps on an authenticator are made without their record (a lost one is suspended
 * regardless), and what Keycloak must list for each one's effect when a pending step is settled.
 */
class AuthenticatorEventsTest {

  private static final Optional<Authenticator> IN_USE = Optional.of(card(false));
  private static final Optional<Authenticator> SUSPENDED = Optional.of(card(true));
  private static final Optional<Authenticator> GONE = Optional.empty();

  @Test
  void orderWhenLostThenChangeRegardlessElseRecordFirst() {
    assertThat(Action.LOST.order()).isEqualTo(Order.CHANGE_REGARDLESS);
    assertThat(Action.FOUND.order()).isEqualTo(Order.RECORD_FIRST);
    assertThat(Action.REGISTERED.order()).isEqualTo(Order.RECORD_FIRST);
    assertThat(Action.RETIRED.order()).isEqualTo(Order.RECORD_FIRST);
  }

  @Test
  void inEffectWhenLostThenSuspendedOrGone() {
    assertThat(Action.LOST.inEffect(SUSPENDED)).isTrue();
    assertThat(Action.LOST.inEffect(GONE)).isTrue();
    assertThat(Action.LOST.inEffect(IN_USE)).isFalse();
  }

  @Test
  void inEffectWhenFoundOrRegisteredThenListedAndInUse() {
    for (Action action : new Action[] {Action.FOUND, Action.REGISTERED}) {
      assertThat(action.inEffect(IN_USE)).as(action.name()).isTrue();
      assertThat(action.inEffect(SUSPENDED)).as(action.name()).isFalse();
      assertThat(action.inEffect(GONE)).as(action.name()).isFalse();
    }
  }

  @Test
  void inEffectWhenRetiredThenGone() {
    assertThat(Action.RETIRED.inEffect(GONE)).isTrue();
    assertThat(Action.RETIRED.inEffect(SUSPENDED)).isFalse();
    assertThat(Action.RETIRED.inEffect(IN_USE)).isFalse();
  }

  private static Authenticator card(boolean suspended) {
    return new Authenticator("a".repeat(64), "x509", "CN=card", Optional.empty(), suspended);
  }
}
