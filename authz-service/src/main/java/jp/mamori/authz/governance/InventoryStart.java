package jp.mamori.authz.governance;

/**
 * The body of a new ID inventory campaign ({@code POST /api/inventories}, LC-3).
 *
 * @param title the campaign's title
 * @param deadline when section heads must have answered, an ISO-8601 instant such as {@code
 *     2027-05-31T08:30:00Z}; the controller refuses anything else (including absence) naming it
 */
record InventoryStart(String title, String deadline) {}
