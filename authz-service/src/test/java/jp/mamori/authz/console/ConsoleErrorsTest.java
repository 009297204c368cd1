package jp.mamori.authz.console;

import static org.assertj.core.api.Assertions.assertThat;

import jp.mamori.authz.operations.RequestIds;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;

class ConsoleErrorsTest {

  @AfterEach
  void clear() {
    MDC.remove(RequestIds.MDC_KEY);
  }

  @Test
  void textWhenARefusalThenItsTitleAndDetail() {
    Refusal refused =
        new Refusal(
            Refusal.Fault.CONFLICT,
            "ACCOUNT_STATE_CONFLICT",
            new Bilingual("この操作はできません", "this cannot be done"),
            "it-staff: expected a locked account; found ACTIVE",
            "LG-1");

    assertThat(ConsoleErrors.text(refused))
        .isEqualTo(
            "この操作はできません / this cannot be done: it-staff: expected a locked account;"
                + " found ACTIVE");
  }

  @Test
  void textWhenTheDatabaseFailsThenTheRequestIdAndNotTheStatement() {
    MDC.put(RequestIds.MDC_KEY, "req-7f3a");
    RuntimeException sql =
        new DataIntegrityViolationException(
            "PreparedStatementCallback; SQL [insert into account_action (username, action) values"
                + " (?, ?)]; ERROR: audit storage unavailable");

    String shown = ConsoleErrors.text(sql);

    assertThat(shown).contains("req-7f3a", "管理者に要求 ID");
    assertThat(shown).doesNotContain("SQL", "insert", "account_action", "audit storage");
  }

  @Test
  void problemWhenARefusalThenStatusFromItsFaultTitleCodeAndRequirements() {
    Refusal refused =
        new Refusal(
            Refusal.Fault.NOT_FOUND,
            "NO_SUCH_PLAN",
            new Bilingual("計画がありません", "no such plan"),
            "lifecycle plan 9 does not exist",
            "LC-1");

    var problem = refused.problem();

    assertThat(problem.getStatus()).isEqualTo(404);
    assertThat(problem.getTitle()).isEqualTo("計画がありません / no such plan");
    assertThat(problem.getDetail()).isEqualTo("lifecycle plan 9 does not exist");
    assertThat(problem.getProperties())
        .containsEntry("code", "NO_SUCH_PLAN")
        .containsEntry("requirementIds", java.util.List.of("LC-1"));
  }
}
