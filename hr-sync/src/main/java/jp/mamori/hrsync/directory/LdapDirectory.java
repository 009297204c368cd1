package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.DirectoryHealth;
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
 *
 * <p>This class is the adapter's entry point and keeps the {@link DirectoryPort} rules (one account
 * per employee number, LC-6); the work is done by {@link DirectoryPool} (connecting), {@link
 * PeopleSearch} (reading), {@link EntryWrites} (writing), {@link PersonEntries} (the OpenLDAP and
 * Active Directory schema mapping) and {@link ActiveDirectoryPasswords} (AD's password values).
 */
@Enforces(
    value = {"LC-6"},
    ja = "一人一アカウント: 同じ職員番号のアカウントを二つ作らない",
    en = "One person, one account: never creates a second account for an employee number")
public final class LdapDirectory implements DirectoryPort, DirectoryHealth {

  private static final Logger log = LoggerFactory.getLogger(LdapDirectory.class);

  private final DirectorySettings settings;
  private final DirectorySchema schema;
  private final DN peopleDn;
  private final LDAPConnectionPool pool;
  private final PersonEntries entries;
  private final PeopleSearch people;
  private final EntryWrites writes;

  private LdapDirectory(DirectorySettings settings, DN peopleDn, LDAPConnectionPool pool) {
    this.settings = settings;
    this.schema = settings.schema();
    this.peopleDn = peopleDn;
    this.pool = pool;
    this.entries = new PersonEntries(schema, peopleDn);
    this.people = new PeopleSearch(settings, peopleDn, pool, entries);
    this.writes = new EntryWrites(settings, pool);
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
    LDAPConnectionPool pool = DirectoryPool.open(settings, peopleDn);
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
            entries.personFilter(),
            Filter.createEqualityFilter(schema.employeeNumberAttribute(), employeeNumber));
    List<SearchResultEntry> found = people.search(filter, "search by employee number");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.size() > 1) {
      List<String> dns = found.stream().map(Entry::getDN).toList();
      throw new DirectoryException(
          ResultCode.CONSTRAINT_VIOLATION,
          found.size()
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
    return Optional.of(entries.toAccount(found.get(0)));
  }

  @Override
  public List<DirectoryAccount> listPeople() {
    return people.search(entries.personFilter(), "list people").stream()
        .map(entries::toAccount)
        .toList();
  }

  @Override
  public DirectoryAccount create(StaffRecord staff, String loginName) {
    Objects.requireNonNull(staff, "staff must not be null");
    schema.requireValidLoginName(loginName);
    DN dn = new DN(new RDN(schema.rdnAttribute(), loginName), peopleDn);

    Filter existing =
        Filter.createANDFilter(
            entries.personFilter(),
            Filter.createORFilter(
                Filter.createEqualityFilter(
                    schema.employeeNumberAttribute(), staff.employeeNumber()),
                Filter.createEqualityFilter(schema.loginAttribute(), loginName)));
    List<SearchResultEntry> found = people.search(existing, "check for an existing account");
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

    Entry entry = entries.newEntry(dn, staff, loginName);
    writes.addPerson(dn, entry);
    openNew(dn.toString());
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      entry.setAttribute(
          PersonEntries.USER_ACCOUNT_CONTROL, Integer.toString(DirectorySchema.UAC_NORMAL_ACCOUNT));
    }
    log.info("Created directory account {} for employee {}", dn, staff.employeeNumber());
    return entries.toAccount(entry);
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
    writes.addPerson(dn, entries.newEntry(dn, staff, loginName));
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
    writes.openNew(dn);
  }

  /**
   * Whether the server lets the account log in, as the server itself records it: Active Directory's
   * ACCOUNTDISABLE bit (an absent or unreadable {@code userAccountControl} counts as disabled);
   * OpenLDAP's ppolicy lock set by an administrator ({@link PersonEntries#LOCKED_FOR_GOOD}). A
   * lockout after failed logins is not a stop.
   */
  boolean enabledOnServer(Entry entry) {
    return entries.enabledOnServer(entry);
  }

  /**
   * The modifications that make the server enable ({@code true}) or stop the account read as {@code
   * entry}; none when it already is so.
   */
  List<Modification> enabledState(Entry entry, boolean enable) {
    return entries.enabledState(entry, enable);
  }

  /**
   * The entries that hold any of these login names where the server wants them unique: the whole
   * domain in Active Directory ({@code sAMAccountName}, or {@code userPrincipalName} with the
   * domain's suffix), the people subtree in OpenLDAP ({@code uid}, the RDN). Login name → DN.
   */
  Map<String, String> loginNamesTaken(Collection<String> loginNames) {
    return people.loginNamesTaken(loginNames);
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
        Duration.ofNanos(System.nanoTime() - start),
        pool.getCurrentAvailableConnections(),
        pool.getMaximumAvailableConnections());
  }

  /** {@link #ping()}, its failure as an answer. */
  @Override
  public Probe probe() {
    try {
      return new Answered(ping());
    } catch (DirectoryException e) {
      return new Failed(e.resultCode().toString(), e.retryable(), e.getMessage());
    }
  }

  /** Every person entry under the people subtree, completely or a {@link DirectoryException}. */
  List<SearchResultEntry> searchPeople() {
    return people.searchPeople();
  }

  /**
   * The person entries created or changed at or after {@code since} by the server's own record
   * ({@link DirectorySchema#changeTimeAttribute()}), completely or a {@link DirectoryException}.
   */
  List<SearchResultEntry> searchPeopleChangedSince(Instant since) {
    return people.searchPeopleChangedSince(since);
  }

  /**
   * The answering domain controller's {@code highestCommittedUSN} and {@code dnsHostName} from its
   * root DSE; empty for a server that has none (OpenLDAP, the in-memory server).
   */
  Optional<Usn> highestCommittedUsn() {
    return people.highestCommittedUsn();
  }

  /** The person entries whose {@code uSNChanged} is above {@code usn}, completely. */
  List<SearchResultEntry> searchPeopleChangedAfterUsn(long usn) {
    return people.searchPeopleChangedAfterUsn(usn);
  }

  /**
   * One person entry by DN, in one base-scope request (with the attributes {@link #searchPeople}
   * reads), or empty if there is no such entry.
   */
  Optional<SearchResultEntry> readPerson(String dn) {
    return people.readPerson(dn);
  }

  DirectorySchema schema() {
    return schema;
  }

  DirectorySettings settings() {
    return settings;
  }

  /** One entry by DN with the named attributes only, or empty if there is no such entry. */
  Optional<SearchResultEntry> readEntry(String dn, String... attributeNames) {
    return people.readEntry(dn, attributeNames);
  }

  /**
   * Applies modifications and lets the caller map the failure (values such as a password must not
   * reach a message: {@link DirectoryFailures} names the operation and DN only).
   */
  void modifyRaw(String dn, List<Modification> modifications) throws LDAPException {
    writes.modifyRaw(dn, modifications);
  }

  /** Sends an extended operation over a pooled connection (e.g. RFC 3062 Password Modify). */
  ExtendedResult extended(ExtendedRequest request) throws LDAPException {
    return writes.extended(request);
  }

  /** Applies modifications to one entry. */
  void modify(String dn, List<Modification> modifications, String operation) {
    writes.modify(dn, modifications, operation);
  }

  /**
   * Adds and removes values with the permissive-modify control (1.2.840.113556.1.4.1413, supported
   * by Active Directory, OpenLDAP and the in-memory server): adding a value already there or
   * removing one already gone is not an error, so the change is idempotent in one request. The
   * control is not critical; a server that ignores it answers such a change with an error, which
   * the caller then handles by reading the entry first.
   */
  void modifyPermissive(String dn, List<Modification> modifications, String operation) {
    writes.modifyPermissive(dn, modifications, operation);
  }

  /**
   * Adds {@code memberDn} to the group {@code groupDn}; a member already there is no error
   * (idempotent). Active Directory answers such an add with {@code entryAlreadyExists} even under
   * the permissive-modify control (seen on Samba 4.17), so that answer is taken for "already a
   * member" as well.
   */
  void addMember(String groupDn, String memberDn, String operation) {
    writes.addMember(groupDn, memberDn, operation);
  }

  /** Adds one entry (outside the people subtree too: a password policy entry, a PSO). */
  void add(Entry entry, String operation) {
    writes.add(entry, operation);
  }

  /** Deletes one entry; an entry that is already gone counts as deleted (idempotent). */
  void deleteEntry(String dn) {
    writes.deleteEntry(dn);
  }

  @Override
  public String toString() {
    return "LdapDirectory[" + settings.endpoint() + ", people=" + peopleDn + ", " + schema + "]";
  }
}
