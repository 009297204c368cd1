package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.lifecycle.LifecycleQueries.ChangeFilter;
import jp.mamori.authz.lifecycle.LifecycleQueries.PlanChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's reads of a plan on PostgreSQL: its changes filtered by action, section and reason
 * and paged, counted alike; the section kept with the action, else the staff register's; each
 * change's outcome from the journal; the register's people by number or username.
 */
class LifecycleQueryStoreIT {

  private static final Instant AT = Instant.parse("2027-04-01T00:00:00Z");

  private static TestDatabase database;
  private static LifecycleQueryStore store;
  private static long plan;

  @BeforeAll
  static void plan() {
    database = TestDatabase.start();
    JdbcClient jdbc = database.jdbc();
    store = new LifecycleQueryStore(jdbc);
    plan =
        jdbc.sql(
                "insert into lifecycle_plan (created_at, plan_date, source_path, hr_rows,"
                    + " rejected_rows, fingerprint, status, report_json, made_by, source_name)"
                    + " values (?, date '2027-04-01', '/tmp/x.csv', 60, 0, ?, 'READY', '{}',"
                    + " 'it-admin', 'jinji.csv') returning id")
            .params(Timestamp.from(AT), "f".repeat(64))
            .query(Long.class)
            .single();
    jdbc.sql(
            "insert into staff_account (employee_number, username, full_name, full_name_kana,"
                + " section_code, section_name, created_at, updated_at) values ('50999', 'u50999',"
                + " '試験 登録', 'シケン トウロク', 'F01', '福祉課', ?, ?)")
        .params(Timestamp.from(AT), Timestamp.from(AT))
        .update();
    for (int i = 0; i < 60; i++) {
      String type = i % 3 == 0 ? "Disable" : "Create";
      String section = i % 2 == 0 ? "Z01 税務課" : "K01 市民課";
      action(
          jdbc, i, type, String.format("5%04d", i), section, type.equals("Disable") ? "退職" : "採用");
    }
    action(jdbc, 60, "ChangeSections", "50999", null, "異動"); // a plan made before V28
    jdbc.sql(
            "insert into lifecycle_plan_action (plan_id, seq, canonical, action_type, target,"
                + " employee_number, destructive, changes, reason_ja, reason_en, requirement_ids)"
                + " values (?, 61, 'REPORT|x', 'Report', 'DIRECTORY', '50998', false, false, 'r',"
                + " 'r', '')")
        .param(plan)
        .update();
    journal(jdbc, "CREATE|1", "FAILED");
    journal(jdbc, "CREATE|1", "DONE");
    journal(jdbc, "CREATE|2", "FAILED");
  }

  private static void action(
      JdbcClient jdbc, int seq, String type, String number, String section, String reason) {
    jdbc.sql(
            "insert into lifecycle_plan_action (plan_id, seq, canonical, action_type, target,"
                + " employee_number, destructive, changes, reason_ja, reason_en, requirement_ids,"
                + " section) values (?, ?, ?, ?, 'DIRECTORY', ?, ?, true, ?, ?, 'LC-1', ?)")
        .params(
            plan,
            seq,
            type.toUpperCase() + "|" + seq,
            type,
            number,
            type.equals("Disable"),
            reason,
            reason.equals("採用") ? "joiner" : "leaver",
            section)
        .update();
  }

  private static void journal(JdbcClient jdbc, String canonical, String status) {
    jdbc.sql("insert into lifecycle_journal (plan_id, canonical, status, at) values (?, ?, ?, ?)")
        .params(plan, canonical, status, Timestamp.from(AT))
        .update();
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Test
  void changesWhenFilteredThenOnlyThoseAndCountedAlike() {
    ChangeFilter disable = new ChangeFilter("Disable", "", "");
    assertThat(store.changeCount(plan, disable)).isEqualTo(20);
    assertThat(store.changes(plan, disable, 0, 100))
        .extracting(PlanChange::type)
        .containsOnly("Disable");
    ChangeFilter taxLeavers = new ChangeFilter("Disable", "税務課", "");
    assertThat(store.changeCount(plan, taxLeavers)).isEqualTo(10);
    assertThat(store.changes(plan, taxLeavers, 0, 100))
        .allMatch(c -> c.section().equals("Z01 税務課") && c.type().equals("Disable"));
    assertThat(store.changeCount(plan, new ChangeFilter("", "", "JOINER")))
        .as("any case")
        .isEqualTo(40);
    assertThat(store.changeCount(plan, new ChangeFilter("", "", "退職"))).isEqualTo(20);
    assertThat(store.changeCount(plan, ChangeFilter.none()))
        .as("reports are not changes")
        .isEqualTo(61);
  }

  @Test
  void changesWhenPagedThenInTheirOrder() {
    List<PlanChange> second = store.changes(plan, ChangeFilter.none(), 50, 50);
    assertThat(second)
        .extracting(PlanChange::seq)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(50, 60).boxed().toList());
  }

  @Test
  void changeWhenNoSectionKeptThenTheRegistersAndTheOutcomeFromTheJournal() {
    List<PlanChange> all = store.changes(plan, ChangeFilter.none(), 0, 100);
    assertThat(all.get(60).section()).isEqualTo("F01 福祉課");
    assertThat(store.changeCount(plan, new ChangeFilter("", "福祉課", ""))).isEqualTo(1);
    assertThat(all.get(1).outcome()).as("done after a failure").isEqualTo("DONE");
    assertThat(all.get(2).outcome()).isEqualTo("FAILED");
    assertThat(all.get(3).outcome()).isNull();
  }

  @Test
  void planWhenReadThenMakerFileAndDone() {
    LifecycleQueries.Plan p = store.plan(plan).orElseThrow();
    assertThat(p.madeBy()).isEqualTo("it-admin");
    assertThat(p.sourceName()).isEqualTo("jinji.csv");
    assertThat(p.done()).isEqualTo(1);
    assertThat(p.changes()).isEqualTo(61);
    assertThat(store.actionTypes(plan)).containsExactly("ChangeSections", "Create", "Disable");
    assertThat(store.sections(plan)).containsExactly("K01 市民課", "Z01 税務課");
    assertThat(store.report(plan)).hasValue(new LifecycleQueries.Report("READY", "{}"));
    assertThat(store.report(plan + 1000)).isEmpty();
  }

  @Test
  void personWhenByNumberOrUsernameThenFound() {
    assertThat(store.person("50999")).map(LifecycleQueries.Person::fullName).hasValue("試験 登録");
    assertThat(store.person("u50999")).map(LifecycleQueries.Person::sectionName).hasValue("福祉課");
    assertThat(store.person("nobody")).isEmpty();
    assertThat(store.people())
        .extracting(LifecycleQueries.Person::employeeNumber)
        .contains("50999");
    assertThat(store.targetIds().accounts()).as("no run yet: no snapshot").isEmpty();
  }
}
