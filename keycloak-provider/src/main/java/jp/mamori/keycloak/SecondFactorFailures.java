package jp.mamori.keycloak;

import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * A WebAuthn assertion that failed Keycloak's verification, counted against the person whose login
 * it was (MF-2, PW-5). Keycloak 26's WebAuthn step reports such a failure with no user, so the
 * brute-force detector never counts it; the person is known from the login's authentication session
 * (the user the password step authenticated, or the name typed there).
 */
final class SecondFactorFailures {

  /** The event detail Keycloak's WebAuthn authenticator sets on a failed verification. */
  static final String ERROR_DETAIL = "web_authn_authentication_error";

  static final String VERIFICATION_FAILED = "webauthn-error-auth-verification";

  private static final String ATTEMPTED_USERNAME = "ATTEMPTED_USERNAME";

  private static final System.Logger log = System.getLogger(SecondFactorFailures.class.getName());

  private SecondFactorFailures() {}

  static boolean isUncountedWebAuthnFailure(Event event) {
    Map<String, String> details = event.getDetails();
    return event.getType() == EventType.LOGIN_ERROR
        && event.getUserId() == null
        && details != null
        && VERIFICATION_FAILED.equals(details.get(ERROR_DETAIL));
  }

  /**
   * Counts the failure against the user of the login it belongs to, if one is known: the login is
   * the authentication session named by the event's {@code code_id} (Keycloak's root authentication
   * session), the user the one its password step authenticated or the name typed.
   */
  static void count(KeycloakSession session, Event event) {
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    if (realm == null || !realm.isBruteForceProtected()) {
      return;
    }
    UserModel user = null;
    String codeId = event.getDetails().get("code_id");
    RootAuthenticationSessionModel root =
        codeId == null
            ? null
            : session.authenticationSessions().getRootAuthenticationSession(realm, codeId);
    if (root != null) {
      for (AuthenticationSessionModel login : root.getAuthenticationSessions().values()) {
        user = login.getAuthenticatedUser();
        if (user == null && login.getAuthNote(ATTEMPTED_USERNAME) != null) {
          user = session.users().getUserByUsername(realm, login.getAuthNote(ATTEMPTED_USERNAME));
        }
        if (user != null) {
          break;
        }
      }
    }
    BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
    KeycloakContext context = session.getContext();
    if (user == null || protector == null || context.getHttpRequest() == null) {
      log.log(
          System.Logger.Level.WARNING,
          "A WebAuthn assertion failed verification in realm {0} for a login with no known user"
              + " (login {1} {2}): not counted",
          realm.getName(),
          codeId,
          root == null ? "not found" : "without a user");
      return;
    }
    protector.failedLogin(
        realm, user, context.getConnection(), context.getHttpRequest().getUri(), null);
    log.log(
        System.Logger.Level.INFO,
        "A WebAuthn assertion that failed verification counted as a failed login of {0} in realm"
            + " {1}",
        user.getId(),
        realm.getName());
  }
}
