package jp.mamori.authz.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jp.mamori.authz.shared.Refusal.Fault;
import org.junit.jupiter.api.Test;

class AccountStatesRefusedTest {

  @Test
  void problemWhenForbiddenOrConflictThenItsStatusAndCode() {
    var forbidden = new AccountStates.Refused(Fault.FORBIDDEN, "expected another actor").problem();
    var conflict = new AccountStates.Refused(Fault.CONFLICT, "expected a locked account").problem();

    assertThat(forbidden.getStatus()).isEqualTo(403);
    assertThat(forbidden.getProperties()).containsEntry("code", "ACCOUNT_ACTION_FORBIDDEN");
    assertThat(conflict.getStatus()).isEqualTo(409);
    assertThat(conflict.getProperties()).containsEntry("code", "ACCOUNT_STATE_CONFLICT");
    assertThat(conflict.getTitle()).isEqualTo("この操作はできません / this cannot be done");
  }

  @Test
  void refusedWhenAnotherFaultThenTheProgrammingErrorIsNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AccountStates.Refused(Fault.NOT_FOUND, "x"))
        .withMessageContaining("expected FORBIDDEN or CONFLICT; found NOT_FOUND");
  }
}
