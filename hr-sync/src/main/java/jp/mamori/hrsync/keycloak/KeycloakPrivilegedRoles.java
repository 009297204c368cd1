package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.hrsync.reconcile.PrivilegedRoles;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak realm roles that carry a privilege (特権ID as a role: a business system's administrator
 * role, a realm-management role) granted to a person's own account for the time of a checkout and
 * taken back at check-in (PR-2, PR-5), with the holder's sessions ended so that no session keeps
 * what was taken back; also who holds such a role now, to find grants made outside a checkout.
 *
 * <p>Granting a role the user already holds and removing one the user does not hold change nothing:
 * both are idempotent, so a check-in interrupted half-way can be run again.
 */
public final class KeycloakPrivilegedRoles implements PrivilegedRoles {

  private final Keycloak admin;
  private final String realmName;

  public KeycloakPrivilegedRoles(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
  }

  /** Whether the realm has this role. */
  @Override
  public boolean roleExists(String role) {
    return call(
        "read realm role " + role,
        () -> {
          try {
            realm().roles().get(role).toRepresentation();
            return true;
          } catch (NotFoundException e) {
            return false;
          }
        });
  }

  /** Grants the realm role to the user (by username). */
  @Override
  public void grant(String role, String username) {
    call(
        "grant realm role " + role + " to " + username,
        () -> {
          String id = userId(username);
          RoleRepresentation rep = realm().roles().get(role).toRepresentation();
          realm().users().get(id).roles().realmLevel().add(List.of(rep));
          return null;
        });
  }

  /**
   * Removes the realm role from the user and ends every session of the user (tokens issued before
   * now stop being accepted by Keycloak: not-before).
   */
  @Override
  public void revoke(String role, String username) {
    call(
        "remove realm role " + role + " from " + username,
        () -> {
          Optional<String> id = findUserId(username);
          if (id.isEmpty()) {
            return null; // nobody to take it from: the account is gone
          }
          RoleRepresentation rep = realm().roles().get(role).toRepresentation();
          var user = realm().users().get(id.get());
          boolean holds =
              user.roles().realmLevel().listAll().stream().anyMatch(r -> r.getName().equals(role));
          if (holds) {
            user.roles().realmLevel().remove(List.of(rep));
          }
          user.logout();
          return null;
        });
  }

  /** Usernames that hold the realm role directly now. */
  @Override
  public Set<String> holders(String role) {
    return call(
        "list the holders of realm role " + role,
        () ->
            realm().roles().get(role).getUserMembers(0, 10_000).stream()
                .map(UserRepresentation::getUsername)
                .collect(Collectors.toUnmodifiableSet()));
  }

  /**
   * The person's 雇用区分 as onboarding recorded it ({@link KeycloakAccounts#EMPLOYMENT_TYPE}), or
   * empty when the user or the attribute is not there.
   */
  public Optional<String> employmentType(String username) {
    return call(
        "read the employment type of " + username,
        () ->
            realm().users().searchByUsername(username, true).stream()
                .filter(u -> username.equals(u.getUsername()))
                .findFirst()
                .flatMap(u ->
                    Optional.ofNullable(u.getAttributes())
                        .map(a -> a.get(KeycloakAccounts.EMPLOYMENT_TYPE))
                        .filter(v -> !v.isEmpty())
                        .map(v -> v.getFirst())));
  }

  private String userId(String username) {
    return findUserId(username)
        .orElseThrow(() ->
            new KeycloakException(
                "Keycloak has no user " + username + " in realm " + realmName, 404, null));
  }

  private Optional<String> findUserId(String username) {
    return realm().users().searchByUsername(username, true).stream()
        .filter(u -> username.equals(u.getUsername()))
        .map(UserRepresentation::getId)
        .findFirst();
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  private <T> T call(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (NotFoundException e) {
      throw new KeycloakException(
          "Keycloak has nothing to " + what + " in realm " + realmName + " (404)", 404, e);
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, what, e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, what, e);
    }
  }
}
