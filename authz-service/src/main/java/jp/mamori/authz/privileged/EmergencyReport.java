package jp.mamori.authz.privileged;

/**
 * The body of the report on an emergency use ({@code POST /api/privileged/checkouts/{id}/report}).
 *
 * @param report what was done and why it could not wait
 */
record EmergencyReport(String report) {}
