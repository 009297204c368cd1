package jp.mamori.authz.account;

/**
 * The body of an unlock or a reinstatement ({@code POST /api/staff/{username}/unlock}, {@code
 * …/reinstate}): why, and the administrator's step-up answer where the policy asks for one.
 *
 * @param reason why; a JSON number or boolean is read as its text, as before. Null when absent —
 *     {@link AccountStates} refuses a change without a reason with its own message
 * @param stepUp the step-up assertion (its JSON text or the JSON object itself), or null to start a
 *     step-up bound to this account and reason
 */
record AccountChangeRequest(String reason, Object stepUp) {

  /** Never shows the step-up assertion. */
  @Override
  public String toString() {
    return "AccountChangeRequest[reason="
        + reason
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
