package jp.mamori.authz.stepup;

import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.Refusal;
import jp.mamori.webauthn.StepUpRelyingParty;
import jp.mamori.webauthn.StepUpResult;

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

  /** The step-up has to be done first: the options of the challenge started for the operation. */
  public static final class Needed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String optionsJson;

    Needed(String optionsJson) {
      super("step-up required / 本人確認 (生体認証) が必要です");
      this.optionsJson = optionsJson;
    }

    public String optionsJson() {
      return optionsJson;
    }
  }

  /** The answer was refused, or no step-up can be started (no authenticator registered). */
  public static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;
    private final String detail;

    Failed(Refusal refusal, String detail) {
      super(refusal.ja() + " / " + refusal.en());
      this.refusal = refusal;
      this.detail = detail;
    }

    public Refusal refusal() {
      return refusal;
    }

    public String detail() {
      return detail;
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
