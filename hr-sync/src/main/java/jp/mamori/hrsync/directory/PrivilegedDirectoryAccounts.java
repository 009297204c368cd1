package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.List;
import java.util.Optional;
import jp.mamori.hrsync.reconcile.PrivilegedDirectory;

/**
 * Privileged directory accounts (特権ID: LDAP / Active Directory administrator accounts and shared
 * server IDs) as Mamori's checkout needs them (PR-1, PR-4, PR-5): set a fresh password, enable and
 * disable. The accounts are named by DN and may live outside the people subtree.
 *
 * <ul>
 *   <li><b>Password, OpenLDAP</b>: the Password Modify extended operation (RFC 3062), so that the
 *       server hashes the new password by its own policy (OpenLDAP's {@code ppolicy_hash_cleartext}
 *       or {@code password-hash}); Mamori never writes a hash itself.
 *   <li><b>Password, Active Directory</b>: {@code unicodePwd} replaced with the quoted UTF-16LE
 *       value, which AD accepts only over an encrypted connection (LDAPS or StartTLS, {@code
 *       mamori.directory.use-tls}).
 *   <li><b>Enabled state</b>: Active Directory's ACCOUNTDISABLE bit of {@code userAccountControl}.
 *       OpenLDAP has no standard flag (see {@link DirectorySchema#OPENLDAP}): there an account is
 *       closed by its password, which after a check-in is a random value nobody has seen.
 * </ul>
 *
 * <p>No password passes through a log line, an exception message or {@code toString()}.
 */
public final class PrivilegedDirectoryAccounts implements PrivilegedDirectory {

  private static final String UAC = "userAccountControl";

  private final LdapDirectory directory;

  public PrivilegedDirectoryAccounts(LdapDirectory directory) {
    this.directory = directory;
  }

  /** Whether an entry with this DN exists (an invalid DN is refused). */
  @Override
  public boolean exists(String dn) {
    requireDn(dn);
    return directory.readPerson(dn).isPresent();
  }

  /**
   * Sets {@code password} as the account's password.
   *
   * @throws DirectoryException if the directory refuses or cannot be reached ({@link
   *     DirectoryException#retryable()} tells which); the message never holds the password
   */
  @Override
  public void setPassword(String dn, char[] password) {
    requireDn(dn);
    DirectoryCredentials.setPassword(directory, dn, password, "set privileged password");
  }

  /**
   * Enables ({@code true}) or disables the account where the schema has an enabled state (Active
   * Directory); for OpenLDAP nothing is written and {@code false} is returned.
   *
   * @return whether the state was written
   */
  @Override
  public boolean setEnabled(String dn, boolean enabled) {
    requireDn(dn);
    if (!directory.schema().managesEnabledState()) {
      return false;
    }
    Optional<SearchResultEntry> entry = directory.readEntry(dn, UAC);
    if (entry.isEmpty()) {
      throw new DirectoryException(
          ResultCode.NO_SUCH_OBJECT,
          "privileged account "
              + dn
              + " not found at "
              + directory.settings().endpoint()
              + ": expected the DN registered for it",
          null);
    }
    Integer current = entry.get().getAttributeValueAsInteger(UAC);
    int value = current == null ? DirectorySchema.UAC_NORMAL_ACCOUNT : current;
    int next =
        enabled
            ? value & ~DirectorySchema.UAC_ACCOUNT_DISABLE
            : value | DirectorySchema.UAC_ACCOUNT_DISABLE;
    if (next != value || current == null) {
      directory.modify(
          dn,
          List.of(new Modification(ModificationType.REPLACE, UAC, Integer.toString(next))),
          enabled ? "enable privileged account" : "disable privileged account");
    }
    return true;
  }

  /**
   * When the account last logged in, as the directory records it: Active Directory's {@code
   * lastLogonTimestamp}; OpenLDAP's {@code authTimestamp}, which only the lastbind overlay
   * (slapo-lastbind) keeps — without it, empty. Used to find privileged use outside a checkout.
   */
  @Override
  public Optional<java.time.Instant> lastLogin(String dn) {
    requireDn(dn);
    String attribute =
        directory.schema() == DirectorySchema.ACTIVE_DIRECTORY
            ? "lastLogonTimestamp"
            : AUTH_TIMESTAMP;
    Optional<SearchResultEntry> entry = directory.readEntry(dn, attribute);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String value = entry.get().getAttributeValue(attribute);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (directory.schema() == DirectorySchema.ACTIVE_DIRECTORY) {
      return DirectorySchema.fileTime(value);
    }
    try {
      return Optional.of(com.unboundid.util.StaticUtils.decodeGeneralizedTime(value).toInstant());
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException(
          AUTH_TIMESTAMP + " of " + dn + ": expected a generalized time, found " + value, e);
    }
  }

  /** OpenLDAP lastbind overlay's attribute of the last successful bind. */
  static final String AUTH_TIMESTAMP = "authTimestamp";

  private static void requireDn(String dn) {
    if (dn == null || dn.isBlank()) {
      throw new IllegalArgumentException("expected the DN of a privileged account, found none");
    }
    if (!DN.isValidDN(dn)) {
      throw new IllegalArgumentException(
          "expected the DN of a privileged account (RFC 4514), found \"" + dn + "\"");
    }
  }
}
