package jp.mamori.authz.credential;

import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;

/**
 * A person's authenticator (a security key or an IC card, MF-3) as the API and the admin console
 * show it. Every member is always written ({@code createdAt} as {@code null} when Keycloak does not
 * know it). Public because the admin console lists the same view.
 *
 * @param id the credential's ID in Keycloak
 * @param type Keycloak's credential type ({@code webauthn}, {@code x509}, …)
 * @param label the user's or the card's label
 * @param createdAt when registered, ISO-8601, or null
 * @param state {@code ACTIVE} or {@code SUSPENDED} (reported lost)
 * @param kindJa the kind for people, in Japanese
 * @param kindEn the same in English
 * @param labelJa the state for people, in Japanese
 * @param labelEn the same in English
 */
public record AuthenticatorView(
    String id,
    String type,
    String label,
    String createdAt,
    String state,
    String kindJa,
    String kindEn,
    String labelJa,
    String labelEn) {

  /** The view of one authenticator as hr-sync's Keycloak adapter reports it. */
  public static AuthenticatorView of(Authenticator a) {
    boolean icCard = "x509".equals(a.type());
    return new AuthenticatorView(
        a.id(),
        a.type(),
        a.label(),
        a.createdAt().map(Object::toString).orElse(null),
        a.suspended() ? "SUSPENDED" : "ACTIVE",
        icCard ? "ICカード" : "セキュリティキー",
        icCard ? "IC card" : "security key",
        a.suspended() ? "停止中 (紛失届)" : "利用可",
        a.suspended() ? "suspended (reported lost)" : "in use");
  }
}
