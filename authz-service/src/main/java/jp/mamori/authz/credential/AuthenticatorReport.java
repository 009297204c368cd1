package jp.mamori.authz.credential;

/**
 * The body of an authenticator reported lost or found ({@code POST
 * /api/staff/{username}/authenticators/{credentialId}/lost}, {@code …/found}).
 *
 * @param reason why; a JSON number or boolean is read as its text, as before. Null when absent —
 *     {@link Authenticators} refuses a change without a reason with its own message
 * @param stepUp the administrator's step-up assertion (its JSON text or the JSON object itself), or
 *     null to start a step-up bound to the authenticator and the reason
 */
record AuthenticatorReport(String reason, Object stepUp) {

  /** Never shows the step-up assertion. */
  @Override
  public String toString() {
    return "AuthenticatorReport[reason="
        + reason
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
