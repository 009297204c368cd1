package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.util.StaticUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of {@link LdapDirectory}: person entries under the people subtree, complete or a {@link
 * DirectoryException} ({@link CompleteSearch}, paged; a search whose pooled connection went stale
 * is retried once on a fresh one), single entries by DN, login names taken across the domain, and
 * Active Directory's update sequence number. Filters are built with {@link Filter} only.
 */
final class PeopleSearch {

  private final DirectorySettings settings;
  private final DirectorySchema schema;
  private final DN peopleDn;
  private final LDAPConnectionPool pool;
  private final PersonEntries entries;

  PeopleSearch(
      DirectorySettings settings, DN peopleDn, LDAPConnectionPool pool, PersonEntries entries) {
    this.settings = settings;
    this.schema = settings.schema();
    this.peopleDn = peopleDn;
    this.pool = pool;
    this.entries = entries;
  }

  /** Every person entry under the people subtree, completely or a {@link DirectoryException}. */
  List<SearchResultEntry> searchPeople() {
    return search(entries.personFilter(), "list people");
  }

  /**
   * The person entries created or changed at or after {@code since} by the server's own record
   * ({@link DirectorySchema#changeTimeAttribute()}), completely or a {@link DirectoryException}.
   */
  List<SearchResultEntry> searchPeopleChangedSince(Instant since) {
    String time = StaticUtils.encodeGeneralizedTime(Date.from(since));
    // the change time first: false for nearly every entry, so the rest is rarely evaluated
    return search(
        Filter.createANDFilter(
            Filter.createGreaterOrEqualFilter(schema.changeTimeAttribute(), time),
            entries.personFilter()),
        "list people changed since " + since);
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
            entries.personFilter()),
        "list people changed after USN " + usn);
  }

  /**
   * One person entry by DN, in one base-scope request (with the attributes {@link #searchPeople}
   * reads), or empty if there is no such entry.
   */
  Optional<SearchResultEntry> readPerson(String dn) {
    try {
      SearchResultEntry entry = pool.getEntry(dn, entries.attributes());
      return Optional.ofNullable(entry);
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return Optional.empty();
      }
      throw DirectoryFailures.of(settings, "read entry", dn, e);
    }
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
   * The entries that hold any of these login names where the server wants them unique: the whole
   * domain in Active Directory ({@code sAMAccountName}, or {@code userPrincipalName} with the
   * domain's suffix), the people subtree in OpenLDAP ({@code uid}, the RDN). Login name → DN.
   */
  Map<String, String> loginNamesTaken(Collection<String> loginNames) {
    Map<String, String> taken = new HashMap<>();
    List<String> names = List.copyOf(new LinkedHashSet<>(loginNames));
    boolean ad = schema == DirectorySchema.ACTIVE_DIRECTORY;
    String base = ad ? entries.domainDn().toString() : peopleDn.toString();
    String upn = ad ? entries.upnSuffix() : "";
    for (int from = 0; from < names.size(); from += 200) {
      List<Filter> any = new ArrayList<>();
      for (String name : names.subList(from, Math.min(names.size(), from + 200))) {
        any.add(Filter.createEqualityFilter(schema.loginAttribute(), name));
        if (ad) {
          any.add(Filter.createEqualityFilter(PersonEntries.USER_PRINCIPAL_NAME, name + upn));
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
                  new String[] {schema.loginAttribute(), PersonEntries.USER_PRINCIPAL_NAME},
                  CompleteSearch.Referrals.SKIP,
                  settings.pageSize());
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
        String principal = entry.getAttributeValue(PersonEntries.USER_PRINCIPAL_NAME);
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

  /** All matching entries under peopleDn, page by page on one connection; never a partial list. */
  List<SearchResultEntry> search(Filter filter, String operation) {
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
        connection,
        peopleDn.toString(),
        filter,
        entries.attributes(),
        CompleteSearch.Referrals.FAIL,
        settings.pageSize());
  }
}
