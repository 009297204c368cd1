package jp.mamori.authz.governance;

/**
 * The body of a request for an exception to the policy ({@code POST /api/exceptions}, GV-3).
 *
 * <p>Every member is read as text (a JSON number or boolean as its text, as before); the controller
 * and {@link PolicyExceptions} refuse a missing or malformed member with a message that names it.
 *
 * @param rule the rule to except, e.g. {@code MULTI_FACTOR_REQUIRED}
 * @param scope {@code TERMINAL}, {@code USER} or {@code SYSTEM}
 * @param target the terminal, user or system the exception covers
 * @param reason why
 * @param endsAt when the exception ends, an ISO-8601 instant such as {@code 2027-04-30T00:00:00Z}
 * @param emergency whether it is in force at once and approved afterwards; absent or null means no
 */
record PolicyExceptionRequest(
    String rule, String scope, String target, String reason, String endsAt, Boolean emergency) {}
