package jp.mamori.authz.security.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.authz.security.KeycloakSessions;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * {@link KeycloakSessions} through Keycloak's admin API, with the account Mamori already
 * administers the realm as (and its connect and read time-outs, {@code mamori.keycloak.*}): the
 * user ({@code enabled}), its brute-force status ({@code disabled}) and its online sessions.
 *
 * <p>Why not token introspection: Keycloak 26 introspects a token only for a client in the token's
 * audience ({@code mamori-api}, a client without credentials), and the console holds no access
 * token that stays valid as long as its session (Spring does not refresh it). The admin API answers
 * for any token and for the console alike, from the same account and session IDs ({@code sub},
 * {@code sid}).
 *
 * <p>A session Keycloak keeps only offline (a refresh token with {@code offline_access}) is not an
 * online session: a privileged caller's token from an offline session is refused.
 */
public final class KeycloakAdminSessions implements KeycloakSessions {

  private final Keycloak admin;
  private final String realmName;

  public KeycloakAdminSessions(Keycloak admin, String realmName) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.realmName = Objects.requireNonNull(realmName, "realmName");
  }

  @Override
  public State state(String userId, Optional<String> sessionId) {
    try {
      RealmResource realm = admin.realm(realmName);
      UserResource user = realm.users().get(userId);
      UserRepresentation account;
      try {
        account = user.toRepresentation();
      } catch (NotFoundException e) {
        return new Ended(Reason.ACCOUNT_GONE);
      }
      if (!Boolean.TRUE.equals(account.isEnabled())) {
        return new Ended(Reason.ACCOUNT_DISABLED);
      }
      if (sessionId.isPresent()
          && user.getUserSessions().stream().noneMatch(s -> sessionId.get().equals(s.getId()))) {
        return new Ended(Reason.SESSION_ENDED);
      }
      Map<String, Object> bruteForce = realm.attackDetection().bruteForceUserStatus(userId);
      if (Boolean.TRUE.equals(bruteForce.get("disabled"))) {
        return new Ended(Reason.ACCOUNT_LOCKED);
      }
      return new Alive();
    } catch (WebApplicationException e) {
      throw new Unavailable(
          "Keycloak refused to tell whether user "
              + userId
              + "'s session holds in realm "
              + realmName
              + ": expected 200 from its admin API, found HTTP "
              + e.getResponse().getStatus()
              + " (check that Mamori's Keycloak account may view users)",
          e);
    } catch (ProcessingException e) {
      throw new Unavailable(
          "Keycloak unreachable asking whether user "
              + userId
              + "'s session holds in realm "
              + realmName
              + " ("
              + e.getClass().getSimpleName()
              + "); a retry may help",
          e);
    }
  }
}
