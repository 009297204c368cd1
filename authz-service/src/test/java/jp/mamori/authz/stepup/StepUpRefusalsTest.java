package jp.mamori.authz.stepup;

import static org.assertj.core.api.Assertions.assertThat;

import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.webauthn.Refusal;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.ObjectMapper;

class StepUpRefusalsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void neededWhenAnsweredThen428WithTheChallengeOptionsInStepUp() {
    String options = "{\"challenge\":\"Y2hhbGxlbmdl\",\"rpId\":\"mamori.example.jp\"}";

    ProblemDetail problem = new StepUpGate.Needed(options).problem();

    assertThat(new StepUpGate.Needed(options).fault()).isEqualTo(Fault.STEP_UP_REQUIRED);
    assertThat(problem.getStatus()).isEqualTo(428);
    assertThat(problem.getTitle()).isEqualTo("本人確認が必要です / step-up required");
    assertThat(problem.getDetail())
        .startsWith("この操作の前に認証器 (生体認証・PIN) で本人確認してください。")
        .endsWith("send the same request again with the answer as stepUp");
    assertThat(problem.getProperties())
        .containsEntry("code", "STEP_UP_REQUIRED")
        .containsEntry("stepUp", JSON.readTree(options));
    assertThat(new StepUpGate.Needed(options).detail())
        .as("what the console shows: no word of the API's stepUp member")
        .isEqualTo(
            "この操作の前に認証器 (生体認証・PIN) で本人確認してください / confirm with your authenticator"
                + " (biometrics or PIN) first");
  }

  @Test
  void failedWhenNoAuthenticatorThen409AsTheOptionsEndpointAnswers() {
    ProblemDetail problem = new StepUpGate.Failed(Refusal.NO_CREDENTIAL, null).problem();
    ProblemDetail controller = StepUpController.problem(Refusal.NO_CREDENTIAL, null);

    assertThat(problem.getStatus()).isEqualTo(409);
    assertThat(problem.getTitle()).isEqualTo(controller.getTitle());
    assertThat(problem.getDetail()).isEqualTo(controller.getDetail());
    assertThat(problem.getProperties())
        .containsAllEntriesOf(controller.getProperties())
        .containsEntry("code", "STEP_UP_REFUSED")
        .containsEntry("refusal", "NO_CREDENTIAL")
        .containsEntry("requirementId", Refusal.NO_CREDENTIAL.requirementId());
  }

  @Test
  void failedWhenTheAnswerIsRefusedThen403WithWhatTheVerifierFound() {
    StepUpGate.Failed failed = new StepUpGate.Failed(Refusal.EXPIRED, "issued 6 minutes ago");
    ProblemDetail problem = failed.problem();
    ProblemDetail controller = StepUpController.problem(Refusal.EXPIRED, "issued 6 minutes ago");

    assertThat(failed.fault()).isEqualTo(Fault.FORBIDDEN);
    assertThat(failed.refusal()).isEqualTo(Refusal.EXPIRED);
    assertThat(problem.getStatus()).isEqualTo(403);
    assertThat(problem.getTitle()).isEqualTo("本人確認に失敗しました / step-up refused");
    assertThat(problem.getDetail())
        .isEqualTo(controller.getDetail())
        .isEqualTo(Refusal.EXPIRED.ja() + " / " + Refusal.EXPIRED.en() + " (issued 6 minutes ago)");
    assertThat(problem.getProperties()).containsAllEntriesOf(controller.getProperties());
  }
}
