package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.util.Optional;

/**
 * Privileged accounts in a directory (特権ID: administrator accounts and shared server IDs, named by
 * DN) as a privileged checkout needs them (PR-1, PR-4, PR-5): set a fresh password, enable and
 * disable, read the last login. Implementations never return null, never put a password in a
 * message, and report failures as exceptions that say whether a retry can help (LDAP's: {@code
 * PrivilegedDirectoryAccounts}).
 */
public interface PrivilegedDirectory {

  /** Whether an entry with this DN exists (an invalid DN is refused). */
  boolean exists(String dn);

  /** Sets {@code password} as the account's password. */
  void setPassword(String dn, char[] password);

  /**
   * Enables ({@code true}) or disables the account where the directory has an enabled state.
   *
   * @return whether the state was written (false where the directory has no such state)
   */
  boolean setEnabled(String dn, boolean enabled);

  /** When the account last logged in, if the directory records it. */
  Optional<Instant> lastLogin(String dn);
}
