package jp.mamori.hrsync.keycloak;

import java.util.Optional;
import jp.mamori.hrsync.sync.TemporaryPassword;

/**
 * Where a staff member's temporary password is set, read and withdrawn (PW-4): Keycloak ({@link
 * KeycloakCredentials}) or, where the directory holds the password, the directory ({@link
 * DirectoryTemporaryPasswords}). Users are named by their Keycloak ID in both.
 */
public interface TemporaryPasswordStore {

  /** The user's Keycloak ID for a username, if there is such a user. */
  Optional<String> userId(String username);

  /**
   * Sets {@code password} as the user's temporary password, to be changed at the next login, and
   * ends the user's sessions; returns the state right after.
   */
  KeycloakCredentials.PasswordState setTemporary(String userId, TemporaryPassword password);

  /**
   * Records when the temporary password just set stops working, where the store can enforce it at
   * login (Keycloak with Mamori's provider); elsewhere the sweep withdraws it.
   */
  default void expiresAt(String userId, java.time.Instant at) {}

  /** Where the user's password stands now. */
  KeycloakCredentials.PasswordState state(String userId);

  /** Makes an unused temporary password stop working. Idempotent. */
  void withdrawPassword(String userId);
}
