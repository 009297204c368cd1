package jp.mamori.authz.account;

/**
 * The body of "the password may have leaked" ({@code POST /api/staff/{username}/password-leak}).
 *
 * @param reason why; null when absent — {@link AccountStates} refuses a change without a reason
 */
record PasswordLeakRequest(String reason) {}
