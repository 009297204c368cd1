package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.policy.LockoutRules;
import jp.mamori.policy.PasswordRules;

/**
 * The policy's password and lockout rules as the directory itself enforces them, for the mode in
 * which the directory holds the password (one password for Windows logon and SSO): written by
 * Mamori and checked for drift like the realm's (PW-1, PW-2, LG-1, AU-5).
 *
 * <ul>
 *   <li><b>OpenLDAP</b>: the ppolicy overlay's {@code pwdPolicy} entry ({@code pwdMinLength},
 *       {@code pwdInHistory}, {@code pwdMaxAge}, {@code pwdMaxFailure}, {@code pwdLockout}, {@code
 *       pwdLockoutDuration}, {@code pwdFailureCountInterval}, {@code pwdMustChange}, {@code
 *       pwdAllowUserChange}). The entry must be the overlay's default policy ({@code
 *       olcPPolicyDefault}) or named by the accounts' {@code pwdPolicySubentry}.
 *   <li><b>Active Directory</b>: a fine-grained password policy ({@code msDS-PasswordSettings}, a
 *       PSO in {@code CN=Password Settings Container,CN=System,<domain>}) applied to the staff
 *       group ({@code msDS-PSOAppliesTo}).
 * </ul>
 *
 * <p>What a directory cannot express, and how it is mapped (the administrator's guide repeats it):
 * a lock that grows with each failure does not exist in either server, so the lock lasts the
 * policy's longest wait ({@code lockout.maxWait}), or until an administrator releases it when the
 * policy says permanent. AD cannot count characters of each kind: its complexity rule (three of
 * four kinds, not the account name) is switched on when the policy asks for two or more kinds;
 * Keycloak checks the exact rule for changes made through SSO. AD wants the observation window no
 * longer than the lock, so it is shortened to the lock where the policy's reset time is longer.
 */
public final class DirectoryPasswordPolicy {

  /** AD's "never" for an interval attribute (0x8000000000000000). */
  static final String AD_NEVER = Long.toString(Long.MIN_VALUE);

  /** The PSO's precedence: lower wins over other PSOs applying to the same person. */
  static final String PSO_PRECEDENCE = "10";

  private final DirectorySchema schema;
  private final String entryDn;
  private final Optional<String> appliesTo;
  private final Map<String, String> wanted;

  private DirectoryPasswordPolicy(
      DirectorySchema schema,
      String entryDn,
      Optional<String> appliesTo,
      Map<String, String> wanted) {
    this.schema = schema;
    this.entryDn = entryDn;
    this.appliesTo = appliesTo;
    this.wanted = Map.copyOf(wanted);
  }

  /**
   * The ppolicy entry {@code policyDn} with the policy's values.
   *
   * @throws IllegalArgumentException if {@code policyDn} is not a DN
   */
  public static DirectoryPasswordPolicy openLdap(
      String policyDn, PasswordRules password, LockoutRules lockout) {
    requireDn(policyDn, "policy entry");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("pwdAttribute", "userPassword");
    values.put("pwdMinLength", Integer.toString(password.minLength()));
    // the server checks the length of the cleartext it hashes; a pre-hashed value is refused
    values.put("pwdCheckQuality", "2");
    values.put("pwdInHistory", Integer.toString(password.historyCount()));
    values.put("pwdMaxAge", Long.toString(password.maxAge().toSeconds()));
    values.put("pwdMaxFailure", Integer.toString(lockout.maxFailures()));
    values.put("pwdLockout", "TRUE");
    values.put(
        "pwdLockoutDuration",
        lockout.permanent() ? "0" : Long.toString(lockout.maxWait().toSeconds()));
    values.put("pwdFailureCountInterval", Long.toString(lockout.failureResetTime().toSeconds()));
    values.put("pwdMustChange", "TRUE");
    values.put("pwdAllowUserChange", "TRUE");
    return new DirectoryPasswordPolicy(
        DirectorySchema.OPENLDAP, policyDn, Optional.empty(), values);
  }

  /**
   * The PSO {@code psoDn} with the policy's values, applied to {@code staffGroupDn}.
   *
   * @throws IllegalArgumentException if either is not a DN
   */
  public static DirectoryPasswordPolicy activeDirectory(
      String psoDn, String staffGroupDn, PasswordRules password, LockoutRules lockout) {
    requireDn(psoDn, "PSO");
    requireDn(staffGroupDn, "staff group");
    Duration lock = lockout.permanent() ? null : lockout.maxWait();
    Duration window =
        lock == null || lockout.failureResetTime().compareTo(lock) <= 0
            ? lockout.failureResetTime()
            : lock;
    int kinds =
        (password.minUpperCase() > 0 ? 1 : 0)
            + (password.minLowerCase() > 0 ? 1 : 0)
            + (password.minDigits() > 0 ? 1 : 0)
            + (password.minSpecialChars() > 0 ? 1 : 0);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("msDS-PasswordSettingsPrecedence", PSO_PRECEDENCE);
    values.put("msDS-PasswordReversibleEncryptionEnabled", "FALSE");
    values.put("msDS-PasswordHistoryLength", Integer.toString(password.historyCount()));
    values.put("msDS-PasswordComplexityEnabled", kinds >= 2 ? "TRUE" : "FALSE");
    values.put("msDS-MinimumPasswordLength", Integer.toString(Math.min(password.minLength(), 255)));
    values.put("msDS-MinimumPasswordAge", "0");
    values.put(
        "msDS-MaximumPasswordAge",
        password.maxAge().isZero() ? AD_NEVER : interval(password.maxAge()));
    values.put("msDS-LockoutThreshold", Integer.toString(lockout.maxFailures()));
    values.put("msDS-LockoutObservationWindow", interval(window));
    values.put("msDS-LockoutDuration", lock == null ? AD_NEVER : interval(lock));
    values.put("msDS-PSOAppliesTo", staffGroupDn);
    return new DirectoryPasswordPolicy(
        DirectorySchema.ACTIVE_DIRECTORY, psoDn, Optional.of(staffGroupDn), values);
  }

  /** An AD interval: the negative count of 100-nanosecond ticks. */
  static String interval(Duration d) {
    return Long.toString(-d.toSeconds() * 10_000_000L);
  }

  /** The DN of the policy entry (ppolicy entry or PSO). */
  public String entryDn() {
    return entryDn;
  }

  /** The group the PSO applies to (Active Directory only). */
  public Optional<String> appliesTo() {
    return appliesTo;
  }

  /** The values Mamori writes, attribute → value, in a stable order. */
  public Map<String, String> wanted() {
    Map<String, String> sorted = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(wanted);
    return sorted;
  }

  /** One attribute whose value on the server is not the policy's. */
  public record Difference(String attribute, String expected, Optional<String> found) {
    @Override
    public String toString() {
      return attribute + ": expected " + expected + ", found " + found.orElse("(none)");
    }
  }

  /**
   * What differs between the server's entry and the policy: empty when the directory enforces the
   * policy; every attribute when the entry is missing.
   *
   * @throws DirectoryException if the entry cannot be read
   */
  public List<Difference> differences(LdapDirectory directory) {
    requireSchema(directory);
    Optional<SearchResultEntry> entry =
        directory.readEntry(entryDn, wanted.keySet().toArray(String[]::new));
    List<Difference> out = new ArrayList<>();
    for (Map.Entry<String, String> want : wanted().entrySet()) {
      Optional<String> found = entry.map(e -> e.getAttributeValue(want.getKey()));
      if (found.isEmpty() || !same(want.getKey(), want.getValue(), found.get())) {
        out.add(new Difference(want.getKey(), want.getValue(), found));
      }
    }
    return out;
  }

  /**
   * Makes the server's entry hold the policy: creates it if missing, otherwise replaces the values
   * that differ. Returns what was different before (empty when nothing was written).
   *
   * @throws DirectoryException if the server refuses (for example the service account lacks the
   *     right on the policy entry or the PSO container)
   */
  public List<Difference> apply(LdapDirectory directory) {
    List<Difference> before = differences(directory);
    if (before.isEmpty()) {
      return before;
    }
    if (directory.readEntry(entryDn, "objectClass").isEmpty()) {
      directory.add(newEntry(), "create password policy entry");
    } else {
      List<Modification> changes = new ArrayList<>();
      for (Difference d : before) {
        changes.add(new Modification(ModificationType.REPLACE, d.attribute(), d.expected()));
      }
      directory.modify(entryDn, changes, "write password policy");
    }
    return before;
  }

  /**
   * Makes the account a member of the group the PSO applies to (Active Directory), so that the
   * directory's password and lockout rules are the policy's for this person too; idempotent. For
   * OpenLDAP nothing is written: the ppolicy default entry applies to every account.
   *
   * @return whether a membership was written
   * @throws DirectoryException if the server refuses (the service account needs write access to the
   *     group's {@code member})
   */
  public boolean enrol(LdapDirectory directory, String accountDn) {
    requireSchema(directory);
    requireDn(accountDn, "account");
    if (appliesTo.isEmpty()) {
      return false;
    }
    directory.addMember(appliesTo.get(), accountDn, "add to the staff group");
    return true;
  }

  private Entry newEntry() {
    List<Attribute> attributes = new ArrayList<>();
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      attributes.add(new Attribute("objectClass", "msDS-PasswordSettings"));
    } else {
      String rdnValue;
      try {
        rdnValue = new DN(entryDn).getRDN().getAttributeValues()[0];
      } catch (LDAPException e) {
        throw new IllegalStateException("validated DN", e);
      }
      attributes.add(new Attribute("objectClass", "device", "pwdPolicy"));
      attributes.add(new Attribute("cn", rdnValue));
    }
    wanted.forEach((k, v) -> attributes.add(new Attribute(k, v)));
    return new Entry(entryDn, attributes);
  }

  private static boolean same(String attribute, String expected, String found) {
    if (attribute.equalsIgnoreCase("msDS-PSOAppliesTo")) {
      try {
        return new DN(expected).equals(new DN(found));
      } catch (LDAPException e) {
        return false;
      }
    }
    return expected.equalsIgnoreCase(found);
  }

  private void requireSchema(LdapDirectory directory) {
    if (directory.schema() != schema) {
      throw new IllegalArgumentException(
          "expected a "
              + schema
              + " directory for this password policy, found "
              + directory.schema());
    }
  }

  private static void requireDn(String dn, String what) {
    Objects.requireNonNull(dn, what + " DN");
    if (dn.isBlank() || !DN.isValidDN(dn)) {
      throw new IllegalArgumentException(
          "expected the DN of the " + what + " (RFC 4514), found \"" + dn + "\"");
    }
  }
}
