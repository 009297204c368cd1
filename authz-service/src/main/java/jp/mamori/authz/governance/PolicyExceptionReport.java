package jp.mamori.authz.governance;

/**
 * The body of the report on an emergency exception ({@code POST /api/exceptions/{id}/report}).
 *
 * @param report what was done and why it could not wait; null when absent — {@link
 *     PolicyExceptions} refuses an empty report with its own message
 */
record PolicyExceptionReport(String report) {}
