package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.SSLUtil;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DirectoryPort} over LDAP with the UnboundID SDK, for OpenLDAP-style and Active Directory
 * schemas ({@link DirectorySchema}).
 *
 * <ul>
 *   <li><b>Connections:</b> a pool of 1 to 4 connections, bound as {@link
 *       DirectorySettings#bindDn()}. Connecting and every request (the bind included) time out as
 *       {@link DirectorySettings#timeouts()} says (5 s and 15 s by default), so a server that stops
 *       answering fails the request rather than hanging it. Searches that fail because a pooled
 *       connection went stale or timed out are retried once on a new connection; adds are never
 *       retried automatically, because an add whose response was lost may have been applied.
 *   <li><b>Transport:</b> LDAPS or StartTLS when {@link DirectorySettings#useTls()}, with the
 *       server's certificate checked against the JVM's trust store ({@code cacerts}, or {@code
 *       javax.net.ssl.trustStore}) and its host name against the setting. StartTLS completes before
 *       the bind, so the password never crosses the network unprotected.
 *   <li><b>Injection:</b> filters are built with {@link Filter#createEqualityFilter} and DNs with
 *       {@link DN}/{@link RDN} objects, so values such as {@code *}, {@code )(}, {@code ,} or
 *       {@code +} are escaped (RFC 4515, RFC 4514) and match or name only themselves.
 *   <li><b>Listing:</b> searches use the simple paged results control (RFC 2696, 500 entries a
 *       page), so Active Directory's default limit of 1000 entries does not truncate the list. A
 *       search is complete or fails ({@link CompleteSearch}): a server's size or time limit and a
 *       referral to another server are errors, never a shorter list.
 *   <li><b>Secrets:</b> the bind password is kept only in the pool's bind request; it is never
 *       logged and never part of an exception.
 * </ul>
 *
 * <p>Start with {@link #connect(DirectorySettings)}; close when done. Thread-safe.
 */
@Enforces(
    value = {"LC-6"},
    ja = "一人一アカウント: 同じ職員番号のアカウントを二つ作らない",
    en = "One person, one account: never creates a second account for an employee number")
public final class LdapDirectory implements DirectoryPort {

  private static final Logger log = LoggerFactory.getLogger(LdapDirectory.class);

  static final int INITIAL_CONNECTIONS = 1;
  static final int MAX_CONNECTIONS = 4;

  static final String CONNECT = "connect and bind";
  private static final String DISPLAY_NAME = "displayName";
  private static final String USER_ACCOUNT_CONTROL = "userAccountControl";
  private static final String USER_PRINCIPAL_NAME = "userPrincipalName";

  /**
   * The ppolicy overlay's lock ({@code slapo-ppolicy}): with this value the account is locked until
   * an administrator removes it; any other value is a lockout after failed logins, which ends by
   * itself or by an unlock.
   */
  static final String PWD_ACCOUNT_LOCKED_TIME = "pwdAccountLockedTime";

  /** {@link #PWD_ACCOUNT_LOCKED_TIME}'s value for "locked by an administrator, no end". */
  static final String LOCKED_FOR_GOOD = "000001010000Z";

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final DirectorySettings settings;
  private final DirectorySchema schema;
  private final DN peopleDn;
  private final LDAPConnectionPool pool;
  private final String[] attributes;

  private LdapDirectory(DirectorySettings settings, DN peopleDn, LDAPConnectionPool pool) {
    this.settings = settings;
    this.schema = settings.schema();
    this.peopleDn = peopleDn;
    this.pool = pool;
    List<String> wanted =
        new ArrayList<>(
            List.of(
                schema.loginAttribute(),
                schema.employeeNumberAttribute(),
                schema.fullNameAttribute(),
                DISPLAY_NAME,
                "cn",
                schema.sectionCodeAttribute(),
                DirectoryTarget.KIND_ATTRIBUTE,
                schema.stateAttribute(),
                schema.sectionNameAttribute(),
                "title",
                "createTimestamp"));
    wanted.add(
        schema == DirectorySchema.ACTIVE_DIRECTORY
            ? USER_ACCOUNT_CONTROL
            : PWD_ACCOUNT_LOCKED_TIME);
    schema.lastLoginAttribute().ifPresent(wanted::add);
    this.attributes = wanted.stream().distinct().toArray(String[]::new);
  }

  /**
   * Connects and binds, and checks that {@link DirectorySettings#peopleDn()} exists, so that a bad
   * setting shows now rather than as an empty directory later.
   *
   * @throws DirectoryException if the server cannot be reached ({@linkplain
   *     DirectoryException#retryable() retryable}), the bind is refused ({@code
   *     INVALID_CREDENTIALS}), the TLS setup fails ({@code LOCAL_ERROR}), or {@code peopleDn} does
   *     not exist ({@code NO_SUCH_OBJECT})
   */
  public static LdapDirectory connect(DirectorySettings settings) {
    Objects.requireNonNull(settings, "settings must not be null");
    DN peopleDn;
    try {
      peopleDn = new DN(settings.peopleDn());
    } catch (LDAPException e) {
      throw new IllegalStateException("peopleDn was validated by DirectorySettings", e);
    }
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(Math.toIntExact(settings.timeouts().connect().toMillis()));
    // every request, the pool's binds included: a hung server fails a request, never hangs it
    options.setResponseTimeoutMillis(settings.timeouts().response().toMillis());
    options.setAbandonOnTimeout(true);
    // a referral is an error (CompleteSearch), never a hop to a server with other credentials
    options.setFollowReferrals(false);
    // A simple bind with a DN and no password is an unauthenticated bind (RFC 4513 5.1.2).
    options.setBindWithDNRequiresPassword(true);

    SingleServerSet servers;
    PostConnectProcessor startTls = null;
    if (settings.useTls()) {
      SSLUtil ssl = new SSLUtil(DirectoryTrust.trustManager(settings));
      options.setSSLSocketVerifier(new CertificateHostCheck());
      try {
        if (settings.ldaps()) {
          servers =
              new SingleServerSet(
                  settings.host(), settings.port(), ssl.createSSLSocketFactory(), options);
        } else {
          servers = new SingleServerSet(settings.host(), settings.port(), options);
          startTls = new StartTLSPostConnectProcessor(ssl.createSSLContext());
        }
      } catch (GeneralSecurityException e) {
        throw new DirectoryException(
            ResultCode.LOCAL_ERROR,
            "cannot set up TLS for "
                + settings.endpoint()
                + ": "
                + e.getMessage()
                + ". Check the JVM trust store (javax.net.ssl.trustStore).",
            e);
      }
    } else {
      servers = new SingleServerSet(settings.host(), settings.port(), options);
    }

    LDAPConnectionPool pool;
    try {
      pool =
          new LDAPConnectionPool(
              servers,
              new SimpleBindRequest(settings.bindDn(), settings.bindPassword()),
              INITIAL_CONNECTIONS,
              MAX_CONNECTIONS,
              startTls);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, CONNECT, null, e);
    }
    pool.setConnectionPoolName("mamori-hr-sync-directory");
    pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH));

    try {
      if (pool.getEntry(peopleDn.toString(), "1.1") == null) {
        pool.close();
        throw new DirectoryException(
            ResultCode.NO_SUCH_OBJECT,
            "peopleDn "
                + peopleDn
                + " does not exist at "
                + settings.endpoint()
                + " (bind DN "
                + settings.bindDn()
                + "); expected an existing entry. Check the peopleDn setting.",
            null);
      }
    } catch (LDAPException e) {
      pool.close();
      throw DirectoryFailures.of(settings, "read peopleDn", peopleDn.toString(), e);
    }
    log.info(
        "Connected to directory {} as {} (schema {}, people under {})",
        settings.endpoint(),
        settings.bindDn(),
        settings.schema(),
        peopleDn);
    return new LdapDirectory(settings, peopleDn, pool);
  }

  @Override
  public Optional<DirectoryAccount> findByEmployeeNumber(String employeeNumber) {
    if (employeeNumber == null || employeeNumber.isBlank()) {
      throw new IllegalArgumentException("employeeNumber must not be blank");
    }
    Filter filter =
        Filter.createANDFilter(
            personFilter(),
            Filter.createEqualityFilter(schema.employeeNumberAttribute(), employeeNumber));
    List<SearchResultEntry> entries = search(filter, "search by employee number");
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    if (entries.size() > 1) {
      List<String> dns = entries.stream().map(Entry::getDN).toList();
      throw new DirectoryException(
          ResultCode.CONSTRAINT_VIOLATION,
          entries.size()
              + " accounts under "
              + peopleDn
              + " at "
              + settings.endpoint()
              + " carry "
              + schema.employeeNumberAttribute()
              + "="
              + employeeNumber
              + ": "
              + dns
              + "; expected at most one (LC-6). Remove or correct the duplicate.",
          null);
    }
    return Optional.of(toAccount(entries.get(0)));
  }

  @Override
  public List<DirectoryAccount> listPeople() {
    return search(personFilter(), "list people").stream().map(this::toAccount).toList();
  }

  @Override
  public DirectoryAccount create(StaffRecord staff, String loginName) {
    Objects.requireNonNull(staff, "staff must not be null");
    schema.requireValidLoginName(loginName);
    DN dn = new DN(new RDN(schema.rdnAttribute(), loginName), peopleDn);

    Filter existing =
        Filter.createANDFilter(
            personFilter(),
            Filter.createORFilter(
                Filter.createEqualityFilter(
                    schema.employeeNumberAttribute(), staff.employeeNumber()),
                Filter.createEqualityFilter(schema.loginAttribute(), loginName)));
    List<SearchResultEntry> found = search(existing, "check for an existing account");
    if (!found.isEmpty()) {
      throw new DirectoryException(
          ResultCode.ENTRY_ALREADY_EXISTS,
          "cannot create "
              + dn
              + " for employee "
              + staff.employeeNumber()
              + " at "
              + settings.endpoint()
              + ": "
              + found.get(0).getDN()
              + " already has that employee number or login name; expected neither to be in use"
              + " (LC-6). Link the existing account instead of creating one.",
          null);
    }

    Entry entry = newEntry(dn, staff, loginName);
    try {
      pool.add(entry);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, "add", dn.toString(), e);
    }
    openNew(dn.toString());
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      entry.setAttribute(
          USER_ACCOUNT_CONTROL, Integer.toString(DirectorySchema.UAC_NORMAL_ACCOUNT));
    }
    log.info("Created directory account {} for employee {}", dn, staff.employeeNumber());
    return toAccount(entry);
  }

  /**
   * Adds the account in one request, without {@link #create}'s search for an existing one: for a
   * reconciliation run that has just read the whole directory and planned this creation. The DN
   * (the login name) stays unique; an entry already there is reported as {@code
   * ENTRY_ALREADY_EXISTS}, which a resumed run takes for "created by the interrupted run".
   *
   * @return the new entry's DN
   */
  String addPlanned(StaffRecord staff, String loginName) {
    schema.requireValidLoginName(loginName);
    DN dn = new DN(new RDN(schema.rdnAttribute(), loginName), peopleDn);
    try {
      pool.add(newEntry(dn, staff, loginName));
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, "add", dn.toString(), e);
    }
    log.debug("Created directory account {} for employee {}", dn, staff.employeeNumber());
    return dn.toString();
  }

  /**
   * Opens a just-created account for use where the server needs more than the add: in Active
   * Directory the account is added disabled (AD refuses an enabled account without a password
   * unless {@code PASSWD_NOTREQD} is set, an audit finding), so it gets a random password nobody
   * learns — Keycloak holds the person's password in this mode — and is then enabled, both in one
   * modify over the protected connection AD requires for {@code unicodePwd}. OpenLDAP accounts are
   * usable as added.
   */
  void openNew(String dn) {
    if (schema != DirectorySchema.ACTIVE_DIRECTORY) {
      return;
    }
    try {
      pool.modify(
          dn,
          List.of(
              new Modification(
                  com.unboundid.ldap.sdk.ModificationType.REPLACE,
                  "unicodePwd",
                  unicodePwd(unknownPassword())),
              new Modification(
                  com.unboundid.ldap.sdk.ModificationType.REPLACE,
                  USER_ACCOUNT_CONTROL,
                  Integer.toString(DirectorySchema.UAC_NORMAL_ACCOUNT))));
    } catch (LDAPException e) {
      // the value is random and unseen, but the message is built without it all the same
      throw DirectoryFailures.of(
          settings, "enable new account (random password, then enabled)", dn, e);
    }
  }

  /** {@code unicodePwd}'s value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5). */
  static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
  }

  /** 32 random characters with every class AD's complexity rule counts. */
  static String unknownPassword() {
    String[] classes = {
      "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!#%+=@"
    };
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      String from = classes[i % classes.length];
      out.append(from.charAt(RANDOM.nextInt(from.length())));
    }
    return out.toString();
  }

  /**
   * Whether the server lets the account log in, as the server itself records it: Active Directory's
   * ACCOUNTDISABLE bit (an absent or unreadable {@code userAccountControl} counts as disabled);
   * OpenLDAP's ppolicy lock set by an administrator ({@link #LOCKED_FOR_GOOD}). A lockout after
   * failed logins is not a stop.
   */
  boolean enabledOnServer(Entry entry) {
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      Integer uac = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
      return uac != null && (uac & DirectorySchema.UAC_ACCOUNT_DISABLE) == 0;
    }
    return !LOCKED_FOR_GOOD.equals(entry.getAttributeValue(PWD_ACCOUNT_LOCKED_TIME));
  }

  /**
   * The modifications that make the server enable ({@code true}) or stop the account read as {@code
   * entry}; none when it already is so.
   */
  List<Modification> enabledState(Entry entry, boolean enable) {
    if (enabledOnServer(entry) == enable) {
      return List.of();
    }
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      Integer uac = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
      int value = uac == null ? DirectorySchema.UAC_NORMAL_ACCOUNT : uac;
      value =
          enable
              ? value & ~DirectorySchema.UAC_ACCOUNT_DISABLE
              : value | DirectorySchema.UAC_ACCOUNT_DISABLE;
      return List.of(
          new Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE,
              USER_ACCOUNT_CONTROL,
              Integer.toString(value)));
    }
    return List.of(
        enable
            ? new Modification(
                com.unboundid.ldap.sdk.ModificationType.DELETE, PWD_ACCOUNT_LOCKED_TIME)
            : new Modification(
                com.unboundid.ldap.sdk.ModificationType.REPLACE,
                PWD_ACCOUNT_LOCKED_TIME,
                LOCKED_FOR_GOOD));
  }

  /**
   * The domain's DN and DNS name for Active Directory, from the {@code DC=} components that end
   * {@link DirectorySettings#peopleDn()}: {@code OU=Staff,DC=city,DC=lg,DC=jp} → {@code
   * DC=city,DC=lg,DC=jp}, {@code city.lg.jp} (the {@code userPrincipalName} suffix).
   */
  DN domainDn() {
    List<RDN> dcs = new ArrayList<>();
    for (RDN rdn : peopleDn.getRDNs()) {
      if (rdn.getAttributeNames().length == 1
          && rdn.getAttributeNames()[0].equalsIgnoreCase("dc")) {
        dcs.add(rdn);
      } else {
        dcs.clear();
      }
    }
    return dcs.isEmpty() ? peopleDn : new DN(dcs);
  }

  /** The {@code userPrincipalName} suffix: {@code @} and the domain's DNS name. */
  String upnSuffix() {
    List<String> labels = new ArrayList<>();
    for (RDN rdn : domainDn().getRDNs()) {
      labels.add(rdn.getAttributeValues()[0].toLowerCase(java.util.Locale.ROOT));
    }
    return "@" + String.join(".", labels);
  }

  /**
   * The entries that hold any of these login names where the server wants them unique: the whole
   * domain in Active Directory ({@code sAMAccountName}, or {@code userPrincipalName} with the
   * domain's suffix), the people subtree in OpenLDAP ({@code uid}, the RDN). Login name → DN.
   */
  java.util.Map<String, String> loginNamesTaken(java.util.Collection<String> loginNames) {
    java.util.Map<String, String> taken = new java.util.HashMap<>();
    List<String> names = List.copyOf(new java.util.LinkedHashSet<>(loginNames));
    boolean ad = schema == DirectorySchema.ACTIVE_DIRECTORY;
    String base = ad ? domainDn().toString() : peopleDn.toString();
    String upn = ad ? upnSuffix() : "";
    for (int from = 0; from < names.size(); from += 200) {
      List<Filter> any = new ArrayList<>();
      for (String name : names.subList(from, Math.min(names.size(), from + 200))) {
        any.add(Filter.createEqualityFilter(schema.loginAttribute(), name));
        if (ad) {
          any.add(Filter.createEqualityFilter(USER_PRINCIPAL_NAME, name + upn));
        }
      }
      List<SearchResultEntry> found;
      try {
        LDAPConnection connection = pool.getConnection();
        try {
          // From the domain root, Active Directory answers references to its other naming
          // contexts (DomainDnsZones, ForestDnsZones, Configuration), which hold no account of
          // this domain: skipped here. This check lists no people; the people reads fail on one.
          found =
              CompleteSearch.all(
                  connection,
                  base,
                  Filter.createORFilter(any),
                  new String[] {schema.loginAttribute(), USER_PRINCIPAL_NAME},
                  CompleteSearch.Referrals.SKIP);
          pool.releaseConnection(connection);
        } catch (LDAPException e) {
          pool.releaseConnectionAfterException(connection, e);
          throw e;
        }
      } catch (LDAPException e) {
        throw DirectoryFailures.of(settings, "check login names across the domain", base, e);
      }
      for (SearchResultEntry entry : found) {
        String login = entry.getAttributeValue(schema.loginAttribute());
        String principal = entry.getAttributeValue(USER_PRINCIPAL_NAME);
        for (String name : names) {
          if (name.equalsIgnoreCase(login)
              || (ad && principal != null && principal.equalsIgnoreCase(name + upn))) {
            taken.putIfAbsent(name, entry.getDN());
          }
        }
      }
    }
    return taken;
  }

  @Override
  public void close() {
    pool.close();
  }

  /**
   * Checks that the directory answers now (readiness): reads the people subtree's base entry with
   * no attributes over a pooled connection, and says how it went.
   *
   * @return the server's address, the people DN and the round trip
   * @throws DirectoryException if it does not answer, refuses, or the base entry is gone
   */
  public Ping ping() {
    long start = System.nanoTime();
    try {
      if (pool.getEntry(peopleDn.toString(), "1.1") == null) {
        throw new DirectoryException(
            ResultCode.NO_SUCH_OBJECT,
            "peopleDn " + peopleDn + " does not exist at " + settings.endpoint(),
            null);
      }
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, "read peopleDn", peopleDn.toString(), e);
    }
    return new Ping(
        settings.endpoint(),
        peopleDn.toString(),
        java.time.Duration.ofNanos(System.nanoTime() - start),
        pool.getCurrentAvailableConnections(),
        pool.getMaximumAvailableConnections());
  }

  /** What {@link #ping()} saw: where, how long, and the pool's idle and maximum connections. */
  public record Ping(
      String endpoint,
      String peopleDn,
      java.time.Duration roundTrip,
      int idleConnections,
      int maxConnections) {}

  /** Every person entry under the people subtree, completely or a {@link DirectoryException}. */
  List<SearchResultEntry> searchPeople() {
    return search(personFilter(), "list people");
  }

  /**
   * The person entries created or changed at or after {@code since} by the server's own record
   * ({@link DirectorySchema#changeTimeAttribute()}), completely or a {@link DirectoryException}.
   */
  List<SearchResultEntry> searchPeopleChangedSince(java.time.Instant since) {
    String time = com.unboundid.util.StaticUtils.encodeGeneralizedTime(java.util.Date.from(since));
    // the change time first: false for nearly every entry, so the rest is rarely evaluated
    return search(
        Filter.createANDFilter(
            Filter.createGreaterOrEqualFilter(schema.changeTimeAttribute(), time), personFilter()),
        "list people changed since " + since);
  }

  /**
   * A domain controller's update sequence number and the DC it belongs to: {@code
   * usn:<number>@<dnsHostName>}.
   */
  record Usn(long value, String server) {
    static final String PREFIX = "usn:";

    String mark() {
      return PREFIX + value + "@" + server;
    }

    static Optional<Usn> parse(String mark) {
      int at = mark.indexOf('@');
      if (!mark.startsWith(PREFIX) || at < 0) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Usn(Long.parseLong(mark.substring(PREFIX.length(), at)), mark.substring(at + 1)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * The answering domain controller's {@code highestCommittedUSN} and {@code dnsHostName} from its
   * root DSE; empty for a server that has none (OpenLDAP, the in-memory server).
   */
  Optional<Usn> highestCommittedUsn() {
    if (schema != DirectorySchema.ACTIVE_DIRECTORY) {
      return Optional.empty();
    }
    try {
      Entry root = pool.getEntry("", "highestCommittedUSN", "dnsHostName");
      if (root == null) {
        return Optional.empty();
      }
      Long usn = root.getAttributeValueAsLong("highestCommittedUSN");
      String host = root.getAttributeValue("dnsHostName");
      return usn == null || host == null ? Optional.empty() : Optional.of(new Usn(usn, host));
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, "read the root DSE", "", e);
    }
  }

  /** The person entries whose {@code uSNChanged} is above {@code usn}, completely. */
  List<SearchResultEntry> searchPeopleChangedAfterUsn(long usn) {
    return search(
        Filter.createANDFilter(
            Filter.createGreaterOrEqualFilter("uSNChanged", Long.toString(usn + 1)),
            personFilter()),
        "list people changed after USN " + usn);
  }

  /**
   * One person entry by DN, in one base-scope request (with the attributes {@link #searchPeople}
   * reads), or empty if there is no such entry.
   */
  Optional<SearchResultEntry> readPerson(String dn) {
    try {
      SearchResultEntry entry = pool.getEntry(dn, attributes);
      return Optional.ofNullable(entry);
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return Optional.empty();
      }
      throw DirectoryFailures.of(settings, "read entry", dn, e);
    }
  }

  DirectorySchema schema() {
    return schema;
  }

  DirectorySettings settings() {
    return settings;
  }

  /** One entry by DN with the named attributes only, or empty if there is no such entry. */
  Optional<SearchResultEntry> readEntry(String dn, String... attributeNames) {
    try {
      return Optional.ofNullable(pool.getEntry(dn, attributeNames));
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return Optional.empty();
      }
      throw DirectoryFailures.of(settings, "read entry", dn, e);
    }
  }

  /**
   * Applies modifications and lets the caller map the failure (values such as a password must not
   * reach a message: {@link #failure} names the operation and DN only).
   */
  void modifyRaw(String dn, List<Modification> modifications) throws LDAPException {
    pool.modify(dn, modifications);
  }

  /** Sends an extended operation over a pooled connection (e.g. RFC 3062 Password Modify). */
  com.unboundid.ldap.sdk.ExtendedResult extended(com.unboundid.ldap.sdk.ExtendedRequest request)
      throws LDAPException {
    return pool.processExtendedOperation(request);
  }

  /** Applies modifications to one entry. */
  void modify(String dn, List<Modification> modifications, String operation) {
    try {
      pool.modify(dn, modifications);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, dn, e);
    }
  }

  /**
   * Adds and removes values with the permissive-modify control (1.2.840.113556.1.4.1413, supported
   * by Active Directory, OpenLDAP and the in-memory server): adding a value already there or
   * removing one already gone is not an error, so the change is idempotent in one request. The
   * control is not critical; a server that ignores it answers such a change with an error, which
   * the caller then handles by reading the entry first.
   */
  void modifyPermissive(String dn, List<Modification> modifications, String operation) {
    try {
      pool.modify(
          new com.unboundid.ldap.sdk.ModifyRequest(
              dn,
              modifications,
              new com.unboundid.ldap.sdk.Control[] {
                new com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl(false)
              }));
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, dn, e);
    }
  }

  /**
   * Adds {@code memberDn} to the group {@code groupDn}; a member already there is no error
   * (idempotent). Active Directory answers such an add with {@code entryAlreadyExists} even under
   * the permissive-modify control (seen on Samba 4.17), so that answer is taken for "already a
   * member" as well.
   */
  void addMember(String groupDn, String memberDn, String operation) {
    try {
      pool.modify(
          new com.unboundid.ldap.sdk.ModifyRequest(
              groupDn,
              List.of(
                  new Modification(
                      com.unboundid.ldap.sdk.ModificationType.ADD, "member", memberDn)),
              new com.unboundid.ldap.sdk.Control[] {
                new com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl(false)
              }));
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS
          && e.getResultCode() != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
        throw DirectoryFailures.of(settings, operation, groupDn, e);
      }
    }
  }

  /** Adds one entry (outside the people subtree too: a password policy entry, a PSO). */
  void add(Entry entry, String operation) {
    try {
      pool.add(entry);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, entry.getDN(), e);
    }
  }

  /** Deletes one entry; an entry that is already gone counts as deleted (idempotent). */
  void deleteEntry(String dn) {
    try {
      pool.delete(dn);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
        throw DirectoryFailures.of(settings, "delete", dn, e);
      }
    }
  }

  @Override
  public String toString() {
    return "LdapDirectory[" + settings.endpoint() + ", people=" + peopleDn + ", " + schema + "]";
  }

  private Filter personFilter() {
    Filter person = Filter.createEqualityFilter("objectClass", schema.personObjectClass());
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      // In AD, computer accounts are objectClass=user too.
      return Filter.createANDFilter(
          person, Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));
    }
    return person;
  }

  private Entry newEntry(DN dn, StaffRecord staff, String loginName) {
    Entry entry = new Entry(dn);
    entry.addAttribute("objectClass", schema.objectClasses().toArray(String[]::new));
    entry.addAttribute(schema.loginAttribute(), loginName);
    entry.addAttribute(schema.employeeNumberAttribute(), staff.employeeNumber());
    entry.addAttribute(DISPLAY_NAME, staff.fullName());
    entry.addAttribute("sn", staff.familyName());
    if (!staff.givenName().isEmpty()) {
      entry.addAttribute("givenName", staff.givenName());
    }
    entry.addAttribute(schema.sectionCodeAttribute(), staff.sectionCode());
    entry.addAttribute(schema.sectionNameAttribute(), staff.sectionName());
    entry.addAttribute("title", staff.title());
    entry.addAttribute("employeeType", staff.employmentType().name());
    switch (schema) {
      case OPENLDAP -> entry.addAttribute("cn", staff.fullName());
      case ACTIVE_DIRECTORY -> {
        // The RDN's value must also be an attribute value of the entry; Entry(DN) does not add it.
        entry.addAttribute("cn", loginName);
        entry.addAttribute(USER_PRINCIPAL_NAME, loginName + upnSuffix());
        entry.addAttribute(
            USER_ACCOUNT_CONTROL,
            Integer.toString(
                DirectorySchema.UAC_NORMAL_ACCOUNT | DirectorySchema.UAC_ACCOUNT_DISABLE));
      }
    }
    return entry;
  }

  private DirectoryAccount toAccount(Entry entry) {
    String fullName = value(entry, DISPLAY_NAME);
    if (fullName.isEmpty()) {
      fullName = value(entry, schema.fullNameAttribute());
    }
    if (fullName.isEmpty()) {
      fullName = value(entry, "cn");
    }
    return new DirectoryAccount(
        entry.getDN(),
        value(entry, schema.employeeNumberAttribute()),
        value(entry, schema.loginAttribute()),
        fullName,
        value(entry, schema.sectionCodeAttribute()),
        enabled(entry));
  }

  private boolean enabled(Entry entry) {
    return enabledOnServer(entry);
  }

  private static String value(Entry entry, String attribute) {
    String value = entry.getAttributeValue(attribute);
    return value == null ? "" : value;
  }

  /** All matching entries under peopleDn, page by page on one connection; never a partial list. */
  private List<SearchResultEntry> search(Filter filter, String operation) {
    LDAPConnection connection;
    try {
      connection = pool.getConnection();
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, peopleDn.toString(), e);
    }
    try {
      List<SearchResultEntry> entries = searchPages(connection, filter);
      pool.releaseConnection(connection);
      return entries;
    } catch (LDAPException first) {
      if (first.getResultCode().isConnectionUsable()) {
        pool.releaseConnectionAfterException(connection, first);
        throw DirectoryFailures.of(settings, operation, peopleDn.toString(), first);
      }
      // The pooled connection went stale (e.g. the server restarted): one try on a new one.
      LDAPConnection fresh;
      try {
        fresh = pool.replaceDefunctConnection(connection);
      } catch (LDAPException e) {
        throw DirectoryFailures.of(settings, operation, peopleDn.toString(), e);
      }
      try {
        List<SearchResultEntry> entries = searchPages(fresh, filter);
        pool.releaseConnection(fresh);
        return entries;
      } catch (LDAPException second) {
        pool.releaseConnectionAfterException(fresh, second);
        throw DirectoryFailures.of(settings, operation, peopleDn.toString(), second);
      }
    }
  }

  private List<SearchResultEntry> searchPages(LDAPConnection connection, Filter filter)
      throws LDAPException {
    return CompleteSearch.all(
        connection, peopleDn.toString(), filter, attributes, CompleteSearch.Referrals.FAIL);
  }
}
