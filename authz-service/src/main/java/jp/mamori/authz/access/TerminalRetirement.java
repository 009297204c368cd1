package jp.mamori.authz.access;

/**
 * The body of a terminal's retirement ({@code POST /api/terminals/{id}/retire}).
 *
 * @param reason why; null when absent ({@link Terminals#retire} decides whether that is refused)
 */
record TerminalRetirement(String reason) {}
