package jp.mamori.authz.governance;

import static org.assertj.core.api.Assertions.assertThat;

import jp.mamori.authz.shared.Refusal.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class GovernanceRefusalTest {

  @Test
  void problemWhenAFaultIsGivenThenItsStatusAndTheGovernanceCode() {
    ProblemDetail forbidden =
        new Inventories.Refused(Fault.FORBIDDEN, "inventory: expected the section head").problem();
    ProblemDetail conflict =
        new PolicyExceptions.Refused(Fault.CONFLICT, "exception #3: expected REQUESTED").problem();
    ProblemDetail invalid =
        new SanctionRefused(Fault.INVALID, "violationId: expected a number; found x").problem();

    assertThat(forbidden.getStatus()).isEqualTo(403);
    assertThat(forbidden.getProperties()).containsEntry("code", "GOVERNANCE_FORBIDDEN");
    assertThat(forbidden.getTitle())
        .isEqualTo("ID棚卸: この操作はできません / ID inventory: this cannot be done");
    assertThat(conflict.getStatus()).isEqualTo(409);
    assertThat(conflict.getProperties()).containsEntry("code", "GOVERNANCE_CONFLICT");
    assertThat(conflict.getTitle()).isEqualTo("例外措置: この操作はできません / exception: this cannot be done");
    assertThat(invalid.getStatus()).isEqualTo(400);
    assertThat(invalid.getProperties()).containsEntry("code", "GOVERNANCE_INVALID");
    assertThat(invalid.getTitle()).isEqualTo("処分: この操作はできません / sanction: this cannot be done");
    assertThat(invalid.getDetail()).isEqualTo("violationId: expected a number; found x");
  }

  @Test
  void reasonlessWhenNoReasonThenInvalid() {
    GovernanceConsoleController.Reasonless refused = new GovernanceConsoleController.Reasonless();

    assertThat(refused.fault()).isEqualTo(Fault.INVALID);
    assertThat(refused.title().both()).isEqualTo("理由が必要です / reason required");
  }
}
