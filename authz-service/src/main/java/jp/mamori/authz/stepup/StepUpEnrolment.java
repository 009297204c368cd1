package jp.mamori.authz.stepup;

import jp.mamori.webauthn.CredentialStore;
import jp.mamori.webauthn.Enrolment;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.Refusal;
import jp.mamori.webauthn.StepUpRelyingParty;
import jp.mamori.webauthn.StoredCredential;

/**
 * The one way to start registering a step-up authenticator, for the API and the console alike
 * (MF-3): with a one-time enrolment code issued by someone else ({@link EnrolmentCodes}), or — for
 * a person who already has an authenticator in use — after a step-up with it for {@link
 * Operation#enrolment(String)}. A signed-in session alone is never enough: a stolen password must
 * not turn into a key that passes every step-up.
 */
final class StepUpEnrolment {

  private final StepUpRelyingParty rp;
  private final StepUpGate gate;
  private final EnrolmentCodes codes;
  private final CredentialStore credentials;

  public StepUpEnrolment(
      StepUpRelyingParty rp, StepUpGate gate, EnrolmentCodes codes, CredentialStore credentials) {
    this.rp = rp;
    this.gate = gate;
    this.codes = codes;
    this.credentials = credentials;
  }

  /**
   * The options for {@code navigator.credentials.create()}.
   *
   * @param code a one-time enrolment code, or null
   * @param stepUpAnswer the answer to the enrolment step-up, or null
   * @throws StepUpGate.Needed when the person has an authenticator in use and no code was given:
   *     the options of the enrolment step-up (sign them and ask again with the answer)
   * @throws StepUpGate.Failed when the code is unknown, used, expired or someone else's; when the
   *     person has no authenticator in use and no code; or when the step-up answer is refused
   */
  public String options(String username, String displayName, String code, String stepUpAnswer) {
    Enrolment enrolment;
    if (code != null && !code.isBlank()) {
      enrolment =
          codes
              .redeem(username, code)
              .orElseThrow(() ->
                  new StepUpGate.Failed(
                      Refusal.ENROLMENT_NOT_AUTHORISED,
                      "the enrolment code is unknown, used, expired or issued for someone else"
                          + " / 登録コードが無効です (未発行・使用済み・期限切れ・他の職員向け)"));
    } else if (hasActiveKey(username)) {
      enrolment =
          new Enrolment.ByExistingKey(
              gate.require(username, Operation.enrolment(username), stepUpAnswer));
    } else {
      throw new StepUpGate.Failed(
          Refusal.ENROLMENT_NOT_AUTHORISED,
          "no authenticator in use: ask the desk or another administrator for an enrolment code"
              + " / 使用中の認証器がありません。窓口または別の管理者に登録コードの発行を依頼してください");
    }
    return switch (rp.startRegistration(username, displayName, enrolment)) {
      case StepUpRelyingParty.Start.Options o -> o.json();
      case StepUpRelyingParty.Start.Refused r -> throw new StepUpGate.Failed(r.refusal(), null);
    };
  }

  /** Whether the person has a step-up authenticator in use (then a new one needs its step-up). */
  public boolean hasActiveKey(String username) {
    return credentials.ofUser(username).stream()
        .anyMatch(c -> c.state() == StoredCredential.State.ACTIVE);
  }
}
