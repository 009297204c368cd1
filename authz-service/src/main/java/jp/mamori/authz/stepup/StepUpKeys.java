package jp.mamori.authz.stepup;

import java.util.ArrayList;
import java.util.List;
import jp.mamori.webauthn.AuthenticatorEvents;
import jp.mamori.webauthn.CredentialStore;
import jp.mamori.webauthn.StoredCredential;

/**
 * A person's step-up keys as other features may change them: every key retired at once (an
 * emergency revocation). Retired keys are never usable again; each is recorded as retired with the
 * reason given.
 */
public interface StepUpKeys {

  /**
   * Retires every authenticator of {@code username} not retired yet.
   *
   * @param why recorded with each key retired (who asked it and why)
   * @return the IDs (base64url) of the keys retired now
   */
  List<String> retireAll(String username, String why);

  /** The keys held in {@code credentials}, each retirement recorded in {@code events}. */
  static StepUpKeys over(CredentialStore credentials, AuthenticatorEvents events) {
    return (username, why) -> {
      List<String> retired = new ArrayList<>();
      for (StoredCredential c : credentials.ofUser(username)) {
        if (c.state() == StoredCredential.State.RETIRED) {
          continue;
        }
        if (credentials.setState(c.credentialId(), StoredCredential.State.RETIRED, why)) {
          events.record(AuthenticatorEvents.Kind.RETIRED, username, c.credentialId(), why);
          retired.add(c.credentialId().getBase64Url());
        }
      }
      return retired;
    };
  }
}
