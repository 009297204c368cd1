package jp.mamori.authz.privileged;

/**
 * The body of a request to check out a privileged ID ({@code POST /api/privileged/checkouts}, PR-1,
 * PR-4). Members are read as text; {@link PrivilegedAccess} refuses a missing or unknown one with a
 * message that names it.
 *
 * @param account the privileged ID
 * @param purpose what it is for
 * @param ticket the change ticket
 * @param start when the window starts, an ISO-8601 instant in UTC form; null for now
 * @param duration how long, an ISO-8601 duration such as {@code PT1H}
 * @param emergency whether this is an emergency use (approved afterwards); absent or null means no
 */
record CheckoutRequest(
    String account,
    String purpose,
    String ticket,
    String start,
    String duration,
    Boolean emergency) {}
