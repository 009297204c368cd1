package jp.mamori.authz.governance;

/**
 * The body of a cancelled campaign ({@code POST /api/inventories/{id}/cancel}).
 *
 * @param reason why; null when absent — {@link Inventories} refuses a cancellation without one
 */
record InventoryCancellation(String reason) {}
