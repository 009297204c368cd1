package jp.mamori.authz.stepup;

/**
 * The optional body of a person's "I lost it" ({@code POST
 * /api/me/step-up/authenticators/{credentialId}/lost}, MF-3).
 *
 * @param reason why, or null for the default "本人による紛失届"
 */
record LostAuthenticatorReport(String reason) {}
