package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditControllerTest {

  @Test
  void invalidThen400WithTheTitleOfWrongInput() {
    var problem = new AuditController.Invalid("from/to: expected ISO-8601 instants").problem();

    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getTitle()).isEqualTo("入力が正しくありません / invalid input");
    assertThat(problem.getDetail()).isEqualTo("from/to: expected ISO-8601 instants");
    assertThat(problem.getProperties()).containsEntry("code", "AUDIT_INVALID");
  }
}
