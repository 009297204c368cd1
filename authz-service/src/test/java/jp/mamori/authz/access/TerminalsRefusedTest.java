package jp.mamori.authz.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jp.mamori.authz.shared.Refusal.Fault;
import org.junit.jupiter.api.Test;

class TerminalsRefusedTest {

  @Test
  void problemWhenConflictOrInvalidThenItsStatusAndCode() {
    var conflict = new Terminals.Refused(Fault.CONFLICT, "terminal 7 is registered").problem();
    var invalid = new Terminals.Refused(Fault.INVALID, "tier: expected one of MYNUMBER").problem();

    assertThat(conflict.getStatus()).isEqualTo(409);
    assertThat(conflict.getProperties()).containsEntry("code", "TERMINAL_CONFLICT");
    assertThat(invalid.getStatus()).isEqualTo(400);
    assertThat(invalid.getProperties()).containsEntry("code", "TERMINAL_INVALID");
    assertThat(invalid.getTitle()).isEqualTo("要求を受け付けられません / the request cannot be accepted");
  }

  @Test
  void refusedWhenAnotherFaultThenTheProgrammingErrorIsNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Terminals.Refused(Fault.FORBIDDEN, "x"))
        .withMessageContaining("expected CONFLICT or INVALID; found FORBIDDEN");
  }
}
