package jp.mamori.authz.governance;

/**
 * The optional body of the CISO's decision on a reinstatement ({@code POST
 * /api/sanctions/{id}/reinstatement/approve}, {@code …/reject}).
 *
 * @param note the CISO's note, or null
 */
record ReinstatementNote(String note) {}
