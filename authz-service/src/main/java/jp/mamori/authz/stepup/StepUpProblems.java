package jp.mamori.authz.stepup;

import jp.mamori.webauthn.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.ObjectMapper;

/**
 * How every endpoint behind a {@link StepUpGate} answers (RFC 9457): {@code 428 Precondition
 * Required} with the challenge's options in {@code stepUp} when the step-up is still to be done;
 * {@code 403} when the answer was refused; {@code 409} when the person has no usable authenticator
 * (register one at {@code /api/me/step-up/authenticators} first).
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(0) // before the catch-all (ApiProblems)
class StepUpProblems {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ExceptionHandler(StepUpGate.Needed.class)
  ProblemDetail needed(StepUpGate.Needed e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.PRECONDITION_REQUIRED,
            "この操作の前に認証器 (生体認証・PIN) で本人確認してください。stepUp の options で署名し、同じ要求に"
                + " stepUp として付けて送り直してください / confirm with your authenticator first: sign"
                + " the options in stepUp and send the same request again with the answer as stepUp");
    p.setTitle("本人確認が必要です / step-up required");
    p.setProperty("stepUp", JSON.readTree(e.optionsJson()));
    return p;
  }

  @ExceptionHandler(StepUpGate.Failed.class)
  ProblemDetail failed(StepUpGate.Failed e) {
    boolean none = e.refusal() == Refusal.NO_CREDENTIAL;
    ProblemDetail p = StepUpController.problem(e.refusal(), e.detail());
    p.setStatus(none ? HttpStatus.CONFLICT : HttpStatus.FORBIDDEN);
    return p;
  }
}
