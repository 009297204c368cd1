package jp.mamori.bench;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.reconcile.FileSnapshotStore;
import jp.mamori.hrsync.reconcile.IncrementalTarget;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.SnapshotStore;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSambaDc;
import jp.mamori.testing.TestSlapd;

/**
 * Initial provisioning and daily runs against real directory servers: OpenLDAP 2.5 ({@code slapd}
 * with ppolicy and lastbind) and a Samba 4.17 AD domain controller, both started on loopback.
 *
 * <p>Per server: Mamori's plan and apply of N joiners (the AD uniqueness check across the domain
 * included) against a bare UnboundID loop on one connection making the same accounts in another OU
 * of the same server — the same entries, and on AD the same second request that gives each account
 * its random password and enables it (goal ≤ 1.5×); the daily run with 1 % of staff moved, against
 * the initial run (goal ≤ 3 %); and a run with no change, which must write nothing (AD: the DC's
 * {@code highestCommittedUSN} unchanged; OpenLDAP: no entry with a newer {@code modifyTimestamp}).
 */
public final class DirectoryServersBench {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DirectoryServersBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
    int staff = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
    String only = args.length > 2 ? args[2] : "both";
    HrFile hr =
        new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO)
            .read(SyntheticMunicipality.write(dir.resolve("hr-" + staff + ".csv"), staff, 300, 7));
    System.out.printf(
        "%n== Directory servers benchmark: %,d staff, 300 sections, real servers on loopback ==%n",
        staff);
    if (!only.equals("ad")) {
      TestSlapd slapd = TestSlapd.instance();
      bench(
          dir,
          "OpenLDAP 2.5 slapd",
          hr,
          slapd.settings(),
          () -> {
            try {
              return slapd.root();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          "ou=bare," + TestSlapd.SUFFIX,
          false);
    }
    if (!only.equals("openldap")) {
      TestSambaDc dc = TestSambaDc.instance();
      bench(
          dir,
          "Samba 4.17 AD DC",
          hr,
          dc.settings(),
          () -> {
            try {
              return dc.admin();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          "OU=Bare," + TestSambaDc.DOMAIN_DN,
          true);
    }
  }

  private static void bench(
      Path dir,
      String name,
      HrFile hr,
      DirectorySettings settings,
      Supplier<LDAPConnection> admin,
      String bareOu,
      boolean ad)
      throws Exception {
    LocalDate today = LocalDate.of(2026, 10, 1);
    Planner planner = new Planner(PolicyLoader.loadDefault().lifecycle());
    System.out.printf("%n-- %s --%n", name);
    try (LdapDirectory directory = LdapDirectory.connect(settings)) {
      DirectoryTarget target = new DirectoryTarget(directory);

      long t0 = System.nanoTime();
      int initial = run(planner, hr, target, today);
      double mamoriMs = (System.nanoTime() - t0) / 1e6;

      List<Entry> entries = copies(admin, settings.peopleDn(), bareOu, ad);
      double bareMs;
      try (LDAPConnection bare = admin.get()) {
        bare.add(
            ad
                ? new Entry(bareOu, new Attribute("objectClass", "organizationalUnit"))
                : new Entry(
                    bareOu,
                    new Attribute("objectClass", "organizationalUnit"),
                    new Attribute("ou", "bare")));
        long t1 = System.nanoTime();
        for (Entry e : entries) {
          bare.add(e);
          if (ad) {
            bare.modify(
                e.getDN(),
                new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd()),
                new Modification(ModificationType.REPLACE, "userAccountControl", "512"));
          }
        }
        bareMs = (System.nanoTime() - t1) / 1e6;
      }
      double ratio = mamoriMs / bareMs;
      System.out.printf(
          "initial: Mamori plan+apply %,d accounts %,.0f ms (%.0f/s); bare UnboundID loop, 1"
              + " connection, %,.0f ms (%.0f/s); ratio %.2fx (goal <= 1.5x) %s%n",
          initial,
          mamoriMs,
          initial / (mamoriMs / 1000),
          bareMs,
          entries.size() / (bareMs / 1000),
          ratio,
          ratio <= 1.5 ? "PASS" : "FAIL");

      // Daily runs as the service makes them: incremental reads (OpenLDAP modifyTimestamp, AD
      // uSNChanged) merged into the snapshot of the last read, written after each run.
      java.time.Duration allowance = java.time.Duration.ofSeconds(1);
      SnapshotStore snapshots =
          new FileSnapshotStore(dir.resolve("snapshots-" + (ad ? "ad" : "openldap")));
      snapshots.clear(Target.DIRECTORY);
      DirectoryTarget dailyTarget =
          new DirectoryTarget(directory, java.time.Clock.systemUTC(), allowance);
      IncrementalTarget incremental =
          new IncrementalTarget(
              dailyTarget,
              dailyTarget,
              snapshots,
              java.time.Clock.systemUTC(),
              java.time.Duration.ofDays(7));
      Thread.sleep(allowance.toMillis() + 500);
      long tc = System.nanoTime();
      int complete = run(planner, hr, incremental, today);
      System.out.printf(
          "complete reconciliation (weekly), no HR change: %d changes, %,.0f ms%n",
          complete, (System.nanoTime() - tc) / 1e6);

      List<Double> daily = new ArrayList<>();
      for (int day = 1; day <= 3; day++) {
        HrFile moved =
            DailyRuns.moved(
                hr, day, "M" + String.format("%02d", day), "異動先" + day, today.plusDays(day));
        Thread.sleep(allowance.toMillis() + 500);
        long t2 = System.nanoTime();
        int changes = run(planner, moved, incremental, today.plusDays(day));
        double ms = (System.nanoTime() - t2) / 1e6;
        daily.add(ms);
        System.out.printf(
            "daily %d: %,d changes (1 %% of staff moved), %s, %,.0f ms = %.1f %% of the initial"
                + " run%n",
            day,
            changes,
            incremental
                .lastRead()
                .map(r -> r.kind() + " read, " + r.changed() + " changed")
                .orElse("?"),
            ms,
            100 * ms / mamoriMs);
        hr = moved;
      }
      double median = daily.stream().sorted().toList().get(daily.size() / 2);
      System.out.printf(
          "daily run, median of %d: %,.0f ms = %.1f %% of the initial run (goal <= 3 %%) %s%n",
          daily.size(),
          median,
          100 * median / mamoriMs,
          median / mamoriMs <= 0.03 ? "PASS" : "FAIL");

      Thread.sleep(1100); // OpenLDAP's modifyTimestamp has whole seconds
      String since =
          com.unboundid.util.StaticUtils.encodeGeneralizedTime(
              new java.util.Date(System.currentTimeMillis() / 1000 * 1000));
      String before = serverWriteMark(admin, settings.peopleDn(), ad, since);
      int none = run(planner, hr, incremental, today.plusDays(10));
      String after = serverWriteMark(admin, settings.peopleDn(), ad, since);
      boolean noWrite = none == 0 && before.equals(after);
      System.out.printf(
          "no change: %d changes planned; server %s before %s, after %s: %s%n",
          none,
          ad ? "highestCommittedUSN" : "entries modified since " + since,
          before,
          after,
          noWrite ? "no write — PASS" : "FAIL");
      incremental.awaitSaved();
    }
  }

  /** Plans against the directory and applies; returns the number of changes applied. */
  private static int run(Planner planner, HrFile hr, ReconcileTarget target, LocalDate today) {
    Plan plan = planner.plan(hr, target.read(), EnumSet.of(Target.DIRECTORY), today, Map.of());
    List<PlannedAction.Create> creates =
        plan.changes().stream()
            .filter(a -> a instanceof PlannedAction.Create)
            .map(a -> (PlannedAction.Create) a)
            .toList();
    if (!creates.isEmpty()) {
      plan = plan.withNamesTaken(Target.DIRECTORY, target.namesTakenElsewhere(creates));
    }
    return target.applyAll(plan.changes(), today).size();
  }

  /** The accounts Mamori made, as entries to add under {@code bareOu}, without server values. */
  private static List<Entry> copies(
      Supplier<LDAPConnection> admin, String peopleDn, String bareOu, boolean ad) throws Exception {
    List<Entry> out = new ArrayList<>();
    try (LDAPConnection c = admin.get()) {
      com.unboundid.asn1.ASN1OctetString cookie = null;
      do {
        SearchRequest request =
            new SearchRequest(
                peopleDn,
                SearchScope.ONE,
                Filter.createEqualityFilter("objectClass", ad ? "user" : "inetOrgPerson"),
                "objectClass",
                "cn",
                "uid",
                "sAMAccountName",
                "employeeNumber",
                "employeeID",
                "displayName",
                "sn",
                "givenName",
                "departmentNumber",
                "ou",
                "department",
                "title",
                "employeeType",
                "userPrincipalName");
        request.addControl(new SimplePagedResultsControl(500, cookie, false));
        var result = c.search(request);
        for (Entry e : result.getSearchEntries()) {
          RDN rdn = e.getParsedDN().getRDN();
          String login = rdn.getAttributeValues()[0];
          Entry copy =
              new Entry(new DN(new RDN(rdn.getAttributeNames()[0], "b" + login), new DN(bareOu)));
          for (Attribute a : e.getAttributes()) {
            String n = a.getName();
            if (n.equalsIgnoreCase("objectClass") && ad) {
              copy.addAttribute("objectClass", "user");
            } else if (n.equalsIgnoreCase("cn") && ad
                || n.equalsIgnoreCase("uid")
                || n.equalsIgnoreCase("sAMAccountName")) {
              copy.addAttribute(n, "b" + a.getValue());
            } else if (n.equalsIgnoreCase("userPrincipalName")) {
              copy.addAttribute(n, "b" + a.getValue());
            } else {
              copy.addAttribute(a);
            }
          }
          if (ad) {
            copy.setAttribute("userAccountControl", "514");
          }
          out.add(copy);
        }
        SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
        cookie = paged != null && paged.moreResultsToReturn() ? paged.getCookie() : null;
      } while (cookie != null);
    }
    return out;
  }

  /** AD: the DC's highestCommittedUSN; OpenLDAP: how many people were modified since then. */
  private static String serverWriteMark(
      Supplier<LDAPConnection> admin, String peopleDn, boolean ad, String since) throws Exception {
    try (LDAPConnection c = admin.get()) {
      if (ad) {
        return c.getRootDSE().getAttributeValue("highestCommittedUSN");
      }
      return Integer.toString(
          c.search(
                  peopleDn,
                  SearchScope.SUB,
                  Filter.createGreaterOrEqualFilter("modifyTimestamp", since),
                  "1.1")
              .getEntryCount());
    }
  }

  private static byte[] unicodePwd() {
    String chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!#%+=@";
    StringBuilder p = new StringBuilder("Aa1-");
    for (int i = 0; i < 28; i++) {
      p.append(chars.charAt(RANDOM.nextInt(chars.length())));
    }
    return ("\"" + p + "\"").getBytes(StandardCharsets.UTF_16LE);
  }
}
