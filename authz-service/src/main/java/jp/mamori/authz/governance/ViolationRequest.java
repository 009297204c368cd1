package jp.mamori.authz.governance;

/**
 * The body of a recorded violation ({@code POST /api/sanctions/violations}, GV-4). Members are read
 * as text; {@link Sanctions} refuses a missing or unknown one with a message that names it.
 *
 * @param username whose violation
 * @param code the violation's code, e.g. {@code PASSWORD_SHARED}
 * @param description what happened
 */
record ViolationRequest(String username, String code, String description) {

  /** Without the description: it is about a person and may name others. */
  @Override
  public String toString() {
    return "ViolationRequest[" + username + ", " + code + "]";
  }
}
