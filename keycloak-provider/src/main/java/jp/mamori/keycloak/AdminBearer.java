package jp.mamori.keycloak;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The authorization of {@link MamoriResource}: Keycloak's own admin identity from a bearer token.
 */
final class AdminBearer {

  private AdminBearer() {}

  /**
   * The caller's admin identity from its bearer token, verified by the realm that issued it (this
   * realm or master), as Keycloak's admin API does; 401 without a valid token.
   */
  static AdminAuth authenticate(KeycloakSession session, RealmModel realm) {
    HttpHeaders headers = session.getContext().getRequestHeaders();
    String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new NotAuthorizedException("Bearer");
    }
    String token = header.substring(7).strip();
    String issuer;
    try {
      issuer = TokenVerifier.create(token, AccessToken.class).getToken().getIssuer();
    } catch (VerificationException e) {
      throw new NotAuthorizedException("Bearer");
    }
    if (issuer == null) {
      throw new NotAuthorizedException("Bearer");
    }
    RealmModel tokenRealm =
        session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
    if (tokenRealm == null) {
      throw new NotAuthorizedException("Bearer");
    }
    AuthenticationManager.AuthResult result;
    session.getContext().setRealm(tokenRealm);
    try {
      result =
          new AppAuthManager.BearerTokenAuthenticator(session)
              .setRealm(tokenRealm)
              .setConnection(session.getContext().getConnection())
              .setHeaders(headers)
              .setTokenString(token)
              .authenticate();
    } finally {
      session.getContext().setRealm(realm);
    }
    if (result == null) {
      throw new NotAuthorizedException("Bearer");
    }
    return new AdminAuth(tokenRealm, result.token(), result.user(), result.client());
  }
}
