package jp.mamori.hrsync.sync;

import java.util.Optional;
import jp.mamori.hrsync.hr.StaffRecord;

/**
 * The identity provider (Keycloak) as the sync needs it. Implementations never return null and
 * report failures as exceptions that say whether a retry can help.
 */
public interface IdentityProviderPort {

  /** The account with exactly this username, if any. */
  Optional<IdpAccount> findByUsername(String username);

  /**
   * Creates an enabled account for {@code staff} with a temporary password that must be changed at
   * the first login on every login path (PW-4).
   *
   * @throws RuntimeException if the account exists or the password breaks the realm's policy
   */
  IdpAccount create(StaffRecord staff, String username, TemporaryPassword password);
}
