package jp.mamori.authz.credential;

/**
 * The body of an issue of a temporary password ({@code POST
 * /api/staff/{employeeNumber}/temporary-passwords}).
 *
 * @param handover how the password reaches the person: one of {@link TemporaryPasswords.Handover}'s
 *     names; checked by the controller, which answers {@code 400 BAD_HANDOVER} naming the allowed
 *     values when it is absent or unknown (a JSON number or boolean is read as its text, as before)
 * @param stepUp the administrator's step-up assertion (JSON text or object), or null
 */
record TemporaryPasswordRequest(String handover, Object stepUp) {

  /** Never shows the step-up assertion. */
  @Override
  public String toString() {
    return "TemporaryPasswordRequest[handover="
        + handover
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
