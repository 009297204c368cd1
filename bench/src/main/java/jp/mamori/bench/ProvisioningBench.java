package jp.mamori.bench;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.KeycloakTimeouts;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.PolicyLoader;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

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
  static final KeycloakTimeouts LONG_CALLS =
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

      System.out.printf("LDAP   : Mamori plan+apply %,.0f ms%n", mamoriMs);
      Path home = EmbeddedKeycloak.homeFromEnvironment();
      System.out.printf("Keycloak: %s%n", BenchKeycloak.database());
      // The baselines take as long as Mamori's own runs and hold a second copy of the directory:
      // -Dbench.provisioning.baselines=false skips them (for the daily runs of a large
      // municipality, whose goal is judged against Mamori's own initial run).
      Optional<KeycloakBaselines> baselines = Optional.empty();
      if (Boolean.parseBoolean(System.getProperty("bench.provisioning.baselines", "true"))) {
        List<Entry> entries = entries(mamoriLdap);
        double bareMs = bareLoop(entries);
        System.out.printf(
            "LDAP   : bare UnboundID loop (1 connection) %,.0f ms; ratio %.2fx (goal <= 3x) %s%n",
            bareMs, mamoriMs / bareMs, mamoriMs / bareMs <= 3 ? "PASS" : "FAIL");
        // a slice of the same entries, for the federation's warm-up
        List<Entry> warmEntries =
            new ArrayList<>(entries.subList(0, Math.min(WARM_UP, entries.size())));
        entries = null;
        // Each import is measured in a Keycloak of its own, started for it and warmed up the same
        // way: the same method on 2,000 other users into a realm then removed, so that neither is
        // measured cold nor after 80,000 users passed through the heap its dev database lives in.
        // (In one shared Keycloak the comparison depended on the order: Mamori's import, measured
        // third, was warm and paid for the earlier imports' garbage; the ratio swung between 0.75x
        // and 1.5x from run to run.) The baselines share one Keycloak, Mamori's import and the
        // daily runs another.
        baselines = Optional.of(KeycloakBaselines.measure(home, hr, mamoriLdap, warmEntries));
      } else {
        System.out.println("Baselines skipped (-Dbench.provisioning.baselines=false)");
      }
      mamoriKeycloak(dir, planner, hr, directory, home, today, mamoriMs, baselines);
    }
  }

  /** Mamori's import into Keycloak, then the daily runs on both targets. */
  private static void mamoriKeycloak(
      Path dir,
      Planner planner,
      HrFile hr,
      LdapDirectory directory,
      Path home,
      LocalDate today,
      double mamoriMs,
      Optional<KeycloakBaselines> baselines)
      throws Exception {
    int staff = hr.records().size();
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
                  warmHr, warmTarget.read(), EnumSet.of(Target.IDENTITY_PROVIDER), today, Map.of())
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
      baselines.ifPresent(b -> {
        System.out.printf(
            "  vs LDAP-federation full sync %,.0f ms (added %d): ratio %.2fx (goal <= %.2fx, %s) %s%n",
            b.federationMs(),
            b.federationAdded(),
            mamoriKcMs / b.federationMs(),
            BenchKeycloak.importGoal(),
            BenchKeycloak.database(),
            mamoriKcMs <= BenchKeycloak.importGoal() * b.federationMs() ? "PASS" : "FAIL");
        System.out.printf(
            "  vs bare admin-client loop %,.0f ms (%.0f users/s): throughput ratio %.2fx (goal >= 0.8x) %s%n",
            b.bareLoopMs(),
            staff / (b.bareLoopMs() / 1000),
            b.bareLoopMs() / mamoriKcMs,
            b.bareLoopMs() / mamoriKcMs >= 0.8 ? "PASS" : "FAIL");
      });
      // as the operations guide asks after the first import; not counted in the initial run
      // (a longer initial run would give the daily runs a larger budget)
      System.out.printf(
          "ANALYZE of Keycloak's database after the import (operations guide): %,d ms%n",
          keycloak.analyze());
      DailyRuns.measure(dir, planner, hr, directory, admin, today, mamoriMs + mamoriKcMs);
    }
  }

  /** Copies of the people entries, without the server's operational attributes. */
  private static List<Entry> entries(EmbeddedDirectory ldap) throws Exception {
    List<Entry> entries = new ArrayList<>();
    for (Entry e :
        ldap.server()
            .search(ldap.settings().peopleDn(), SearchScope.ONE, "(objectClass=inetOrgPerson)")
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
    return entries;
  }

  /**
   * The LDAP baseline: the same entries added by a bare loop on one connection. Its directory is
   * stopped once measured: its entries would otherwise stay in this JVM's heap for the rest of the
   * run.
   */
  private static double bareLoop(List<Entry> entries) throws Exception {
    try (EmbeddedDirectory bareLdap = EmbeddedDirectory.start()) {
      DirectorySettings bare = bareLdap.settings();
      long t1 = System.nanoTime();
      try (LDAPConnection connection =
          new LDAPConnection(bare.host(), bare.port(), bare.bindDn(), bare.bindPassword())) {
        for (Entry e : entries) {
          connection.add(e);
        }
      }
      return (System.nanoTime() - t1) / 1e6;
    }
  }

  /** A realm configured from the shipped policy, as Mamori's own realm is (HR attributes kept). */
  static RealmResource realm(Keycloak admin, String name) {
    new KeycloakRealmConfigurator(admin, name)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "bench-secret-0123456789", "http://localhost:1", "mamori-api"));
    return admin.realm(name);
  }
}
