package jp.mamori.authz.stepup;

/**
 * The optional body of {@code POST /api/me/step-up/registration-options} (MF-3): how the person may
 * register an authenticator.
 *
 * @param enrolmentCode the one-time code issued by the desk or another administrator (a JSON number
 *     is read as its text, as before), or null
 * @param stepUp the answer to the enrolment step-up with a key already in use (its JSON text or the
 *     JSON object itself), or null
 */
record RegistrationOptionsRequest(String enrolmentCode, Object stepUp) {

  /** Never shows the enrolment code or the step-up assertion: either lets someone enrol a key. */
  @Override
  public String toString() {
    return "RegistrationOptionsRequest[enrolmentCode="
        + (enrolmentCode == null ? "none" : "…")
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
