package jp.mamori.hrsync.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A subtree search that returns every matching entry or throws: the contract {@link
 * DirectoryPort#listPeople()} and the reconciliation read rest on, because an account missing from
 * a read looks like an account that does not exist (a joiner to create a second time; a person
 * whose recent logon in the directory is not seen, so that their other accounts look dormant).
 *
 * <p>What makes a search come back short, and what happens here:
 *
 * <ul>
 *   <li><b>A size or time limit</b> of the server or of the bind account ({@code olcSizeLimit},
 *       {@code olcLimits}, {@code size.prtotal}; AD's {@code MaxPageSize} is met by paging): the
 *       server ends the search with {@code sizeLimitExceeded}, {@code timeLimitExceeded} or {@code
 *       adminLimitExceeded} after some entries; that result is thrown, the entries read are
 *       dropped.
 *   <li><b>A referral</b>: a part of the subtree held by another server ({@code objectClass:
 *       referral}, AD's cross-references) answers with a continuation reference instead of its
 *       entries, in a search that otherwise succeeds. Referrals are not followed (the other server
 *       would need credentials and trust of its own), so the search fails with {@code referral},
 *       naming where they point. A base that is itself a referral fails the same way.
 *   <li><b>Paging</b>: pages are requested until the server's cookie is empty (RFC 2696), {@link
 *       DirectorySettings#pageSize()} entries at a time.
 * </ul>
 */
final class CompleteSearch {

  /** What a continuation reference in the result means. */
  enum Referrals {
    /** Entries the caller needs are elsewhere: the search fails (every read of people). */
    FAIL,
    /**
     * The references point at places known to hold nothing the caller looks for (Active Directory's
     * other naming contexts under the domain root): they are left out.
     */
    SKIP
  }

  private CompleteSearch() {}

  /**
   * Every entry under {@code base} (subtree) that matches {@code filter}, with the {@code wanted}
   * attributes, page by page ({@code pageSize} entries each) on {@code connection}.
   *
   * @throws LDAPException if the server does not return the whole result: any result other than
   *     {@code success} (limits included), or, with {@link Referrals#FAIL}, continuation references
   *     ({@link ResultCode#REFERRAL})
   */
  static List<SearchResultEntry> all(
      LDAPConnection connection,
      String base,
      Filter filter,
      String[] wanted,
      Referrals referrals,
      int pageSize)
      throws LDAPException {
    List<SearchResultEntry> entries = new ArrayList<>();
    ASN1OctetString cookie = null;
    do {
      SearchRequest request = new SearchRequest(base, SearchScope.SUB, filter, wanted);
      request.addControl(new SimplePagedResultsControl(pageSize, cookie, false));
      // the SDK throws for any result but success; checked again here because a partial list
      // taken for a complete one is what reconciliation must never see
      SearchResult result = connection.search(request);
      if (!ResultCode.SUCCESS.equals(result.getResultCode())) {
        throw new LDAPException(
            result.getResultCode(),
            "the search under "
                + base
                + " ended with "
                + result.getResultCode()
                + " after "
                + (entries.size() + result.getEntryCount())
                + " entries; expected success with every entry");
      }
      if (referrals == Referrals.FAIL && result.getReferenceCount() > 0) {
        throw referred(base, result.getSearchReferences());
      }
      entries.addAll(result.getSearchEntries());
      SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
      cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
    } while (cookie != null);
    return entries;
  }

  private static LDAPException referred(String base, List<SearchResultReference> references) {
    Set<String> urls = new LinkedHashSet<>();
    for (SearchResultReference reference : references) {
      urls.addAll(Arrays.asList(reference.getReferralURLs()));
    }
    return new LDAPException(
        ResultCode.REFERRAL,
        "part of the subtree "
            + base
            + " is held by another server: the search answered "
            + references.size()
            + " referral(s) to "
            + urls
            + " instead of those entries; expected every entry from this server (referrals are"
            + " not followed, and the entries behind them would look missing)");
  }
}
