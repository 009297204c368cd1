package jp.mamori.authz.governance;

/**
 * The body of a request to lift a sanction ({@code POST /api/sanctions/{id}/reinstatement}).
 *
 * @param reason why; null when absent — {@link Sanctions} refuses a request without a reason
 */
record ReinstatementRequest(String reason) {}
