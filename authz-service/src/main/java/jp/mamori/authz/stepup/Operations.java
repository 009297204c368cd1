package jp.mamori.authz.stepup;

import java.util.Map;
import jp.mamori.webauthn.Operation;

/**
 * The ID administrators' operations that need a step-up (PR-6, MF-2; the policy's {@code
 * privileged.stepUpRequired}), each with the parameters its challenge is bound to: the account and
 * the reason or hand-over method typed, so that the authenticator signs what is executed.
 */
public final class Operations {

  private Operations() {}

  public static Operation unlock(String username, String reason) {
    return Operation.of("account.unlock", "staff/" + username, Map.of("reason", text(reason)));
  }

  public static Operation reinstate(String username, String reason) {
    return Operation.of("account.reinstate", "staff/" + username, Map.of("reason", text(reason)));
  }

  public static Operation temporaryPassword(String username, String handover) {
    return Operation.of(
        "temporary-password.issue", "staff/" + username, Map.of("handover", text(handover)));
  }

  /** Registering an IC card for a person: bound to the account, the card and the reason. */
  public static Operation icCardRegistration(String username, String thumbprint, String reason) {
    return Operation.of(
        "ic-card.register",
        "staff/" + username,
        Map.of("card", text(thumbprint), "reason", text(reason)));
  }

  /** Marking a person's authenticator (security key or IC card) lost: stops it at once. */
  public static Operation authenticatorLost(String username, String id, String reason) {
    return Operation.of(
        "authenticator.lost", "staff/" + username, Map.of("id", text(id), "reason", text(reason)));
  }

  /** Marking a lost authenticator found: it works again, so this is as sensitive as issuing one. */
  public static Operation authenticatorFound(String username, String id, String reason) {
    return Operation.of(
        "authenticator.found", "staff/" + username, Map.of("id", text(id), "reason", text(reason)));
  }

  /** Issuing a one-time enrolment code for a person's step-up authenticator. */
  public static Operation enrolmentCode(String username, String reason) {
    return Operation.of(
        "step-up-key.enrolment-code", "staff/" + username, Map.of("reason", text(reason)));
  }

  private static String text(String value) {
    return value == null ? "" : value.strip();
  }
}
