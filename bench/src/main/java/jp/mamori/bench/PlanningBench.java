package jp.mamori.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.PolicyLoader;

/**
 * Planning alone, pure and in memory, for a synthetic municipality of 40,000 staff in 300 sections
 * with 1 % of them moved, against both targets (80,000 accounts). Target (issue 3): under 1 s, heap
 * under 512 MB (the JVM runs with -Xmx512m, so exceeding it fails the run). The baseline, measured
 * in the same run on the same inputs, is a bare HashMap join that only counts differences — the
 * least any planner must do.
 */
public final class PlanningBench {

  private static final int STAFF = 40_000;
  private static final int SECTIONS = 300;
  private static final int WARM_UP = 3;
  private static final int RUNS = 5;

  private PlanningBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
    Path csv = SyntheticMunicipality.write(dir.resolve("hr-40000.csv"), STAFF, SECTIONS, 42);
    long readStart = System.nanoTime();
    HrFile hr = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO).read(csv);
    long readMillis = (System.nanoTime() - readStart) / 1_000_000;
    if (hr.records().size() != STAFF) {
      throw new IllegalStateException(
          "expected "
              + STAFF
              + " valid rows, found "
              + hr.records().size()
              + ": "
              + hr.problems().stream().limit(3).toList());
    }
    List<TargetAccount> accounts = accounts(hr.records());
    LocalDate today = LocalDate.of(2026, 10, 1);
    Planner planner = new Planner(PolicyLoader.loadDefault().lifecycle());
    Set<Target> targets = EnumSet.allOf(Target.class);

    Plan plan = null;
    for (int i = 0; i < WARM_UP; i++) {
      plan = planner.plan(hr, accounts, targets, today, Map.of());
      baseline(hr.records(), accounts);
    }
    long bestPlan = Long.MAX_VALUE;
    long bestBaseline = Long.MAX_VALUE;
    int baselineDifferences = 0;
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      plan = planner.plan(hr, accounts, targets, today, Map.of());
      long t1 = System.nanoTime();
      baselineDifferences = baseline(hr.records(), accounts);
      long t2 = System.nanoTime();
      bestPlan = Math.min(bestPlan, t1 - t0);
      bestBaseline = Math.min(bestBaseline, t2 - t1);
    }
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapUsed = memory.getHeapMemoryUsage().getUsed();
    long heapMax = memory.getHeapMemoryUsage().getMax();
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();

    double planMs = bestPlan / 1e6;
    double baselineMs = bestBaseline / 1e6;
    System.out.println();
    System.out.println("== Planning benchmark (issue 3) ==");
    System.out.printf(
        "input: %,d staff, %d sections, %,d accounts in 2 targets, 1%% moved; HR CSV read in %d ms%n",
        STAFF, SECTIONS, accounts.size(), readMillis);
    System.out.printf(
        "plan: %,d changes (baseline counted %,d differences), verdict %s%n",
        plan.changes().size(), baselineDifferences, plan.held() ? "HELD" : "PROCEED");
    System.out.printf("planner            : %8.1f ms (best of %d)%n", planMs, RUNS);
    System.out.printf("baseline (HashMap) : %8.1f ms (best of %d)%n", baselineMs, RUNS);
    System.out.printf("ratio planner/baseline: %.1fx%n", planMs / baselineMs);
    System.out.printf(
        "target < 1000 ms: %s (%.0f%% of the budget)%n",
        planMs < 1000 ? "PASS" : "FAIL", planMs / 10);
    System.out.printf(
        "heap: %d MB used after GC, %d MB peak of pools, max %d MB (target < 512 MB): %s%n",
        heapUsed >> 20, peak >> 20, heapMax >> 20, heapMax <= 512L << 20 ? "PASS" : "FAIL");
    if (planMs >= 1000) {
      System.exit(1);
    }
  }

  /** Both targets hold every person with the HR section, except every 100th, who has moved. */
  static List<TargetAccount> accounts(List<StaffRecord> staff) {
    List<TargetAccount> accounts = new ArrayList<>(staff.size() * 2);
    for (int i = 0; i < staff.size(); i++) {
      StaffRecord s = staff.get(i);
      String section = i % 100 == 0 ? "OLD" : s.sectionCode();
      for (Target target : Target.values()) {
        accounts.add(
            new TargetAccount(
                target,
                target + "-" + s.employeeNumber(),
                s.employeeNumber(),
                s.employeeNumber(),
                s.fullName(),
                Set.of(section),
                AccountState.ENABLED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                AccountKind.PERSONAL,
                Optional.empty()));
      }
    }
    return accounts;
  }

  /** The least a planner must do: join by employee number and compare the section. */
  static int baseline(List<StaffRecord> staff, List<TargetAccount> accounts) {
    Map<String, List<TargetAccount>> byEmployee = new HashMap<>(accounts.size());
    for (TargetAccount a : accounts) {
      byEmployee.computeIfAbsent(a.employeeNumber(), k -> new ArrayList<>(2)).add(a);
    }
    int differences = 0;
    for (StaffRecord s : staff) {
      for (TargetAccount a : byEmployee.getOrDefault(s.employeeNumber(), List.of())) {
        if (!a.sections().contains(s.sectionCode()) || a.sections().size() != 1) {
          differences++;
        }
      }
    }
    return differences;
  }
}
