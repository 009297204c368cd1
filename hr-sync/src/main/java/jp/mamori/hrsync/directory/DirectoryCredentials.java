package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedResult;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Staff passwords and lockouts held by the directory, for the mode in which the directory holds the
 * password (one password for Windows logon and SSO):
 *
 * <ul>
 *   <li><b>Temporary password</b> (PW-3, PW-4): Active Directory — {@code unicodePwd} over LDAPS
 *       and {@code pwdLastSet: 0}, so the DC answers a logon with {@code data 773} (must change);
 *       OpenLDAP — the Password Modify operation (the server hashes), then {@code pwdReset: TRUE},
 *       so ppolicy answers "change after reset" and allows nothing but the change.
 *   <li><b>Lockout</b> (LG-1): read from the server — AD's computed lockout flag ({@code
 *       msDS-User-Account-Control-Computed}), {@code lockoutTime} and {@code badPwdCount};
 *       OpenLDAP's {@code pwdAccountLockedTime} and {@code pwdFailureTime}. Mamori's own stop of an
 *       OpenLDAP account ({@code pwdAccountLockedTime: 000001010000Z}) is not a lockout and is
 *       never released by an unlock.
 *   <li><b>Unlock</b>: AD {@code lockoutTime: 0}; OpenLDAP removes {@code pwdAccountLockedTime}.
 *       OpenLDAP keeps the failure times (no client may change them) until the next successful
 *       bind, so one more wrong password before that locks again.
 * </ul>
 *
 * <p>No password passes through a log line, an exception message or {@code toString()}.
 */
public final class DirectoryCredentials {

  static final String PWD_RESET = "pwdReset";
  static final String PWD_FAILURE_TIME = "pwdFailureTime";
  static final String PWD_CHANGED_TIME = "pwdChangedTime";
  static final String LOCKOUT_TIME = "lockoutTime";
  static final String BAD_PWD_COUNT = "badPwdCount";
  static final String PWD_LAST_SET = "pwdLastSet";
  static final String UAC_COMPUTED = "msDS-User-Account-Control-Computed";

  /** UF_LOCKOUT in {@code msDS-User-Account-Control-Computed}. */
  static final int UF_LOCKOUT = 0x10;

  private final LdapDirectory directory;

  public DirectoryCredentials(LdapDirectory directory) {
    this.directory = directory;
  }

  /** The directory's lockout of one account, as the server records it. */
  public record Lockout(boolean locked, Optional<Instant> since, int failures) {
    public static final Lockout NONE = new Lockout(false, Optional.empty(), 0);
  }

  /**
   * Sets {@code password} as a temporary password that must be changed at the next logon, whichever
   * way the person logs on.
   *
   * @throws DirectoryException if the server refuses (its password rules, the service account's
   *     rights) or cannot be reached; the message never holds the password
   */
  public void issueTemporary(String dn, char[] password) {
    requireDn(dn);
    setPassword(directory, dn, password, "issue temporary password");
    List<Modification> mustChange =
        directory.schema() == DirectorySchema.ACTIVE_DIRECTORY
            ? List.of(new Modification(ModificationType.REPLACE, PWD_LAST_SET, "0"))
            : List.of(new Modification(ModificationType.REPLACE, PWD_RESET, "TRUE"));
    directory.modify(dn, mustChange, "require a password change at the next logon");
  }

  /**
   * Where the account's password stands, as the server records it: when it was set (AD {@code
   * pwdLastSet}, empty while it is 0; OpenLDAP {@code pwdChangedTime}) and whether it must be
   * changed at the next logon (AD {@code pwdLastSet: 0}; OpenLDAP {@code pwdReset: TRUE}).
   */
  public record PasswordStatus(Optional<Instant> setAt, boolean mustChange) {}

  /** The password's status now; no password and nothing pending for an account that is gone. */
  public PasswordStatus passwordStatus(String dn) {
    requireDn(dn);
    if (directory.schema() == DirectorySchema.ACTIVE_DIRECTORY) {
      Optional<SearchResultEntry> entry = directory.readEntry(dn, PWD_LAST_SET);
      String value = entry.map(e -> e.getAttributeValue(PWD_LAST_SET)).orElse(null);
      if (value == null) {
        return new PasswordStatus(Optional.empty(), false);
      }
      return new PasswordStatus(DirectorySchema.fileTime(value), value.strip().equals("0"));
    }
    Optional<SearchResultEntry> entry = directory.readEntry(dn, PWD_CHANGED_TIME, PWD_RESET);
    if (entry.isEmpty()) {
      return new PasswordStatus(Optional.empty(), false);
    }
    String changed = entry.get().getAttributeValue(PWD_CHANGED_TIME);
    return new PasswordStatus(
        Optional.ofNullable(changed).map(v -> generalizedTime(dn, PWD_CHANGED_TIME, v)),
        "TRUE".equalsIgnoreCase(entry.get().getAttributeValue(PWD_RESET)));
  }

  /**
   * Replaces the password by a random one nobody sees (an unused temporary password that expired
   * stops working; the person needs a new one). Stays marked for change at the next logon.
   */
  public void withdraw(String dn) {
    requireDn(dn);
    issueTemporary(dn, ActiveDirectoryPasswords.unknownPassword().toCharArray());
  }

  /**
   * The account's lockout now; {@link Lockout#NONE} for an account that does not exist.
   *
   * @throws DirectoryException if the server cannot be read
   */
  public Lockout lockout(String dn) {
    requireDn(dn);
    if (directory.schema() == DirectorySchema.ACTIVE_DIRECTORY) {
      Optional<SearchResultEntry> entry =
          directory.readEntry(dn, UAC_COMPUTED, LOCKOUT_TIME, BAD_PWD_COUNT);
      if (entry.isEmpty()) {
        return Lockout.NONE;
      }
      Integer computed = entry.get().getAttributeValueAsInteger(UAC_COMPUTED);
      boolean locked = computed != null && (computed & UF_LOCKOUT) != 0;
      Integer failures = entry.get().getAttributeValueAsInteger(BAD_PWD_COUNT);
      Optional<Instant> since =
          locked
              ? Optional.ofNullable(entry.get().getAttributeValue(LOCKOUT_TIME))
                  .flatMap(DirectorySchema::fileTime)
              : Optional.empty();
      return new Lockout(locked, since, failures == null ? 0 : failures);
    }
    Optional<SearchResultEntry> entry =
        directory.readEntry(dn, PersonEntries.PWD_ACCOUNT_LOCKED_TIME, PWD_FAILURE_TIME);
    if (entry.isEmpty()) {
      return Lockout.NONE;
    }
    String lockedAt = entry.get().getAttributeValue(PersonEntries.PWD_ACCOUNT_LOCKED_TIME);
    String[] failures = entry.get().getAttributeValues(PWD_FAILURE_TIME);
    int count = failures == null ? 0 : failures.length;
    if (lockedAt == null || PersonEntries.LOCKED_FOR_GOOD.equals(lockedAt)) {
      return new Lockout(false, Optional.empty(), count);
    }
    return new Lockout(
        true,
        Optional.of(generalizedTime(dn, PersonEntries.PWD_ACCOUNT_LOCKED_TIME, lockedAt)),
        count);
  }

  /**
   * Releases a lockout after failed logins. An account Mamori has stopped stays stopped.
   *
   * @return whether there was a lockout to release
   * @throws DirectoryException if the server refuses or cannot be reached
   */
  public boolean unlock(String dn) {
    if (!lockout(dn).locked()) {
      return false;
    }
    if (directory.schema() == DirectorySchema.ACTIVE_DIRECTORY) {
      directory.modify(
          dn,
          List.of(new Modification(ModificationType.REPLACE, LOCKOUT_TIME, "0")),
          "unlock account");
    } else {
      directory.modify(
          dn,
          List.of(new Modification(ModificationType.DELETE, PersonEntries.PWD_ACCOUNT_LOCKED_TIME)),
          "unlock account");
    }
    return true;
  }

  /**
   * Sets a password: Active Directory {@code unicodePwd} (quoted UTF-16LE, only over an encrypted
   * connection); OpenLDAP the Password Modify extended operation (RFC 3062), so that the server
   * hashes by its own policy and Mamori never writes a hash itself.
   */
  static void setPassword(LdapDirectory directory, String dn, char[] password, String operation) {
    try {
      if (directory.schema() == DirectorySchema.ACTIVE_DIRECTORY) {
        byte[] quoted = ("\"" + new String(password) + "\"").getBytes(StandardCharsets.UTF_16LE);
        directory.modifyRaw(
            dn, List.of(new Modification(ModificationType.REPLACE, "unicodePwd", quoted)));
      } else {
        PasswordModifyExtendedResult result =
            (PasswordModifyExtendedResult)
                directory.extended(
                    new PasswordModifyExtendedRequest(
                        dn, (byte[]) null, new String(password).getBytes(StandardCharsets.UTF_8)));
        if (result.getResultCode() != ResultCode.SUCCESS) {
          throw new LDAPException(result);
        }
      }
    } catch (LDAPException e) {
      DirectoryException failure = DirectoryFailures.of(directory.settings(), operation, dn, e);
      String secret = new String(password);
      if (failure.getMessage().contains(secret) || DirectoryFailures.mentions(e, secret)) {
        // a server that echoes what it was sent: keep the code and the place, drop the text
        throw new DirectoryException(
            e.getResultCode(),
            operation
                + " failed at "
                + directory.settings().endpoint()
                + " (entry "
                + dn
                + "): "
                + e.getResultCode(),
            null);
      }
      throw failure;
    }
  }

  private static Instant generalizedTime(String dn, String attribute, String value) {
    try {
      return com.unboundid.util.StaticUtils.decodeGeneralizedTime(value).toInstant();
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          attribute + " of " + dn + ": expected a generalized time, found " + value, e);
    }
  }

  private static void requireDn(String dn) {
    if (dn == null || dn.isBlank() || !DN.isValidDN(dn)) {
      throw new IllegalArgumentException(
          "expected the DN of a staff account (RFC 4514), found \"" + dn + "\"");
    }
  }
}
