package jp.mamori.hrsync.reconcile;

import java.util.Set;

/**
 * Roles at the identity provider that carry a privilege (特権ID as a role), granted to a person's own
 * account for the time of a checkout and taken back at check-in (PR-2, PR-5). Granting a role
 * already held and removing one not held change nothing, so an interrupted check-in can be run
 * again. Implementations report failures as exceptions that say whether a retry can help
 * (Keycloak's: {@code KeycloakPrivilegedRoles}).
 */
public interface PrivilegedRoles {

  /** Whether the role exists. */
  boolean roleExists(String role);

  /** Grants the role to the user (by username). */
  void grant(String role, String username);

  /**
   * Removes the role from the user and ends every session of the user, so that no session keeps
   * what was taken back; nothing happens if the user is gone.
   */
  void revoke(String role, String username);

  /** Usernames holding the role now. */
  Set<String> holders(String role);
}
