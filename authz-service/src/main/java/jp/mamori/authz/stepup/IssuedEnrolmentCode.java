package jp.mamori.authz.stepup;

/**
 * The answer to an issue of an enrolment code: the code, in this answer once and never again.
 * {@link #toString()} hides the code.
 *
 * @param id the ID
 * @param username the person whose authenticator the code enrols
 * @param code the one-time code
 * @param expiresAt when the code stops working (ISO-8601 instant)
 */
record IssuedEnrolmentCode(long id, String username, String code, String expiresAt) {

  @Override
  public String toString() {
    return "IssuedEnrolmentCode[id=" + id + ", username=" + username + ", code ***]";
  }
}
