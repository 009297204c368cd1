package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.hrsync.sync.TemporaryPasswordStore;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A staff member's password in Keycloak, as the temporary-password procedure (PW-4) needs it: set a
 * temporary one (Keycloak then forces a change at the first login, on every login path), tell
 * whether it is still the temporary one, and withdraw it when it expires unused.
 */
public final class KeycloakCredentials implements TemporaryPasswordStore {

  private static final String UPDATE_PASSWORD = "UPDATE_PASSWORD";

  private final Keycloak admin;
  private final String realmName;

  public KeycloakCredentials(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
  }

  /** The user's Keycloak ID for a username, if there is such a user. */
  @Override
  public Optional<String> userId(String username) {
    try {
      List<UserRepresentation> found =
          admin.realm(realmName).users().searchByUsername(username, true);
      return found.stream().findFirst().map(UserRepresentation::getId);
    } catch (WebApplicationException e) {
      throw refused("look up user " + username, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable looking up user " + username, 0, e);
    }
  }

  /**
   * Sets {@code password} as the user's temporary password and ends the user's sessions; returns
   * the state right after, whose {@link PasswordState#passwordSetAt()} identifies this credential.
   */
  @Override
  public PasswordState setTemporary(String userId, TemporaryPassword password) {
    try {
      UserResource user = admin.realm(realmName).users().get(userId);
      CredentialRepresentation credential = new CredentialRepresentation();
      credential.setType(CredentialRepresentation.PASSWORD);
      credential.setTemporary(true);
      credential.setValue(password.reveal());
      user.resetPassword(credential);
      user.logout();
      return state(user);
    } catch (NotFoundException e) {
      throw new KeycloakException(
          "Keycloak has no user " + userId + " to set a password for", 404, e);
    } catch (WebApplicationException e) {
      // Keycloak's message may quote the policy the value broke, never the value itself
      throw refused("set the temporary password of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable setting a password for " + userId, 0, e);
    }
  }

  /**
   * The label Mamori's required action reads on the password credential to refuse an expired
   * temporary password ({@code mamori-temporary-expires=<ISO instant>}): a label, not a user
   * attribute, so that recording it never re-validates the person's profile.
   */
  static final String EXPIRES_LABEL = "mamori-temporary-expires=";

  @Override
  public void expiresAt(String userId, java.time.Instant at) {
    try {
      UserResource user = admin.realm(realmName).users().get(userId);
      String credentialId =
          user.credentials().stream()
              .filter(c -> CredentialRepresentation.PASSWORD.equals(c.getType()))
              .map(CredentialRepresentation::getId)
              .findFirst()
              .orElseThrow(() ->
                  new KeycloakException(
                      "expected a password on user " + userId + " to label its expiry, found none",
                      404,
                      null));
      user.setCredentialUserLabel(credentialId, EXPIRES_LABEL + at);
    } catch (NotFoundException e) {
      throw new KeycloakException(
          "Keycloak has no user " + userId + " to set an expiry for", 404, e);
    } catch (WebApplicationException e) {
      throw refused("record the temporary password's expiry of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable recording an expiry for " + userId, 0, e);
    }
  }

  /** Where the user's password stands now; a user that is gone has no password. */
  @Override
  public PasswordState state(String userId) {
    try {
      return state(admin.realm(realmName).users().get(userId));
    } catch (NotFoundException e) {
      return new PasswordState(Optional.empty(), false);
    } catch (WebApplicationException e) {
      throw refused("read the credentials of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable reading " + userId, 0, e);
    }
  }

  /**
   * Removes the user's password (an unused temporary password that expired: it stops working, and
   * the person cannot log in until a new one is issued) and ends the user's sessions. Idempotent.
   */
  @Override
  public void withdrawPassword(String userId) {
    try {
      UserResource user = admin.realm(realmName).users().get(userId);
      for (CredentialRepresentation c : user.credentials()) {
        if (CredentialRepresentation.PASSWORD.equals(c.getType())) {
          user.removeCredential(c.getId());
        }
      }
      user.logout();
    } catch (NotFoundException e) {
      // the account is gone: nothing can log in with it
    } catch (WebApplicationException e) {
      throw refused("withdraw the password of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable withdrawing a password of " + userId, 0, e);
    }
  }

  private static PasswordState state(UserResource user) {
    Optional<Instant> setAt =
        user.credentials().stream()
            .filter(c -> CredentialRepresentation.PASSWORD.equals(c.getType()))
            .map(c ->
                c.getCreatedDate() == null
                    ? Instant.EPOCH
                    : Instant.ofEpochMilli(c.getCreatedDate()))
            .max(Instant::compareTo);
    List<String> actions = user.toRepresentation().getRequiredActions();
    return new PasswordState(setAt, actions != null && actions.contains(UPDATE_PASSWORD));
  }

  private KeycloakException refused(String what, WebApplicationException e) {
    return KeycloakException.refused(realmName, what, e);
  }
}
