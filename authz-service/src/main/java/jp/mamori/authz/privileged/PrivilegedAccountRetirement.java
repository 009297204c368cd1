package jp.mamori.authz.privileged;

/**
 * The body of a privileged ID's retirement ({@code POST /api/privileged/accounts/{id}/retire}).
 *
 * @param reason why; null when absent
 */
record PrivilegedAccountRetirement(String reason) {}
