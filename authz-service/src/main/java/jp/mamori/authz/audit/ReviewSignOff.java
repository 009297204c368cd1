package jp.mamori.authz.audit;

/**
 * The body of an auditor's or the CISO's sign-off of a period's review ({@code POST
 * /api/audit/reviews}, AU-4).
 *
 * @param from the period's start, an ISO-8601 instant such as {@code 2027-04-01T00:00:00Z}
 * @param to the period's end (exclusive), the same form
 * @param findings what the review found; a JSON number or boolean is read as its text, as before.
 *     {@link AuditReviews} refuses blank findings with its own message
 */
record ReviewSignOff(String from, String to, String findings) {}
