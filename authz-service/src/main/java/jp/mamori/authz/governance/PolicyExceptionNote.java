package jp.mamori.authz.governance;

/**
 * The optional body of the CISO's approval or rejection of an exception ({@code POST
 * /api/exceptions/{id}/approve}, {@code …/reject}).
 *
 * @param note the CISO's note, or null
 */
record PolicyExceptionNote(String note) {}
