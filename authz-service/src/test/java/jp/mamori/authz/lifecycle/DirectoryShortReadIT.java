package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ManageDsaITRequestControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.lifecycle.LifecycleService.StoredPlan;
import jp.mamori.hrsync.directory.DirectoryException;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A directory read that comes back short on a real slapd — a size limit below the number of people,
 * a part of the people subtree that answers with a referral — fails loudly instead of passing for
 * "these are all the accounts". The set-up makes the danger concrete: every person last logged on
 * in the directory recently but in Keycloak 200 days ago, so a person missing from the directory
 * read would look dormant (LC-3) and their Keycloak account would be disabled, and would get a
 * second directory account (LC-6). The plan is not stored, nothing is disabled or added, and once
 * the directory is whole again the plan has nothing to do (GV-7: an incomplete input is refused).
 */
class DirectoryShortReadIT {

  private static final int STAFF = 60;

  /** People behind the referral: few enough that the plan's guard (5 %) would not hold it. */
  private static final int MOVED = 2;

  private static TestDatabase database;
  private static TestSlapd slapd;

  private DirectoryRun run;
  private Path hr;
  private Map<String, Integer> applications;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    slapd = TestSlapd.startOwn();
  }

  @AfterAll
  static void stop() {
    slapd.close();
    database.close();
  }

  /**
   * {@link #STAFF} people with a directory entry (logged on today) and a Keycloak account (last
   * login 200 days ago), and a plan that, reading the directory whole, has nothing to do.
   */
  @BeforeEach
  void staffWhoLoggedOnInTheDirectoryOnly() throws Exception {
    run = new DirectoryRun(database, slapd, "short");
    hr = run.hrFile(80000, STAFF);
    run.service.apply(run.service.plan(hr, DirectoryRun.TODAY).id(), DirectoryRun.TODAY);
    try (LDAPConnection root = slapd.root()) {
      for (SearchResultEntry person : run.entries()) {
        String password = "pw-" + Long.toHexString(System.nanoTime());
        root.modify(
            person.getDN(),
            new Modification(ModificationType.REPLACE, "userPassword", password),
            new Modification(ModificationType.REPLACE, "pwdReset"));
        assertThat(slapd.bind(person.getDN(), password).succeeded()).isTrue();
      }
    }
    assertThat(run.entries("authTimestamp"))
        .as("the lastbind overlay recorded each logon")
        .allMatch(e -> e.hasAttribute("authTimestamp"));
    Instant longAgo = Instant.now().minus(Duration.ofDays(200));
    run.keycloak.accounts.replaceAll((id, a) -> loggedInOnly(a, longAgo));
    run.incremental.readCompletelyNextTime();
    StoredPlan whole = run.service.plan(hr, DirectoryRun.TODAY);
    assertThat(whole.plan().changes()).as("the directory read whole: nothing to do").isEmpty();
    applications = Map.copyOf(run.keycloak.applications);
  }

  @AfterEach
  void end() throws Exception {
    run.close();
  }

  /**
   * GV-7, LC-3, LC-6: the service account may read only 10 entries per search (olcLimits), fewer
   * than the 60 people. Planning fails with sizeLimitExceeded naming the account and the limit to
   * lift; no plan is stored, nothing is disabled or added. With the limit lifted, nothing to do.
   */
  @Test
  void planWhenTheServersSizeLimitIsBelowThePeopleThenFailsAndNothingIsStoredOrDisabled()
      throws Exception {
    int plans = run.plans();
    limitServiceAccount("size=10 time=unlimited");
    try {
      run.incremental.readCompletelyNextTime();

      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> run.service.plan(hr, DirectoryRun.TODAY))
          .satisfies(e -> {
            assertThat(e.resultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
            assertThat(e.getMessage())
                .contains("ldap://127.0.0.1:" + slapd.port())
                .contains("lift the limit for " + TestSlapd.MAMORI_DN)
                .contains("incomplete and was not used");
          });
      assertNothingStoredOrChanged(plans);
    } finally {
      limitServiceAccount("size=unlimited time=unlimited");
    }
    assertThat(run.service.plan(hr, DirectoryRun.TODAY).plan().changes()).isEmpty();
  }

  /**
   * GV-7, LC-3, LC-6: an administrator moved 2 of the 60 accounts to a branch server's subtree and
   * left a referral in the people subtree ({@code objectClass: referral}, pointing where they are).
   * A search that skipped the referral succeeded without them, and the plan — READY, below the
   * guard's threshold, so the daily run would apply it — disabled their Keycloak accounts as
   * dormant and added a second directory account for each. Planning now fails naming the referral;
   * no plan is stored, nothing is disabled or added. Moved back: nothing to do.
   */
  @Test
  void planWhenPartOfThePeopleSubtreeIsAReferralThenFailsAndNothingIsStoredOrDisabled()
      throws Exception {
    int plans = run.plans();
    String branch = "ou=branch-" + run.peopleDn.split("[=,]")[1] + "," + TestSlapd.SUFFIX;
    String referral = "ou=branch," + run.peopleDn;
    List<SearchResultEntry> moved = run.entries().subList(0, MOVED);
    try (LDAPConnection root = slapd.root()) {
      root.add("dn: " + branch, "objectClass: organizationalUnit", "ou: " + rdnValue(branch));
      for (SearchResultEntry person : moved) {
        root.modifyDN(person.getDN(), person.getParsedDN().getRDN().toString(), true, branch);
      }
      root.add(
          "dn: " + referral,
          "objectClass: referral",
          "objectClass: extensibleObject",
          "ou: branch",
          "ref: ldap://127.0.0.1:" + slapd.port() + "/" + branch);
    }
    try {
      run.incremental.readCompletelyNextTime();

      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> run.service.plan(hr, DirectoryRun.TODAY))
          .satisfies(e -> {
            assertThat(e.resultCode()).isEqualTo(ResultCode.REFERRAL);
            assertThat(e.getMessage())
                .contains("ldap://127.0.0.1:" + slapd.port() + "/" + branch)
                .contains("held by another server")
                .contains("incomplete and was not used");
          });
      assertNothingStoredOrChanged(plans);
      assertThat(run.entries()).as("no second entry for a moved person").hasSize(STAFF - MOVED);
    } finally {
      try (LDAPConnection root = slapd.root()) {
        DeleteRequest delete = new DeleteRequest(referral);
        delete.addControl(new ManageDsaITRequestControl());
        root.delete(delete);
        for (SearchResultEntry person : moved) {
          String rdn = person.getParsedDN().getRDN().toString();
          root.modifyDN(new ModifyDNRequest(rdn + "," + branch, rdn, true, run.peopleDn));
        }
      }
    }
    run.incremental.readCompletelyNextTime();
    assertThat(run.service.plan(hr, DirectoryRun.TODAY).plan().changes()).isEmpty();
  }

  /** No new plan; the Keycloak twin and the directory as they were (no stop, no new entry). */
  private void assertNothingStoredOrChanged(int plans) throws Exception {
    assertThat(run.plans()).as("plans stored").isEqualTo(plans);
    assertThat(run.keycloak.applications).as("changes to Keycloak").isEqualTo(applications);
    assertThat(run.keycloak.accounts.values()).allMatch(a -> a.state() == AccountState.ENABLED);
    try (LDAPConnection root = slapd.root()) {
      assertThat(
              root.search(
                      TestSlapd.SUFFIX,
                      SearchScope.SUB,
                      Filter.createORFilter(
                          Filter.createPresenceFilter("pwdAccountLockedTime"),
                          Filter.createSubstringFilter("description", "mamori-state", null, null)),
                      "1.1")
                  .getEntryCount())
          .as("directory entries stopped")
          .isZero();
    }
  }

  /** Sets the service account's limits on the server (cn=config, as an administrator would). */
  private static void limitServiceAccount(String limits) throws Exception {
    try (LDAPConnection root = slapd.root()) {
      root.modify(
          "olcDatabase={1}mdb,cn=config",
          new Modification(
              ModificationType.REPLACE,
              "olcLimits",
              "dn.exact=\"" + TestSlapd.MAMORI_DN + "\" " + limits));
    }
  }

  private static String rdnValue(String dn) {
    return dn.split("[=,]")[1];
  }

  /** The Keycloak account as if its owner last logged in to Keycloak at {@code at}. */
  private static TargetAccount loggedInOnly(TargetAccount a, Instant at) {
    return new TargetAccount(
        a.target(),
        a.id(),
        a.employeeNumber(),
        a.loginName(),
        a.fullName(),
        a.sections(),
        a.state(),
        Optional.empty(),
        Optional.empty(),
        a.createdAt(),
        Optional.of(at),
        a.kind(),
        a.endDate());
  }
}
