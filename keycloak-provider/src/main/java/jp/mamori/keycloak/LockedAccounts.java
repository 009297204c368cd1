package jp.mamori.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Whether an account is locked now, as Keycloak's own login form decides it (PW-5): disabled, or
 * locked by the brute-force detector, temporarily or for good. Keycloak checks this at the password
 * step only; Mamori's provider checks it again where a login goes on after that step — the
 * password-change form of a first login and the end of the login — so that a lock that falls while
 * a login is half-way through holds.
 */
final class LockedAccounts {

  private LockedAccounts() {}

  static boolean locked(KeycloakSession session, RealmModel realm, UserModel user) {
    if (user == null) {
      return false;
    }
    if (!user.isEnabled()) {
      return true;
    }
    if (!realm.isBruteForceProtected()) {
      return false;
    }
    BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
    return protector != null
        && (protector.isTemporarilyDisabled(session, realm, user)
            || protector.isPermanentlyLockedOut(session, realm, user));
  }

  /** Whether the call comes from a login in a browser (not from the admin API). */
  static boolean inLogin(KeycloakSession session) {
    return session.getContext() != null && session.getContext().getAuthenticationSession() != null;
  }
}
