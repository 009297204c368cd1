package jp.mamori.hrsync.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a staff member's temporary password is set, read and withdrawn (PW-4): Keycloak ({@code
 * KeycloakCredentials}) or, where the directory holds the password, the directory ({@code
 * DirectoryTemporaryPasswords}). Users are named by their Keycloak ID in both. The core owns this
 * port; the wiring picks the implementation.
 */
public interface TemporaryPasswordStore {

  /**
   * Where a password stands.
   *
   * @param passwordSetAt when the current password credential was created; empty if there is none
   * @param changeRequired whether a new password is still required at the next login
   */
  record PasswordState(Optional<Instant> passwordSetAt, boolean changeRequired) {}

  /** The user's Keycloak ID for a username, if there is such a user. */
  Optional<String> userId(String username);

  /**
   * Sets {@code password} as the user's temporary password, to be changed at the next login, and
   * ends the user's sessions; returns the state right after.
   */
  PasswordState setTemporary(String userId, TemporaryPassword password);

  /**
   * Records when the temporary password just set stops working, where the store can enforce it at
   * login (Keycloak with Mamori's provider); elsewhere the sweep withdraws it.
   */
  default void expiresAt(String userId, Instant at) {}

  /** Where the user's password stands now. */
  PasswordState state(String userId);

  /** Makes an unused temporary password stop working. Idempotent. */
  void withdrawPassword(String userId);
}
