package jp.mamori.authz.credential;

/**
 * The body of an IC card's registration ({@code POST
 * /api/staff/{username}/authenticators/ic-cards}, MF-3).
 *
 * @param certificate the card's certificate, PEM; {@link Authenticators#certificate} refuses
 *     anything else with its own message
 * @param reason why; a JSON number or boolean is read as its text, as before
 * @param stepUp the administrator's step-up assertion (its JSON text or the JSON object itself), or
 *     null to start a step-up bound to the account, the card's thumbprint and the reason
 */
record IcCardRegistration(String certificate, String reason, Object stepUp) {

  /** Shows neither the certificate (long, and names the person) nor the step-up assertion. */
  @Override
  public String toString() {
    return "IcCardRegistration[reason="
        + reason
        + ", certificate="
        + (certificate == null ? "none" : "…")
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
