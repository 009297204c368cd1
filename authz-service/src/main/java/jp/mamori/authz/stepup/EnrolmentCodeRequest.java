package jp.mamori.authz.stepup;

/**
 * The body of an issue of an enrolment code ({@code POST
 * /api/staff/{username}/step-up-enrolment-codes}).
 *
 * @param reason how the person's identity was checked; a JSON number or boolean is read as its
 *     text, as before; null when absent ({@link EnrolmentCodes} decides whether that is refused)
 * @param stepUp the administrator's step-up assertion (JSON text or object), or null
 */
record EnrolmentCodeRequest(String reason, Object stepUp) {

  /** Never shows the step-up assertion. */
  @Override
  public String toString() {
    return "EnrolmentCodeRequest[reason="
        + reason
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
