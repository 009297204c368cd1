package jp.mamori.webauthn;

/**
 * How the enrolment of a new authenticator was authorised. WebAuthn proves possession of a key,
 * never who holds it: whoever can start a registration decides whose step-up a key will pass. So a
 * registration starts only on one of these two grounds (MF-3), never on a signed-in session alone
 * (a stolen password would otherwise be enough to enrol an attacker's key and pass every step-up):
 *
 * <ul>
 *   <li>{@link ByExistingKey}: the person already has an authenticator in use and has just passed a
 *       user-verified step-up with it for exactly {@link Operation#enrolment(String)};
 *   <li>{@link ByGrant}: a one-time enrolment grant issued after an identity check by someone else
 *       (another administrator, or the desk), already redeemed by the caller — the only way to a
 *       first authenticator, or to a replacement after a loss.
 * </ul>
 */
public sealed interface Enrolment {

  /** How the registration was authorised, for the record: {@code key:<credential ID>}. */
  String describe();

  /**
   * A fresh step-up by one of the person's active authenticators for the enrolment operation.
   *
   * @param proof the verified step-up; {@link StepUpRelyingParty#startRegistration} checks that it
   *     is this person's and for {@link Operation#enrolment(String)}
   */
  record ByExistingKey(StepUpResult.Verified proof) implements Enrolment {
    public ByExistingKey {
      if (proof == null) {
        throw new IllegalArgumentException("enrolment by an existing key: expected a step-up");
      }
    }

    @Override
    public String describe() {
      return "key:" + proof.credentialId().getBase64Url();
    }
  }

  /**
   * A one-time enrolment grant, redeemed (so no longer usable) by the caller before the
   * registration starts.
   *
   * @param grantId the grant's identifier in the caller's store
   * @param issuedBy who checked the person's identity and issued it
   */
  record ByGrant(String grantId, String issuedBy) implements Enrolment {
    public ByGrant {
      if (grantId == null || grantId.isBlank() || issuedBy == null || issuedBy.isBlank()) {
        throw new IllegalArgumentException(
            "enrolment by a grant: expected the grant's ID and its issuer, found "
                + grantId
                + " / "
                + issuedBy);
      }
    }

    @Override
    public String describe() {
      return "grant:" + grantId + " issued by " + issuedBy;
    }
  }
}
