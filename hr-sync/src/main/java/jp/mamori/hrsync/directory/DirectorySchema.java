package jp.mamori.hrsync.directory;

import java.util.List;

/**
 * How people are stored in the two kinds of directory Mamori writes to: which object classes an
 * account gets and which attribute carries each field.
 *
 * <table>
 *   <caption>Attributes per schema</caption>
 *   <tr><th>field</th><th>{@link #OPENLDAP}</th><th>{@link #ACTIVE_DIRECTORY}</th></tr>
 *   <tr><td>RDN</td><td>{@code uid=<login>}</td><td>{@code cn=<login>}</td></tr>
 *   <tr><td>login name</td><td>{@code uid}</td><td>{@code sAMAccountName}</td></tr>
 *   <tr><td>職員番号</td><td>{@code employeeNumber}</td><td>{@code employeeID}</td></tr>
 *   <tr><td>氏名</td><td>{@code cn}, {@code displayName}</td><td>{@code displayName}</td></tr>
 *   <tr><td>氏 / 名</td><td>{@code sn} / {@code givenName}</td><td>{@code sn} /
 *       {@code givenName}</td></tr>
 *   <tr><td>所属コード</td><td>{@code departmentNumber}</td><td>{@code departmentNumber}</td></tr>
 *   <tr><td>所属名</td><td>{@code ou}</td><td>{@code department}</td></tr>
 *   <tr><td>職名</td><td>{@code title}</td><td>{@code title}</td></tr>
 *   <tr><td>雇用区分</td><td>{@code employeeType}</td><td>{@code employeeType}</td></tr>
 *   <tr><td>enabled</td><td>not managed</td><td>{@code userAccountControl}</td></tr>
 * </table>
 *
 * <p>The RDN is the login name in both schemas, never the person's name: it is unique wherever the
 * login name is (two staff with the same name — 同姓同名 — do not collide), it does not change when a
 * name changes (改姓), and the DNs that appear in logs and error messages carry no name.
 */
public enum DirectorySchema {
  /**
   * OpenLDAP and other RFC 4519 / RFC 2798 directories: {@code inetOrgPerson} entries.
   *
   * <p><strong>Enabled state is not managed in this version.</strong> These directories have no
   * standard "disabled" flag (the ppolicy overlay's {@code pwdAccountLockedTime} also marks
   * temporary lockouts after failed logins, so it cannot be read as "disabled"). Accounts read from
   * them are therefore reported as enabled; whether a person may log in is enforced in Keycloak.
   */
  OPENLDAP(
      List.of("top", "person", "organizationalPerson", "inetOrgPerson"),
      "person",
      "uid",
      "uid",
      "employeeNumber",
      "cn",
      "ou"),

  /**
   * Microsoft Active Directory: {@code user} entries.
   *
   * <p>Accounts are created <em>disabled</em>, with {@code userAccountControl} 514 ({@code
   * NORMAL_ACCOUNT | ACCOUNTDISABLE}) and no password. Creating them enabled without a password
   * would need {@code PASSWD_NOTREQD} (546 = 512|32|2 when disabled), which stays on the account
   * and lets it later be enabled with an empty password — a standard audit finding. The account is
   * enabled (512) by whoever sets its first temporary password over a protected connection (PW-4);
   * this version of the connector does not. Real AD also refuses {@code sAMAccountName}s longer
   * than 20 characters or holding {@code " / \ [ ] : ; | = , + * ? < >}; those are refused before
   * the directory is asked.
   */
  ACTIVE_DIRECTORY(
      List.of("top", "person", "organizationalPerson", "user"),
      "user",
      "cn",
      "sAMAccountName",
      "employeeID",
      "displayName",
      "department");

  /** {@code userAccountControl}: NORMAL_ACCOUNT. */
  static final int UAC_NORMAL_ACCOUNT = 0x200;

  /** {@code userAccountControl}: ACCOUNTDISABLE. */
  static final int UAC_ACCOUNT_DISABLE = 0x2;

  private static final int AD_LOGIN_MAX = 20;
  private static final int LOGIN_MAX = 64;
  private static final String AD_LOGIN_FORBIDDEN = "\"/\\[]:;|=,+*?<>";

  private final List<String> objectClasses;
  private final String personObjectClass;
  private final String rdnAttribute;
  private final String loginAttribute;
  private final String employeeNumberAttribute;
  private final String fullNameAttribute;
  private final String sectionNameAttribute;

  DirectorySchema(
      List<String> objectClasses,
      String personObjectClass,
      String rdnAttribute,
      String loginAttribute,
      String employeeNumberAttribute,
      String fullNameAttribute,
      String sectionNameAttribute) {
    this.objectClasses = objectClasses;
    this.personObjectClass = personObjectClass;
    this.rdnAttribute = rdnAttribute;
    this.loginAttribute = loginAttribute;
    this.employeeNumberAttribute = employeeNumberAttribute;
    this.fullNameAttribute = fullNameAttribute;
    this.sectionNameAttribute = sectionNameAttribute;
  }

  /** The object classes a created account gets. */
  public List<String> objectClasses() {
    return objectClasses;
  }

  /**
   * The object class that marks an entry as a person account when searching: {@code person} for
   * OpenLDAP, {@code user} (minus {@code computer}, which AD derives from it) for Active Directory.
   */
  public String personObjectClass() {
    return personObjectClass;
  }

  /** The attribute of the account's RDN; its value is the login name. */
  public String rdnAttribute() {
    return rdnAttribute;
  }

  /** The attribute holding the login name. */
  public String loginAttribute() {
    return loginAttribute;
  }

  /** The attribute holding 職員番号, by which accounts are linked to HR records. */
  public String employeeNumberAttribute() {
    return employeeNumberAttribute;
  }

  /** The attribute read as the person's full name (氏名). */
  public String fullNameAttribute() {
    return fullNameAttribute;
  }

  /**
   * The attribute that records the account's last logon: Active Directory's {@code
   * lastLogonTimestamp} (a Windows FILETIME, replicated to every domain controller, but only
   * updated when it is older than 9 to 14 days — see {@link #LAST_LOGON_LAG}; {@code lastLogon} is
   * per DC and not replicated); OpenLDAP's {@code authTimestamp}, kept by the lastbind overlay
   * ({@code slapo-lastbind}; absent without it).
   */
  public java.util.Optional<String> lastLoginAttribute() {
    return java.util.Optional.of(this == ACTIVE_DIRECTORY ? "lastLogonTimestamp" : "authTimestamp");
  }

  /**
   * How much later than its {@code lastLogonTimestamp} an Active Directory account may have last
   * logged on: the DC rewrites the value only when it is older than {@code
   * ms-DS-Logon-Time-Sync-Interval} (14 days by default) less a random 0–5 days. Dormancy is judged
   * from the value plus this lag, so that nobody is taken for dormant who logged on in those days.
   */
  public static final java.time.Duration LAST_LOGON_LAG = java.time.Duration.ofDays(14);

  /**
   * The last logon a {@link #lastLoginAttribute()} value stands for: AD's FILETIME plus {@link
   * #LAST_LOGON_LAG} (never later than {@code now}); OpenLDAP's generalized time as it is.
   *
   * @throws IllegalArgumentException if the value cannot be read
   */
  java.util.Optional<java.time.Instant> lastLogon(String value, java.time.Instant now) {
    if (this == ACTIVE_DIRECTORY) {
      return fileTime(value).map(t -> t.plus(LAST_LOGON_LAG)).map(t -> t.isAfter(now) ? now : t);
    }
    try {
      return java.util.Optional.of(
          com.unboundid.util.StaticUtils.decodeGeneralizedTime(value).toInstant());
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException(
          "authTimestamp: expected a generalized time, found " + value, e);
    }
  }

  /**
   * Reads a {@link #lastLoginAttribute()} value: 100-nanosecond intervals since 1601-01-01 UTC; 0
   * (or absent) means never logged on.
   *
   * @throws IllegalArgumentException if the value is not a non-negative integer
   */
  static java.util.Optional<java.time.Instant> fileTime(String value) {
    long ticks;
    try {
      ticks = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "lastLogonTimestamp: expected a Windows FILETIME (integer), found " + value, e);
    }
    if (ticks < 0) {
      throw new IllegalArgumentException(
          "lastLogonTimestamp: expected a non-negative FILETIME, found " + value);
    }
    if (ticks == 0) {
      return java.util.Optional.empty();
    }
    long seconds = ticks / 10_000_000L - FILETIME_EPOCH_OFFSET_SECONDS;
    long nanos = (ticks % 10_000_000L) * 100;
    return java.util.Optional.of(java.time.Instant.ofEpochSecond(seconds, nanos));
  }

  /** Seconds from 1601-01-01 to 1970-01-01. */
  static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;

  /**
   * Where Mamori keeps its lifecycle state marker ({@code mamori-state: …}): {@code description} in
   * OpenLDAP (multi-valued, one value is Mamori's); {@code info} (Notes) in Active Directory, as
   * its first line, because AD keeps {@code description} single-valued on accounts and
   * administrators use it.
   */
  public String stateAttribute() {
    return this == ACTIVE_DIRECTORY ? "info" : "description";
  }

  /** Whether {@link #stateAttribute()} holds one value (the marker is then its first line). */
  boolean stateAttributeIsSingleValued() {
    return this == ACTIVE_DIRECTORY;
  }

  /**
   * The generalized-time attribute a server keeps of an entry's last change, set at its creation
   * too, by which changed entries are searched: {@code modifyTimestamp} (an OpenLDAP operational
   * attribute), {@code whenChanged} (Active Directory, kept by the domain controller answering).
   */
  public String changeTimeAttribute() {
    return this == ACTIVE_DIRECTORY ? "whenChanged" : "modifyTimestamp";
  }

  /** The attribute holding 所属コード. */
  public String sectionCodeAttribute() {
    return "departmentNumber";
  }

  /** The attribute holding 所属名. */
  public String sectionNameAttribute() {
    return sectionNameAttribute;
  }

  /**
   * Whether this connector reads and writes enabled/disabled state for this schema: true for Active
   * Directory, false for OpenLDAP (see {@link #OPENLDAP}).
   */
  public boolean managesEnabledState() {
    return this == ACTIVE_DIRECTORY;
  }

  /**
   * Checks a login name before it becomes an RDN value: non-blank, no surrounding whitespace, no
   * control characters, at most 64 characters; for Active Directory the {@code sAMAccountName}
   * rules as well. DN escaping makes any value safe for the DN itself; these rules exist so that
   * the directory does not refuse, or silently alter, the name later.
   *
   * @throws IllegalArgumentException naming the rule that was broken
   */
  void requireValidLoginName(String loginName) {
    if (loginName == null || loginName.isBlank()) {
      throw new IllegalArgumentException("loginName must not be blank");
    }
    if (!loginName.equals(loginName.strip())) {
      throw new IllegalArgumentException("loginName must not start or end with whitespace");
    }
    if (loginName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("loginName must not contain control characters");
    }
    int max = this == ACTIVE_DIRECTORY ? AD_LOGIN_MAX : LOGIN_MAX;
    if (loginName.codePointCount(0, loginName.length()) > max) {
      throw new IllegalArgumentException(
          "loginName must be at most " + max + " characters for " + this);
    }
    if (this == ACTIVE_DIRECTORY) {
      for (char c : loginName.toCharArray()) {
        if (AD_LOGIN_FORBIDDEN.indexOf(c) >= 0) {
          throw new IllegalArgumentException(
              "loginName must not contain any of "
                  + AD_LOGIN_FORBIDDEN
                  + " for ACTIVE_DIRECTORY (sAMAccountName rules)");
        }
      }
      if (loginName.chars().allMatch(c -> c == '.' || c == ' ')) {
        throw new IllegalArgumentException(
            "loginName must not consist only of periods and spaces for ACTIVE_DIRECTORY");
      }
    }
  }
}
