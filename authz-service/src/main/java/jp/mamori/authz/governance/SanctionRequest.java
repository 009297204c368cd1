package jp.mamori.authz.governance;

/**
 * The body of an imposed sanction ({@code POST /api/sanctions}, GV-4). Members are read as text;
 * {@link Sanctions} refuses a missing or unknown one with a message that names it.
 *
 * @param username who is sanctioned
 * @param violationId the recorded violation it answers, or null; a JSON number or its text — kept
 *     as text here so that anything else is refused with "violationId: expected a number; found …"
 *     as before rather than with a bare 400
 * @param measure {@code SUSPEND} or {@code REVOKE}
 * @param right the right taken away: {@code ACCOUNT}, {@code TIER}, {@code SYSTEM} or {@code
 *     PRIVILEGED}
 * @param target the tier or system, where the right names one
 * @param code the violation's code
 * @param note a note
 */
record SanctionRequest(
    String username,
    String violationId,
    String measure,
    String right,
    String target,
    String code,
    String note) {

  /** Without the note: it is about a person. */
  @Override
  public String toString() {
    return "SanctionRequest[" + username + ", " + measure + " " + right + " " + target + "]";
  }
}
