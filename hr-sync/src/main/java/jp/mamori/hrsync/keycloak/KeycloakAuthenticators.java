package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.hrsync.reconcile.AccountAuthenticators;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * A staff member's authenticators in Keycloak (WebAuthn security keys and passkeys, and IC cards as
 * X.509 client certificates, see {@link KeycloakIcCards}; MF-3): listed with their state, one
 * suspended at once when reported lost (the account and its other credentials stay usable: the next
 * login to a tier that needs one registers a replacement), reinstated when found, retired (deleted)
 * once replaced. Suspension needs Mamori's Keycloak provider, which is the only way to make
 * Keycloak ignore one credential without deleting it.
 */
public final class KeycloakAuthenticators implements AccountAuthenticators {

  /** The credential types that are authenticators. */
  static final List<String> TYPES = List.of("webauthn", "webauthn-passwordless");

  static final String SUSPENDED_PREFIX = "mamori-suspended:";

  private final Keycloak admin;
  private final String realmName;
  private final KeycloakIcCards cards;
  private final KeycloakCredentials users;

  public KeycloakAuthenticators(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
    this.cards = new KeycloakIcCards(admin, realmName);
    this.users = new KeycloakCredentials(admin, realmName);
  }

  /** The IC cards part (registration and the login's configuration). */
  public KeycloakIcCards icCards() {
    return cards;
  }

  /** The user's Keycloak ID for a username, if there is such a user. */
  @Override
  public Optional<String> userId(String username) {
    return users.userId(username);
  }

  /** Registers an IC card (see {@link KeycloakIcCards#register}). */
  @Override
  public Authenticator registerIcCard(String userId, X509Certificate certificate, Instant now) {
    return cards.register(userId, certificate, now);
  }

  /** The user's authenticators (security keys, then IC cards), suspended ones included. */
  @Override
  public List<Authenticator> list(String userId) {
    try {
      var user = admin.realm(realmName).users().get(userId);
      List<Authenticator> all =
          new java.util.ArrayList<>(
              user.credentials().stream()
                  .map(KeycloakAuthenticators::toAuthenticator)
                  .flatMap(Optional::stream)
                  .toList());
      all.addAll(KeycloakIcCards.list(user.toRepresentation()));
      return List.copyOf(all);
    } catch (NotFoundException e) {
      throw new KeycloakException("Keycloak has no user " + userId, 404, e);
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "list the credentials of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable listing credentials of " + userId, 0, e);
    }
  }

  /** Suspends one authenticator at once; idempotent. */
  @Override
  public void suspend(String userId, String credentialId) {
    if (KeycloakIcCards.isThumbprint(credentialId)) {
      cards.suspend(userId, credentialId);
    } else {
      call(userId, credentialId, true);
    }
  }

  /** Reinstates a suspended authenticator; idempotent. */
  @Override
  public void reinstate(String userId, String credentialId) {
    if (KeycloakIcCards.isThumbprint(credentialId)) {
      cards.reinstate(userId, credentialId);
    } else {
      call(userId, credentialId, false);
    }
  }

  /** Deletes an authenticator (retired: replaced by a new one); one already gone is fine. */
  @Override
  public void retire(String userId, String credentialId) {
    if (KeycloakIcCards.isThumbprint(credentialId)) {
      cards.retire(userId, credentialId);
      return;
    }
    try {
      admin.realm(realmName).users().get(userId).removeCredential(credentialId);
    } catch (NotFoundException e) {
      // gone already
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "retire credential " + credentialId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable retiring " + credentialId, 0, e);
    }
  }

  /** Ends every session of the user (a lost authenticator may have opened one). */
  @Override
  public void endSessions(String userId) {
    try {
      admin.realm(realmName).users().get(userId).logout();
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "end the sessions of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable ending sessions of " + userId, 0, e);
    }
  }

  private void call(String userId, String credentialId, boolean suspend) {
    MamoriProviderApi api = admin.proxy(MamoriProviderApi.class);
    try {
      if (suspend) {
        api.suspendCredential(realmName, userId, credentialId);
      } else {
        api.reinstateCredential(realmName, userId, credentialId);
      }
    } catch (NotFoundException e) {
      throw new KeycloakException(
          "Keycloak has no credential "
              + credentialId
              + " of user "
              + userId
              + ", or Mamori's provider is not installed (it is needed to suspend one"
              + " credential)",
          404,
          e);
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(
          realmName, (suspend ? "suspend" : "reinstate") + " credential " + credentialId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable changing credential " + credentialId, 0, e);
    }
  }

  private static Optional<Authenticator> toAuthenticator(CredentialRepresentation c) {
    String type = c.getType();
    boolean suspended = type != null && type.startsWith(SUSPENDED_PREFIX);
    String base = suspended ? type.substring(SUSPENDED_PREFIX.length()) : type;
    if (!TYPES.contains(base)) {
      return Optional.empty();
    }
    return Optional.of(
        new Authenticator(
            c.getId(),
            base,
            c.getUserLabel() == null ? "" : c.getUserLabel(),
            Optional.ofNullable(c.getCreatedDate()).map(Instant::ofEpochMilli),
            suspended));
  }
}
