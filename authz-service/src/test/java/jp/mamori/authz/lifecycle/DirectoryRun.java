package jp.mamori.authz.lifecycle;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jp.mamori.authz.TestDatabase;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.DirectoryTimeouts;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.reconcile.IncrementalTarget;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSlapd;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One lifecycle run's world for the directory-fault ITs, wired as production wires it ({@code
 * LifecycleConfiguration}): the directory target read incrementally over snapshots in PostgreSQL, a
 * Keycloak twin in memory as the other target (the faults here are the directory's), the real
 * journal and audit log. Each run has a people subtree of its own on the test's slapd, and short
 * timeouts ({@link #TIMEOUTS}) so that a hung server costs seconds.
 */
final class DirectoryRun implements AutoCloseable {

  static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  /** 2 s to connect, 3 s for each answer: the defaults (5 s, 15 s) scaled down for the tests. */
  static final DirectoryTimeouts TIMEOUTS =
      new DirectoryTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

  /** The shipped rules, dormant after 90 days (LC-3), the onboarding of a batch not held. */
  static final LifecycleRules RULES = rules();

  private static int runs;

  final TestDatabase database;
  final TestSlapd slapd;
  final String peopleDn;
  final DirectorySettings settings;
  final InMemoryTarget keycloak = new InMemoryTarget(Target.IDENTITY_PROVIDER);
  final Path dir;
  LdapDirectory directory;
  IncrementalTarget incremental;
  LifecycleService service;

  /** A run on its own people subtree {@code ou=<name>N} under {@link TestSlapd#PEOPLE_DN}. */
  DirectoryRun(TestDatabase database, TestSlapd slapd, String name) throws Exception {
    this.database = database;
    this.slapd = slapd;
    synchronized (DirectoryRun.class) {
      runs++;
      peopleDn = "ou=" + name + runs + "," + TestSlapd.PEOPLE_DN;
    }
    database
        .jdbc()
        .sql(
            "truncate lifecycle_journal, lifecycle_plan_action, lifecycle_plan, orphan_seen,"
                + " target_snapshot")
        .update();
    try (LDAPConnection root = slapd.root()) {
      root.add("dn: " + peopleDn, "objectClass: organizationalUnit", "ou: " + name + runs);
    }
    settings = slapd.settings().withPeopleDn(peopleDn).withTimeouts(TIMEOUTS);
    dir = Files.createTempDirectory("mamori-directory-run-");
    connect(settings);
  }

  /** (Re)connects the service to the directory with {@code with}, as a restarted service would. */
  void connect(DirectorySettings with) {
    if (directory != null) {
      directory.close();
    }
    directory = LdapDirectory.connect(with);
    JdbcClient jdbc = database.jdbc();
    Clock clock = Clock.systemUTC();
    DirectoryTarget ldap = new DirectoryTarget(directory, clock);
    incremental =
        new IncrementalTarget(
            ldap, ldap, new JdbcSnapshotStore(jdbc, clock), clock, Duration.ofDays(7));
    service =
        new LifecycleService(
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            new Planner(RULES),
            List.of(incremental, keycloak),
            LifecycleStores.on(jdbc, clock),
            database.audit(clock),
            clock);
  }

  /** An HR file with {@code count} staff in section K01, employee numbers from {@code first}. */
  Path hrFile(int first, int count) throws IOException {
    List<String> rows = new ArrayList<>();
    rows.add(HEADER);
    for (int i = 0; i < count; i++) {
      rows.add(
          String.join(
              ",",
              Integer.toString(first + i),
              "試験 太郎",
              "シケン タロウ",
              "K01",
              "市民課",
              "主事",
              "01",
              "01",
              "2024-04-01",
              ""));
    }
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** The person entries under this run's subtree, read as the root DN (no limits apply). */
  List<SearchResultEntry> entries(String... attributes) throws LDAPException {
    try (LDAPConnection root = slapd.root()) {
      return entries(root, attributes);
    }
  }

  private List<SearchResultEntry> entries(LDAPConnection root, String... attributes)
      throws LDAPException {
    return root.search(
            peopleDn,
            SearchScope.SUB,
            Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
            attributes.length == 0 ? new String[] {"1.1"} : attributes)
        .getSearchEntries();
  }

  /** The employee numbers of the person entries, one per entry (duplicates kept). */
  List<String> employeeNumbers() throws LDAPException {
    return entries("employeeNumber").stream()
        .map(e -> e.getAttributeValue("employeeNumber"))
        .toList();
  }

  /**
   * Waits until at least {@code atLeast} person entries exist while {@code apply} runs, and returns
   * the count seen. Reads every few milliseconds rather than with {@code Poll}'s back-off: a batch
   * of adds on a local server takes a second or two, and the point is to act in the middle of it.
   * Bounded: fails after a minute, or at once if the apply ends first.
   */
  int awaitEntries(int atLeast, Future<?> apply) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try (LDAPConnection root = slapd.root()) {
      while (true) {
        int seen = entries(root).size();
        if (seen >= atLeast) {
          return seen;
        }
        if (apply.isDone()) {
          throw new AssertionError(
              "expected the apply to be running until "
                  + atLeast
                  + " entries existed, found it ended at "
                  + seen
                  + ": "
                  + apply.get());
        }
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(
              "waited a minute for " + atLeast + " entries under " + peopleDn + ", saw " + seen);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
      }
    }
  }

  /** Changes to {@code target} journalled DONE for the plan: the changes really made. */
  int done(long planId, Target target) {
    return database
        .jdbc()
        .sql(
            "select count(*) from lifecycle_journal where plan_id = ? and status = 'DONE'"
                + " and canonical like ?")
        .params(planId, "%|" + target.name() + "|%")
        .query(Integer.class)
        .single();
  }

  /** The journal's FAILED rows of the plan (their messages). */
  List<String> failed(long planId) {
    return database
        .jdbc()
        .sql("select message from lifecycle_journal where plan_id = ? and status = 'FAILED'")
        .param(planId)
        .query(String.class)
        .list();
  }

  /** Canonical changes journalled DONE more than once for the plan (expected: none). */
  List<String> doneTwice(long planId) {
    return database
        .jdbc()
        .sql(
            "select canonical from lifecycle_journal where plan_id = ? and status = 'DONE'"
                + " group by canonical having count(*) > 1")
        .param(planId)
        .query(String.class)
        .list();
  }

  /** Audit records (AU-5) of the plan's changes to {@code target}. */
  int audited(long planId, Target target) {
    return database
        .jdbc()
        .sql("select count(*) from audit_event where actor = ? and detail like ?")
        .params("mamori:plan/" + planId, "%|" + target.name() + "|%")
        .query(Integer.class)
        .single();
  }

  /** The stored plan's status. */
  String status(long planId) {
    return database
        .jdbc()
        .sql("select status from lifecycle_plan where id = ?")
        .param(planId)
        .query(String.class)
        .single();
  }

  /** How many plans are stored. */
  int plans() {
    return database.jdbc().sql("select count(*) from lifecycle_plan").query(Integer.class).single();
  }

  @Override
  public void close() {
    if (directory != null) {
      directory.close();
    }
  }

  private static LifecycleRules rules() {
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
    return new LifecycleRules(
        shipped.deleteAfterDisable(),
        Duration.ofDays(90),
        shipped.contractorGrace(),
        shipped.orphanGrace(),
        shipped.maxDeletionsPercent(),
        shipped.maxDeletionsCount());
  }
}
