package jp.mamori.authz.stepup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import jp.mamori.webauthn.StoredCredential;

/**
 * One of a person's own step-up authenticators as the API shows it.
 *
 * @param credentialId the credential ID, base64url
 * @param label what the person calls it
 * @param state {@code ACTIVE}, {@code SUSPENDED} or {@code RETIRED}
 * @param stateJa the state for people, in Japanese
 * @param registeredAt when registered, ISO-8601
 * @param retired the credential IDs this registration replaced; present only in the answer to a
 *     registration (absent, not {@code null}, elsewhere)
 */
record StepUpAuthenticatorView(
    String credentialId,
    String label,
    String state,
    String stateJa,
    String registeredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> retired) {

  static StepUpAuthenticatorView of(StoredCredential c) {
    return new StepUpAuthenticatorView(
        c.credentialId().getBase64Url(),
        c.label(),
        c.state().name(),
        switch (c.state()) {
          case ACTIVE -> "利用可";
          case SUSPENDED -> "停止中 (紛失届・複製の疑い)";
          case RETIRED -> "交換済み";
        },
        c.registeredAt().toString(),
        null);
  }

  /** The same authenticator with the credential IDs its registration replaced. */
  StepUpAuthenticatorView withRetired(List<String> retired) {
    return new StepUpAuthenticatorView(
        credentialId, label, state, stateJa, registeredAt, List.copyOf(retired));
  }
}
