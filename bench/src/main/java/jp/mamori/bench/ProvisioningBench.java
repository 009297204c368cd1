package jp.mamori.bench;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.KeycloakTimeouts;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AcrossTargets;
import jp.mamori.hrsync.reconcile.FileSnapshotStore;
import jp.mamori.hrsync.reconcile.IncrementalTarget;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.SnapshotStore;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.PolicyLoader;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Initial provisioning (onboarding, no passwords) of N staff (default 40,000), each side against
 * baselines measured in the same run on the same data:
 *
 * <ul>
 *   <li>LDAP: Mamori's plan + apply vs a bare UnboundID loop adding the identical entries on one
 *       connection (goal ≤ 3×);
 *   <li>Keycloak: Mamori's plan + apply vs Keycloak's own LDAP-federation full sync of the same
 *       users (goal ≤ 0.33× with Keycloak on PostgreSQL, ≤ 1.0× on its dev database), and vs a bare
 *       admin-client loop creating the same users with their group, with as many requests at once
 *       as Mamori's import (goal ≥ 0.8× its throughput).
 * </ul>
 */
public final class ProvisioningBench {

  /** Admin-client timeouts for requests that import or remove a whole realm's users. */
  private static final KeycloakTimeouts LONG_CALLS =
      new KeycloakTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10));

  private ProvisioningBench() {}

  /** Users each Keycloak imports the same way before its measured import. */
  static final int WARM_UP = 2_000;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
    int staff = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
    HrFile hr =
        new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO)
            .read(SyntheticMunicipality.write(dir.resolve("hr-" + staff + ".csv"), staff, 300, 7));
    LocalDate today = LocalDate.of(2026, 10, 1);
    Planner planner = new Planner(PolicyLoader.loadDefault().lifecycle());
    System.out.printf("%n== Provisioning benchmark (issue 3): %,d staff, 300 sections ==%n", staff);

    try (EmbeddedDirectory mamoriLdap = EmbeddedDirectory.start();
        LdapDirectory directory = LdapDirectory.connect(mamoriLdap.settings())) {
      DirectoryTarget target = new DirectoryTarget(directory);
      long t0 = System.nanoTime();
      Plan plan = planner.plan(hr, target.read(), EnumSet.of(Target.DIRECTORY), today, Map.of());
      for (PlannedAction action : plan.changes()) {
        target.apply(action, today);
      }
      double mamoriMs = (System.nanoTime() - t0) / 1e6;

      List<Entry> entries = new ArrayList<>();
      for (Entry e :
          mamoriLdap
              .server()
              .search(
                  mamoriLdap.settings().peopleDn(),
                  com.unboundid.ldap.sdk.SearchScope.ONE,
                  "(objectClass=inetOrgPerson)")
              .getSearchEntries()) {
        Entry copy = new Entry(e.getDN());
        e.getAttributes().stream()
            .filter(a ->
                !a.getName().equalsIgnoreCase("entryUUID")
                    && !a.getName().toLowerCase().contains("timestamp")
                    && !a.getName().equalsIgnoreCase("creatorsName")
                    && !a.getName().equalsIgnoreCase("modifiersName")
                    && !a.getName().equalsIgnoreCase("entryDN")
                    && !a.getName().equalsIgnoreCase("subschemaSubentry"))
            .forEach(copy::addAttribute);
        entries.add(copy);
      }
      double bareMs;
      // the baseline's directory is stopped once measured: its 40,000 entries would otherwise
      // stay in this JVM's heap for the rest of the run
      try (EmbeddedDirectory bareLdap = EmbeddedDirectory.start()) {
        DirectorySettings bare = bareLdap.settings();
        long t1 = System.nanoTime();
        try (LDAPConnection connection =
            new LDAPConnection(bare.host(), bare.port(), bare.bindDn(), bare.bindPassword())) {
          for (Entry e : entries) {
            connection.add(e);
          }
        }
        bareMs = (System.nanoTime() - t1) / 1e6;
      }
      // a slice of the same entries, for the federation's warm-up
      List<Entry> warmEntries =
          new ArrayList<>(entries.subList(0, Math.min(WARM_UP, entries.size())));
      entries = null;
      System.out.printf(
          "LDAP   : Mamori plan+apply %,.0f ms; bare UnboundID loop (1 connection) %,.0f ms; ratio %.2fx (goal <= 3x) %s%n",
          mamoriMs, bareMs, mamoriMs / bareMs, mamoriMs / bareMs <= 3 ? "PASS" : "FAIL");

      // Each import is measured in a Keycloak of its own, started for it and warmed up the same
      // way: the same method on 2,000 other users into a realm then removed, so that neither is
      // measured cold nor after 80,000 users passed through the heap its dev database lives in.
      // (In one shared Keycloak the comparison depended on the order: Mamori's import, measured
      // third, was warm and paid for the earlier imports' garbage; the ratio swung between 0.75x
      // and 1.5x from run to run.) The baselines share one Keycloak, Mamori's import and the daily
      // runs another.
      Path home = EmbeddedKeycloak.homeFromEnvironment();
      double federationMs;
      double bareLoopMs;
      SynchronizationResultRepresentation sync;
      System.out.printf("Keycloak: %s%n", BenchKeycloak.database());
      try (BenchKeycloak baselines = BenchKeycloak.start(home);
          // a full sync of 40,000 users answers in minutes on PostgreSQL (the default 30 s read
          // timeout is for the service's calls, not for one request that does the whole import)
          Keycloak admin = baselines.keycloak().adminClient(LONG_CALLS);
          EmbeddedDirectory warmLdap = EmbeddedDirectory.start()) {
        for (Entry e : warmEntries) {
          warmLdap.server().add(e);
        }
        RealmResource warm = realm(admin, "bench-federation-warm-up");
        warm.userStorage().syncUsers(federation(warm, warmLdap), "triggerFullSync");
        warm.remove();
        // Baseline 1: Keycloak's own LDAP federation, full sync of the same directory.
        RealmResource fed = realm(admin, "bench-federation");
        String componentId = federation(fed, mamoriLdap);
        long t2 = System.nanoTime();
        sync = fed.userStorage().syncUsers(componentId, "triggerFullSync");
        federationMs = (System.nanoTime() - t2) / 1e6;
        fed.remove();

        // Baseline 2: a bare admin-client loop, same payload (attributes + group), same
        // concurrency.
        RealmResource bareRealm = realm(admin, "bench-bare");
        for (String section :
            new TreeSet<>(hr.records().stream().map(StaffRecord::sectionCode).toList())) {
          GroupRepresentation group = new GroupRepresentation();
          group.setName("section-" + section);
          bareRealm.groups().add(group).close();
        }
        // the same concurrency as Mamori's import through its provider (installed here)
        long t3 = System.nanoTime();
        try (java.util.concurrent.ExecutorService loop =
            java.util.concurrent.Executors.newFixedThreadPool(
                KeycloakTarget.PROVIDER_IMPORT_PARALLELISM)) {
          List<java.util.concurrent.Future<?>> created = new ArrayList<>();
          for (StaffRecord s : hr.records()) {
            created.add(
                loop.submit(() -> {
                  UserRepresentation user = new UserRepresentation();
                  user.setUsername(s.employeeNumber());
                  user.setFirstName(s.givenName());
                  user.setLastName(s.familyName());
                  user.setEnabled(true);
                  user.setAttributes(
                      Map.of(
                          "employeeNumber", List.of(s.employeeNumber()),
                          "sectionCode", List.of(s.sectionCode()),
                          "sectionName", List.of(s.sectionName()),
                          "fullNameKana", List.of(s.fullNameKana())));
                  user.setGroups(List.of("/section-" + s.sectionCode()));
                  try (Response response = bareRealm.users().create(user)) {
                    if (response.getStatus() != 201) {
                      throw new IllegalStateException("bare loop: HTTP " + response.getStatus());
                    }
                  }
                  return null;
                }));
          }
          for (java.util.concurrent.Future<?> f : created) {
            f.get(); // a refused creation fails the benchmark
          }
        }
        bareLoopMs = (System.nanoTime() - t3) / 1e6;
        bareRealm.remove();
      }

      try (BenchKeycloak keycloak = BenchKeycloak.start(home);
          Keycloak admin = keycloak.keycloak().adminClient(LONG_CALLS)) {
        // warm-up: the same import of other users into a realm then removed
        realm(admin, "bench-mamori-warm-up");
        KeycloakTarget warmTarget = new KeycloakTarget(admin, "bench-mamori-warm-up");
        HrFile warmHr =
            new HrFile(
                hr.file(),
                hr.charset(),
                hr.records().subList(hr.records().size() - WARM_UP, hr.records().size()),
                List.of(),
                WARM_UP);
        warmTarget.applyAll(
            planner
                .plan(
                    warmHr,
                    warmTarget.read(),
                    EnumSet.of(Target.IDENTITY_PROVIDER),
                    today,
                    Map.of())
                .changes(),
            today);
        admin.realm("bench-mamori-warm-up").remove();
        // Mamori: plan + apply into its own realm.
        realm(admin, "bench-mamori");
        KeycloakTarget mamori = new KeycloakTarget(admin, "bench-mamori");
        long t4 = System.nanoTime();
        Plan kcPlan =
            planner.plan(hr, mamori.read(), EnumSet.of(Target.IDENTITY_PROVIDER), today, Map.of());
        // as LifecycleService does: batches of 500 (joiners through partial import)
        List<PlannedAction> changes = kcPlan.changes();
        for (int from = 0; from < changes.size(); from += 500) {
          mamori.applyAll(changes.subList(from, Math.min(changes.size(), from + 500)), today);
        }
        double mamoriKcMs = (System.nanoTime() - t4) / 1e6;

        System.out.printf(
            "Keycloak: Mamori plan+apply %,.0f ms (%.0f users/s)%n",
            mamoriKcMs, staff / (mamoriKcMs / 1000));
        System.out.printf(
            "  vs LDAP-federation full sync %,.0f ms (added %d): ratio %.2fx (goal <= %.2fx, %s) %s%n",
            federationMs,
            sync.getAdded(),
            mamoriKcMs / federationMs,
            BenchKeycloak.importGoal(),
            BenchKeycloak.database(),
            mamoriKcMs <= BenchKeycloak.importGoal() * federationMs ? "PASS" : "FAIL");
        System.out.printf(
            "  vs bare admin-client loop %,.0f ms (%.0f users/s): throughput ratio %.2fx (goal >= 0.8x) %s%n",
            bareLoopMs,
            staff / (bareLoopMs / 1000),
            bareLoopMs / mamoriKcMs,
            bareLoopMs / mamoriKcMs >= 0.8 ? "PASS" : "FAIL");

        // Daily runs, both targets, read incrementally (IncrementalTarget: a snapshot on disk plus
        // what each target says changed since). The allowance before each mark covers clock skew
        // and changes in flight; it is 5 min by default, 1 s here because the bench's "days" are
        // seconds apart on one host with no other writer (with 5 min, the daily run would re-read
        // the onboarding made minutes before).
        java.time.Duration allowance = java.time.Duration.ofSeconds(1);
        SnapshotStore snapshots = new FileSnapshotStore(dir.resolve("snapshots"));
        snapshots.clear(Target.DIRECTORY);
        snapshots.clear(Target.IDENTITY_PROVIDER);
        DirectoryTarget ldapDaily =
            new DirectoryTarget(directory, java.time.Clock.systemUTC(), allowance);
        KeycloakTarget kcDaily = new KeycloakTarget(admin, "bench-mamori", true, allowance);
        System.out.printf(
            "Daily runs: incremental reads (Keycloak provider %s), snapshots in %s%n",
            kcDaily.usesProvider() ? "installed" : "NOT installed", dir.resolve("snapshots"));
        List<ReconcileTarget> both =
            List.of(
                new IncrementalTarget(
                    ldapDaily,
                    ldapDaily,
                    snapshots,
                    java.time.Clock.systemUTC(),
                    java.time.Duration.ofDays(7)),
                new IncrementalTarget(
                    kcDaily,
                    kcDaily,
                    snapshots,
                    java.time.Clock.systemUTC(),
                    java.time.Duration.ofDays(7)));
        // A day passes between the onboarding and the first reconciliation: the first read's mark
        // must lie after the onboarding's last write by more than the allowance, as it does when
        // runs are a day apart (otherwise the next run re-reads the onboarding's last second).
        Thread.sleep(allowance.toMillis() + 500);
        // The complete reconciliation (no snapshot yet: the weekly complete read), no HR change.
        long tc = System.nanoTime();
        int completeChanges = run(planner, hr, both, today);
        double completeMs = (System.nanoTime() - tc) / 1e6;
        System.out.printf(
            "Complete reconciliation (weekly), no change: %d writes, %,.0f ms%n",
            completeChanges, completeMs);
        double initialMs = mamoriMs + mamoriKcMs;
        // Days, each with another 1 % of the staff moved to another section. The first is the first
        // daily run since Keycloak started (the moves' code paths are still cold there and in this
        // JVM); the next days are the runs of every other day of a service that keeps running. The
        // goal is judged on the median of the next days (one run on two cores varies by +-25 %, as
        // the other benchmarks' rounds do); every day is printed.
        HrFile day = moved(hr, 0, "S998", "第998課", today);
        Thread.sleep(allowance.toMillis() + 500);
        long t5 = System.nanoTime();
        int day1Changes = run(planner, day, both, today);
        double day1Ms = (System.nanoTime() - t5) / 1e6;
        System.out.printf(
            "Daily, first run since start-up: 1%% moved, %d changes in %,.0f ms = %.1f%% of the"
                + " initial run (%,.0f ms)%n",
            day1Changes, day1Ms, 100 * day1Ms / initialMs, initialMs);
        int[] offsets = {50, 25, 75, 10, 60};
        double[] nextDays = new double[offsets.length];
        for (int d = 0; d < offsets.length; d++) {
          day = moved(day, offsets[d], "S99" + (d + 1) % 10, "第99" + (d + 1) % 10 + "課", today);
          // a day passes: the last run's writes lie before this read's mark less the allowance, as
          // they do a day later (runs a second apart would each re-read the day before's changes)
          Thread.sleep(allowance.toMillis() + 500);
          long t6 = System.nanoTime();
          int dailyChanges = run(planner, day, both, today);
          nextDays[d] = (System.nanoTime() - t6) / 1e6;
          System.out.printf(
              "Daily, next day %d: another 1%% moved, %d changes in %,.0f ms = %.1f%% of the"
                  + " initial run%n",
              d + 1, dailyChanges, nextDays[d], 100 * nextDays[d] / initialMs);
        }
        double[] sorted = nextDays.clone();
        java.util.Arrays.sort(sorted);
        double dailyMs = sorted[sorted.length / 2];
        System.out.printf(
            "Daily  : next day, 1%% moved, median of %d days %,.0f ms (%,.0f-%,.0f) = %.1f%% of the"
                + " initial run (%,.0f ms; goal <= %.0f%%, %s) %s%n",
            sorted.length,
            dailyMs,
            sorted[0],
            sorted[sorted.length - 1],
            100 * dailyMs / initialMs,
            initialMs,
            100 * BenchKeycloak.dailyGoal(),
            BenchKeycloak.database(),
            dailyMs <= BenchKeycloak.dailyGoal() * initialMs ? "PASS" : "FAIL");
        long t7 = System.nanoTime();
        int idleChanges = run(planner, day, both, today);
        double idleMs = (System.nanoTime() - t7) / 1e6;
        System.out.printf(
            "No change: %d writes, %,.0f ms (goal: no writes) %s%n",
            idleChanges, idleMs, idleChanges == 0 && completeChanges == 0 ? "PASS" : "FAIL");
      }
    }
  }

  /** The HR file with every 100th person from {@code offset} on moved to another section. */
  private static HrFile moved(
      HrFile hr, int offset, String sectionCode, String sectionName, LocalDate effective) {
    List<StaffRecord> records = new ArrayList<>(hr.records());
    for (int i = offset; i < records.size(); i += 100) {
      StaffRecord r = records.get(i);
      records.set(
          i,
          new StaffRecord(
              r.employeeNumber(),
              r.fullName(),
              r.fullNameKana(),
              sectionCode,
              sectionName,
              r.title(),
              r.employmentType(),
              r.status(),
              effective,
              r.contractEnd()));
    }
    return new HrFile(hr.file(), hr.charset(), records, List.of(), records.size());
  }

  /**
   * Plans against both targets and applies the changes; returns how many changes were made. Prints
   * where the time went (reading each target, planning, applying to each target).
   */
  private static int run(
      Planner planner, HrFile hr, List<ReconcileTarget> targets, LocalDate today) {
    // As LifecycleService runs: both targets read at once, and applied at once (AcrossTargets).
    StringBuilder phases = new StringBuilder();
    long t0 = System.nanoTime();
    List<String> readTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<TargetAccount> accounts = new ArrayList<>();
    AcrossTargets.each(
            targets,
            t -> {
              long start = System.nanoTime();
              List<TargetAccount> read = t.read();
              String how =
                  t instanceof IncrementalTarget i && i.lastRead().isPresent()
                      ? " ("
                          + i.lastRead().get().kind().name().toLowerCase(java.util.Locale.ROOT)
                          + ", "
                          + i.lastRead().get().changed()
                          + " changed; snapshot load "
                          + i.lastRead().get().snapshotLoadMillis()
                          + " ms, target "
                          + i.lastRead().get().sourceMillis()
                          + " ms)"
                      : "";
              readTimes.add(
                  String.format(
                      "%s%s %,.0f ms", t.target(), how, (System.nanoTime() - start) / 1e6));
              return read;
            })
        .forEach(accounts::addAll);
    phases.append(
        String.format(
            "read both at once %,.0f ms [%s]; ",
            (System.nanoTime() - t0) / 1e6, String.join(", ", readTimes)));
    long t1 = System.nanoTime();
    Plan plan = planner.plan(hr, accounts, EnumSet.allOf(Target.class), today, Map.of());
    phases.append(String.format("plan %,.0f ms; ", (System.nanoTime() - t1) / 1e6));
    long t2 = System.nanoTime();
    Map<ReconcileTarget, List<PlannedAction>> work = new java.util.LinkedHashMap<>();
    for (ReconcileTarget t : targets) {
      work.put(t, plan.changes().stream().filter(a -> a.target() == t.target()).toList());
    }
    List<String> applyTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<AcrossTargets.Outcome> outcomes =
        AcrossTargets.apply(
            work,
            500,
            today,
            new AcrossTargets.Journal() {
              @Override
              public void applied(Target target, List<PlannedAction> actions) {
                applyTimes.add(
                    String.format(
                        "%s %d done at %,.0f ms",
                        target, actions.size(), (System.nanoTime() - t2) / 1e6));
              }

              @Override
              public void failed(Target target, PlannedAction action, RuntimeException cause) {
                throw new IllegalStateException(
                    "benchmark run: " + target + " failed at " + action.canonical(), cause);
              }
            });
    int changes = outcomes.stream().mapToInt(AcrossTargets.Outcome::applied).sum();
    phases.append(
        String.format(
            "apply both at once %,.0f ms [%s]; ",
            (System.nanoTime() - t2) / 1e6, String.join(", ", applyTimes)));
    long t3 = System.nanoTime();
    for (ReconcileTarget t : targets) {
      if (t instanceof IncrementalTarget i) {
        i.awaitSaved(); // the run is done when its snapshots are stored
      }
    }
    phases.append(String.format("snapshots saved %,.0f ms later", (System.nanoTime() - t3) / 1e6));
    System.out.println("         " + phases.toString().strip());
    return changes;
  }

  /** A realm configured from the shipped policy, as Mamori's own realm is (HR attributes kept). */
  private static RealmResource realm(Keycloak admin, String name) {
    new KeycloakRealmConfigurator(admin, name)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "bench-secret-0123456789", "http://localhost:1", "mamori-api"));
    return admin.realm(name);
  }

  private static String federation(RealmResource realm, EmbeddedDirectory ldap) {
    DirectorySettings s = ldap.settings();
    ComponentRepresentation component = new ComponentRepresentation();
    component.setName("bench-ldap");
    component.setProviderId("ldap");
    component.setProviderType("org.keycloak.storage.UserStorageProvider");
    component.setParentId(realm.toRepresentation().getId());
    MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
    Map.ofEntries(
            Map.entry("enabled", "true"),
            Map.entry("priority", "0"),
            Map.entry("editMode", "READ_ONLY"),
            Map.entry("vendor", "other"),
            Map.entry("connectionUrl", "ldap://" + s.host() + ":" + s.port()),
            Map.entry("usersDn", s.peopleDn()),
            Map.entry("bindDn", s.bindDn()),
            Map.entry("bindCredential", s.bindPassword()),
            Map.entry("authType", "simple"),
            Map.entry("usernameLDAPAttribute", "uid"),
            Map.entry("rdnLDAPAttribute", "uid"),
            Map.entry("uuidLDAPAttribute", "entryUUID"),
            Map.entry("userObjectClasses", "inetOrgPerson"),
            Map.entry("searchScope", "1"),
            Map.entry("importEnabled", "true"),
            Map.entry("syncRegistrations", "false"),
            Map.entry("batchSizeForSync", "1000"),
            Map.entry("pagination", "true"),
            Map.entry("fullSyncPeriod", "-1"),
            Map.entry("changedSyncPeriod", "-1"),
            Map.entry("useTruststoreSpi", "never"),
            Map.entry("connectionPooling", "true"))
        .forEach(config::putSingle);
    component.setConfig(config);
    try (Response response = realm.components().add(component)) {
      if (response.getStatus() != 201) {
        throw new IllegalStateException(
            "Keycloak refused the LDAP federation: HTTP " + response.getStatus());
      }
      return org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }
  }
}
