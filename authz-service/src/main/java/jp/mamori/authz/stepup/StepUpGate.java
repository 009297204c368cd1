package jp.mamori.authz.stepup;

import jp.mamori.authz.shared.Bilingual;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.Refusal;
import jp.mamori.webauthn.StepUpRelyingParty;
import jp.mamori.webauthn.StepUpResult;
import org.springframework.http.ProblemDetail;

/**
 * Step-up before a sensitive operation (privileged approval and checkout, unlock, temporary
 * password): the operation's endpoint passes what it is about to execute and the person's answer to
 * the challenge, if any. Without an answer the step-up is started for exactly that operation and
 * {@link Needed} carries the options for {@code navigator.credentials.get()}; the client signs and
 * sends the same request again with the answer. A wrong, replayed or foreign answer is {@link
 * Failed}. Only a {@link StepUpResult.Verified} answer for this very operation lets the caller go
 * on.
 */
public class StepUpGate {

  private final StepUpRelyingParty rp;

  public StepUpGate(StepUpRelyingParty rp) {
    this.rp = rp;
  }

  /**
   * The step-up has to be done first (428): the options of the challenge started for the operation,
   * in the problem's {@code stepUp} property, for the client to sign.
   */
  public static final class Needed extends StepUpRefusal {
    private static final long serialVersionUID = 1L;
    private final String optionsJson;

    Needed(String optionsJson) {
      super(
          Fault.STEP_UP_REQUIRED,
          "STEP_UP_REQUIRED",
          new Bilingual("本人確認が必要です", "step-up required"),
          "この操作の前に認証器 (生体認証・PIN) で本人確認してください / confirm with your"
              + " authenticator (biometrics or PIN) first");
      this.optionsJson = optionsJson;
    }

    /** What a program calling the API does next (the console's pages ask on their own). */
    private static final String API_DETAIL =
        "この操作の前に認証器 (生体認証・PIN) で本人確認してください。stepUp の options で署名し、同じ要求に"
            + " stepUp として付けて送り直してください / confirm with your authenticator first: sign"
            + " the options in stepUp and send the same request again with the answer as stepUp";

    public String optionsJson() {
      return optionsJson;
    }

    @Override
    public ProblemDetail problem() {
      ProblemDetail problem = super.problem();
      problem.setDetail(API_DETAIL);
      problem.setProperty("stepUp", JSON.readTree(optionsJson));
      return problem;
    }
  }

  /**
   * The answer was refused (403), or no step-up can be started because the person has no usable
   * authenticator (409: register one at {@code /api/me/step-up/authenticators} first). The detail
   * is the verifier's refusal in both languages, with what it found when it says more.
   */
  public static final class Failed extends StepUpRefusal {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    Failed(Refusal refusal, String found) {
      super(
          refusal == Refusal.NO_CREDENTIAL ? Fault.CONFLICT : Fault.FORBIDDEN,
          "STEP_UP_REFUSED",
          new Bilingual("本人確認に失敗しました", "step-up refused"),
          refusal.ja() + " / " + refusal.en() + (found == null ? "" : " (" + found + ")"));
      this.refusal = refusal;
    }

    /** The verifier's refusal. */
    public Refusal refusal() {
      return refusal;
    }

    /** As {@code StepUpController} answers a refusal: its name and the requirement it enforces. */
    @Override
    public ProblemDetail problem() {
      ProblemDetail problem = super.problem();
      problem.setProperty("refusal", refusal.name());
      problem.setProperty("requirementId", refusal.requirementId());
      return problem;
    }
  }

  private static final tools.jackson.databind.ObjectMapper JSON =
      new tools.jackson.databind.ObjectMapper();

  /** The step-up answer in a JSON request body ({@code stepUp}: the assertion), or null. */
  public static String answer(java.util.Map<String, Object> body) {
    return answerOf(body == null ? null : body.get("stepUp"));
  }

  /**
   * The step-up answer as a typed request body holds it: the {@code stepUp} member as Jackson read
   * it into an {@code Object} (the assertion's JSON text, or the assertion itself as a map), or
   * null when absent; the same answer as {@link #answer(java.util.Map)} gives for the same body.
   */
  public static String answerOf(Object answer) {
    if (answer == null) {
      return null;
    }
    return answer instanceof String s ? s : JSON.writeValueAsString(answer);
  }

  /**
   * Returns when {@code answerJson} is a fresh user-verified assertion by {@code username} for
   * {@code operation}; otherwise throws {@link Needed} (no answer yet) or {@link Failed}.
   */
  public StepUpResult.Verified require(String username, Operation operation, String answerJson) {
    if (answerJson == null || answerJson.isBlank()) {
      switch (rp.startStepUp(username, operation)) {
        case StepUpRelyingParty.Start.Options o -> throw new Needed(o.json());
        case StepUpRelyingParty.Start.Refused r -> throw new Failed(r.refusal(), null);
      }
    }
    return switch (rp.finishStepUp(username, operation, answerJson)) {
      case StepUpResult.Verified v -> v;
      case StepUpResult.Refused r -> throw new Failed(r.refusal(), r.detail());
    };
  }
}
