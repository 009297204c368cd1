package jp.mamori.hrsync.reconcile;

import static jp.mamori.hrsync.reconcile.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated HR exports (GV-7, LC-1, LC-2, LC-5): many random files of valid and invalid rows, read
 * by the real reader and planned against accounts as a previous run left them; the plan is then
 * carried out on those accounts. Whatever the mix: no person with a rejected row is created, moved,
 * renamed, suspended or disabled, and every valid person ends in the state the generator meant (an
 * oracle of its own, not the planner's). Each seed is one file; a failure names it.
 */
class GeneratedHrFilesTest {

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日,兼務";
  private static final LocalDate TODAY = LocalDate.of(2027, 4, 1);
  private static final List<String> SECTIONS = List.of("K01", "Z01", "F01", "H01", "S01");
  private static final String[] FAMILY = {"山田", "佐藤", "髙橋", "山﨑", "田中", "伊藤"};
  private static final String[] FAMILY_KANA = {"ヤマダ", "サトウ", "タカハシ", "ヤマサキ", "タナカ", "イトウ"};
  private static final String[] GIVEN = {"太郎", "花子", "一郎", "美咲"};
  private static final String[] GIVEN_KANA = {"タロウ", "ハナコ", "イチロウ", "ミサキ"};

  /** What the generator meant for one person. */
  private enum Change {
    SAME,
    MOVE,
    MOVE_LATER,
    RETIRE,
    RETIRE_LATER,
    LEAVE,
    SECONDED,
    CONCURRENT,
    RENAME,
    ABSENT,
    JOIN
  }

  private record Expect(AccountState state, Set<String> sections, String fullName) {}

  @TempDir Path dir;

  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= 150; s++) {
      seeds.add(s);
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void planWhenRandomRowsAreInvalidThenRejectedPeopleUntouchedAndValidPeopleAsMeant(long seed)
      throws Exception {
    Random random = new Random(seed);
    // some files have a few bad rows, some many (then the guard holds the plan: an approval would
    // still carry out exactly these actions, so they are checked all the same)
    double badShare = random.nextBoolean() ? 0.03 : 0.25;
    int people = 40 + random.nextInt(40);
    Map<String, TargetAccount> accounts = new LinkedHashMap<>();
    Map<String, Expect> expected = new HashMap<>();
    Set<String> rejected = new HashSet<>();
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < people; i++) {
      String number = Integer.toString(70000 + i);
      String name = name(random);
      String kana = kanaOf(name);
      String section = pick(random, SECTIONS);
      Change change = Change.values()[random.nextInt(Change.values().length)];
      if (change != Change.JOIN) {
        accounts.put(
            number, account(number).id("kc-" + number).fullName(name).sections(section).build());
      }
      List<String> mine = new ArrayList<>();
      Expect expect;
      switch (change) {
        case SAME -> {
          mine.add(row(number, name, kana, section, "01", TODAY.minusYears(1), ""));
          expect = new Expect(AccountState.ENABLED, Set.of(section), name);
        }
        case MOVE -> {
          String to = other(random, section);
          mine.add(row(number, name, kana, to, "01", TODAY.minusDays(random.nextInt(5)), ""));
          expect = new Expect(AccountState.ENABLED, Set.of(to), name);
        }
        case MOVE_LATER -> {
          String to = other(random, section);
          mine.add(row(number, name, kana, to, "01", TODAY.plusDays(1 + random.nextInt(9)), ""));
          expect = new Expect(AccountState.ENABLED, Set.of(section), name);
        }
        case RETIRE -> {
          mine.add(
              row(number, name, kana, section, "04", TODAY.minusDays(1 + random.nextInt(5)), ""));
          expect = new Expect(AccountState.DISABLED, Set.of(section), name);
        }
        case RETIRE_LATER -> { // 退職 holds at the end of its day
          mine.add(row(number, name, kana, section, "04", TODAY, ""));
          expect = new Expect(AccountState.ENABLED, Set.of(section), name);
        }
        case LEAVE -> {
          String code = pick(random, List.of("03", "05", "06", "07"));
          mine.add(row(number, name, kana, section, code, TODAY.minusDays(random.nextInt(5)), ""));
          expect = new Expect(AccountState.SUSPENDED, Set.of(section), name);
        }
        case SECONDED -> {
          mine.add(row(number, name, kana, section, "02", TODAY.minusDays(random.nextInt(5)), ""));
          expect = new Expect(AccountState.SUSPENDED, Set.of(section), name);
        }
        case CONCURRENT -> {
          String also = other(random, section);
          mine.add(row(number, name, kana, section, "01", TODAY.minusYears(1), ""));
          mine.add(row(number, name, kana, also, "01", TODAY.minusDays(random.nextInt(5)), "1"));
          expect = new Expect(AccountState.ENABLED, Set.of(section, also), name);
        }
        case RENAME -> {
          String renamed = pick(random, List.of(FAMILY)) + "　" + name.split(" ")[1];
          mine.add(row(number, renamed, kanaOf(renamed), section, "01", TODAY.minusYears(1), ""));
          expect = new Expect(AccountState.ENABLED, Set.of(section), renamed);
        }
        case ABSENT -> // no HR row: an orphan is reported first, not stopped on the day
            expect = new Expect(AccountState.ENABLED, Set.of(section), name);
        case JOIN -> {
          mine.add(row(number, name, kana, section, "01", TODAY.minusDays(random.nextInt(5)), ""));
          expect = new Expect(AccountState.ENABLED, Set.of(section), name);
        }
        default -> throw new IllegalStateException(change.name());
      }
      if (!mine.isEmpty() && random.nextDouble() < badShare) {
        int which = random.nextInt(mine.size());
        mine.set(which, spoil(random, mine.get(which)));
        rejected.add(number);
        // a rejected person stays as the previous run left them (a joiner stays absent)
        TargetAccount before = accounts.get(number);
        expect =
            before == null
                ? null
                : new Expect(before.state(), before.sections(), before.fullName());
      }
      rows.addAll(mine);
      if (expect != null) {
        expected.put(number, expect);
      }
    }
    java.util.Collections.shuffle(rows, random);
    Path file = dir.resolve("hr-" + seed + ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);

    HrFile hr = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO).read(file);
    assertThat(hr.rejectedEmployees())
        .as("seed %d: the people whose row was spoilt", seed)
        .isEqualTo(rejected);
    Plan plan =
        new Planner(PolicyLoader.loadDefault().lifecycle())
            .plan(
                hr,
                List.copyOf(accounts.values()),
                EnumSet.of(Target.IDENTITY_PROVIDER),
                TODAY,
                Map.of());

    assertThat(plan.changes())
        .as("seed %d: no change for a person whose row was rejected", seed)
        .noneMatch(a -> rejected.contains(a.employeeNumber()));
    Map<String, TargetAccount> after = carryOut(plan, accounts);
    for (Map.Entry<String, Expect> e : expected.entrySet()) {
      TargetAccount a = after.get(e.getKey());
      assertThat(a).as("seed %d: account of %s", seed, e.getKey()).isNotNull();
      assertThat(new Expect(a.state(), a.sections(), a.fullName().replace('　', ' ')))
          .as("seed %d: %s after the plan", seed, e.getKey())
          .isEqualTo(
              new Expect(
                  e.getValue().state(),
                  e.getValue().sections(),
                  e.getValue().fullName().replace('　', ' ')));
    }
    assertThat(after.keySet())
        .as("seed %d: no account for a joiner whose row was rejected", seed)
        .noneMatch(n -> rejected.contains(n) && !accounts.containsKey(n));
  }

  /** The plan's changes done to the accounts, as a target would. */
  private static Map<String, TargetAccount> carryOut(Plan plan, Map<String, TargetAccount> before) {
    Map<String, TargetAccount> after = new HashMap<>(before);
    for (PlannedAction action : plan.changes()) {
      String n = action.employeeNumber();
      TargetAccount a = after.get(n);
      switch (action) {
        case PlannedAction.Create c ->
            after.put(
                n,
                account(n)
                    .id("kc-" + n)
                    .fullName(c.staff().fullName())
                    .sections(c.sections().toArray(String[]::new))
                    .build());
        case PlannedAction.ChangeSections c -> {
          Set<String> sections = new TreeSet<>(a.sections());
          sections.addAll(c.add());
          sections.removeAll(c.remove());
          after.put(n, with(a, a.fullName(), sections, a.state(), a.stopReason()));
        }
        case PlannedAction.Rename r ->
            after.put(n, with(a, r.fullName(), a.sections(), a.state(), a.stopReason()));
        case PlannedAction.Suspend s ->
            after.put(
                n,
                with(
                    a,
                    a.fullName(),
                    a.sections(),
                    AccountState.SUSPENDED,
                    Optional.of(s.stopReason())));
        case PlannedAction.Disable d ->
            after.put(
                n,
                with(
                    a,
                    a.fullName(),
                    a.sections(),
                    AccountState.DISABLED,
                    Optional.of(d.stopReason())));
        case PlannedAction.Restore r ->
            after.put(
                n, with(a, a.fullName(), a.sections(), AccountState.ENABLED, Optional.empty()));
        case PlannedAction.Delete d -> after.remove(n);
        default -> {}
      }
    }
    return after;
  }

  private static TargetAccount with(
      TargetAccount a,
      String fullName,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> reason) {
    return new TargetAccount(
        a.target(),
        a.id(),
        a.employeeNumber(),
        a.loginName(),
        fullName,
        sections,
        state,
        reason,
        state == AccountState.ENABLED ? Optional.empty() : Optional.of(TODAY),
        a.createdAt(),
        a.lastLogin(),
        a.kind(),
        a.endDate(),
        a.stopUndone(),
        a.profile());
  }

  /** One row made invalid in one of the ways real exports are, the employee number kept. */
  private static String spoil(Random random, String row) {
    String[] f = row.split(",", -1);
    switch (random.nextInt(8)) {
      case 0 -> f[3] = ""; // 所属コード blank
      case 1 -> f[7] = "09"; // 在籍区分 unknown
      case 2 -> f[8] = "2027-02-30"; // no such day
      case 3 -> f[2] = "yamada"; // カナ not katakana
      case 4 -> f[6] = "正規"; // 雇用区分 a word, not the code
      case 5 -> f[10] = "はい"; // 兼務 mark unknown
      case 6 -> f[1] = "山田\u0007太郎"; // a control character
      default -> {
        return String.join(",", java.util.Arrays.copyOf(f, 9)); // a column short
      }
    }
    return String.join(",", f);
  }

  private static String row(
      String number,
      String name,
      String kana,
      String section,
      String status,
      LocalDate date,
      String concurrent) {
    return String.join(
        ",",
        number,
        name,
        kana,
        section,
        section + "課",
        "主事",
        "01",
        status,
        date.toString(),
        "",
        concurrent);
  }

  private static String name(Random random) {
    int f = random.nextInt(FAMILY.length);
    int g = random.nextInt(GIVEN.length);
    return FAMILY[f] + " " + GIVEN[g];
  }

  private static String kanaOf(String name) {
    String[] parts = name.split("[ 　]");
    int f = java.util.Arrays.asList(FAMILY).indexOf(parts[0]);
    int g = java.util.Arrays.asList(GIVEN).indexOf(parts[1]);
    return FAMILY_KANA[f] + " " + GIVEN_KANA[g];
  }

  private static String pick(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String other(Random random, String section) {
    List<String> others = new ArrayList<>(SECTIONS);
    others.remove(section);
    return pick(random, others);
  }
}
