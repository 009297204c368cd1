package jp.mamori.authz.privileged;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import jp.mamori.hrsync.reconcile.PrivilegedDirectory;
import jp.mamori.hrsync.reconcile.PrivilegedRoles;
import jp.mamori.hrsync.reconcile.TargetException;

/**
 * Where a privilege is opened and closed: a directory account (a fresh password, enabled; at
 * check-in another password nobody sees, disabled) or a Keycloak realm role (granted to the
 * holder's own account; at check-in removed and the holder's sessions ended).
 *
 * <p>Every method is idempotent, so a check-in cut off half-way can be repeated. A failure is a
 * {@link Unavailable} whether the target is down or refused: the caller records it and retries.
 *
 * <p>The targets are hr-sync's ports; the wiring picks the directory and Keycloak. Their failures
 * are caught as hr-sync's neutral {@link TargetException}, which says whether a retry can help.
 */
class PrivilegedTargets {

  private final Optional<PrivilegedDirectory> directory;
  private final PrivilegedRoles roles;
  private final Supplier<char[]> passwords;

  /**
   * @param directory the directory's privileged accounts, or empty where no directory is configured
   * @param passwords a fresh random password each call (CSPRNG, to the policy)
   */
  public PrivilegedTargets(
      Optional<PrivilegedDirectory> directory, PrivilegedRoles roles, Supplier<char[]> passwords) {
    this.directory = directory;
    this.roles = roles;
    this.passwords = passwords;
  }

  /** The target failed or refused; {@code retryable} when it was unreachable or busy. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    Unavailable(String message, boolean retryable, Throwable cause) {
      super(message, cause);
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  /** Whether the account's target exists (the DN, or the realm role). */
  public boolean exists(PrivilegedAccount account) {
    return guard(
        account,
        () ->
            switch (account.kind()) {
              case DIRECTORY -> directory().exists(account.target());
              case KEYCLOAK_ROLE -> roles.roleExists(account.target());
            });
  }

  /**
   * Opens the privilege for {@code holder}: for a directory account a fresh password is set and the
   * account enabled, and the password is returned (to be shown once); for a role, the role is
   * granted and nothing is returned.
   */
  public Optional<char[]> open(PrivilegedAccount account, String holder) {
    return guard(
        account,
        () -> {
          switch (account.kind()) {
            case DIRECTORY -> {
              char[] password = passwords.get();
              directory().setPassword(account.target(), password);
              directory().setEnabled(account.target(), true);
              return Optional.of(password);
            }
            case KEYCLOAK_ROLE -> {
              roles.grant(account.target(), holder);
              return Optional.<char[]>empty();
            }
          }
          throw new IllegalStateException("unknown kind " + account.kind());
        });
  }

  /**
   * Closes the privilege: for a directory account the password becomes one nobody has seen (what
   * was revealed stops working) and the account is disabled where the directory has that state; for
   * a role, the role is removed from the holder and the holder's sessions end.
   */
  public void close(PrivilegedAccount account, String holder) {
    guard(
        account,
        () -> {
          switch (account.kind()) {
            case DIRECTORY -> rotate(account);
            case KEYCLOAK_ROLE -> roles.revoke(account.target(), holder);
          }
          return null;
        });
  }

  /** Rotates an idle directory account's password (PR-4) and keeps it disabled. */
  public void rotateIdle(PrivilegedAccount account) {
    if (account.kind() == PrivilegedAccount.Kind.DIRECTORY) {
      guard(
          account,
          () -> {
            rotate(account);
            return null;
          });
    }
  }

  /**
   * Disables a directory account without changing its password (when the rotation failed but the
   * directory still takes this change); true if the state was written.
   */
  public boolean disableOnly(PrivilegedAccount account) {
    if (account.kind() != PrivilegedAccount.Kind.DIRECTORY) {
      return false;
    }
    try {
      return directory().setEnabled(account.target(), false);
    } catch (TargetException e) {
      return false;
    }
  }

  /** When a directory account last logged in, if the directory records it (empty for roles). */
  public Optional<java.time.Instant> lastLogin(PrivilegedAccount account) {
    if (account.kind() != PrivilegedAccount.Kind.DIRECTORY) {
      return Optional.empty();
    }
    return guard(account, () -> directory().lastLogin(account.target()));
  }

  /** Usernames holding a role account's realm role now (empty for directory accounts). */
  public Set<String> roleHolders(PrivilegedAccount account) {
    if (account.kind() != PrivilegedAccount.Kind.KEYCLOAK_ROLE) {
      return Set.of();
    }
    return guard(account, () -> roles.holders(account.target()));
  }

  private void rotate(PrivilegedAccount account) {
    char[] unseen = passwords.get();
    try {
      directory().setPassword(account.target(), unseen);
    } finally {
      Arrays.fill(unseen, '\0');
    }
    directory().setEnabled(account.target(), false);
  }

  private PrivilegedDirectory directory() {
    return directory.orElseThrow(() ->
        new Unavailable(
            "no directory is configured (mamori.directory.*): directory privileged IDs cannot be"
                + " used",
            false,
            null));
  }

  private <T> T guard(PrivilegedAccount account, Supplier<T> call) {
    try {
      return call.get();
    } catch (TargetException e) {
      throw new Unavailable(
          "privileged ID " + account.id() + ": " + e.getMessage(), e.retryable(), e);
    }
  }
}
