package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;

/**
 * Rehire or a reused number (LC-1, LC-6), on the real directory (UnboundID), Keycloak and
 * PostgreSQL: a leaver re-employed under their number gets their account back; a different person
 * under a leaver's number — told by the HR person ID, or not tellable because the name differs and
 * the export has no evidence — gets nothing restored or created, only a report asking a person,
 * until an administrator confirms the person; a number whose accounts were deleted is not given a
 * new account for someone else either.
 */
class RehireIT {

  private static final String REALM = "rehire-it";
  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final Policy POLICY = PolicyLoader.loadDefault();
  private static final LocalDate JOIN = LocalDate.of(2026, 4, 1);
  private static final LocalDate LEFT = LocalDate.of(2026, 9, 30);
  private static final LocalDate BACK = LocalDate.of(2026, 11, 1);

  @TempDir static Path dir;

  private static TestDatabase database;
  private static EmbeddedDirectory ldap;
  private static LdapDirectory directory;
  private static Keycloak admin;
  private static LifecycleService lifecycle;
  private static DirectoryTarget directoryTarget;
  private static KeycloakTarget keycloakTarget;

  @BeforeAll
  static void stack() {
    database = TestDatabase.start();
    ldap = EmbeddedDirectory.start();
    directory = LdapDirectory.connect(ldap.settings());
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, POLICY, "it-rehire");
    directoryTarget = new DirectoryTarget(directory, Clock.systemUTC());
    keycloakTarget = new KeycloakTarget(admin, REALM);
    lifecycle =
        new LifecycleService(
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            new Planner(POLICY.lifecycle()),
            List.of(directoryTarget, keycloakTarget),
            LifecycleStores.on(database.jdbc(), Clock.systemUTC()),
            database.audit(Clock.systemUTC()),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    admin.close();
    directory.close();
    ldap.close();
    database.close();
  }

  @Test
  void rehireWhenSameNameThenAccountRestored() throws Exception {
    joinedAndLeft("61001", "山田 太郎", "ヤマダ タロウ", "");

    LifecycleService.StoredPlan back =
        run(hr(row("61001", "山田 太郎", "ヤマダ タロウ", "01", BACK, "")), BACK);

    assertThat(back.plan().changes())
        .filteredOn(a -> a instanceof PlannedAction.Restore)
        .hasSize(2);
    assertThat(state("61001")).isEqualTo(AccountState.ENABLED);
  }

  @Test
  void reusedNumberWhenNameDiffersWithoutEvidenceThenNothingRestoredUntilConfirmed()
      throws Exception {
    joinedAndLeft("61002", "佐藤 一郎", "サトウ イチロウ", "");
    Path other = hr(row("61002", "鈴木 花子", "スズキ ハナコ", "01", BACK, ""));

    LifecycleService.StoredPlan plan = run(other, BACK);

    assertThat(plan.plan().actions())
        .filteredOn(a -> a.employeeNumber().equals("61002"))
        .allSatisfy(a -> {
          assertThat(a).isInstanceOf(PlannedAction.Report.class);
          assertThat(a.situation()).isEqualTo(Situation.DISPUTED);
          assertThat(a.reason().ja()).contains("同一人物と確認できません", "confirm-person");
        })
        .hasSize(2);
    assertThat(state("61002"))
        .as("the previous holder's account is not handed to someone who may be another person")
        .isEqualTo(AccountState.DISABLED);
    assertThat(
            database
                .jdbc()
                .sql("select full_name from staff_account where employee_number = '61002'")
                .query(String.class)
                .single())
        .as("the staff register keeps the previous holder")
        .isEqualTo("佐藤 一郎");
    assertThat(run(other, BACK).plan().changes()).as("asked again, not applied").isEmpty();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> lifecycle.confirmPerson(other, "61002", "it-admin", " "));
    lifecycle.confirmPerson(other, "61002", "it-admin", "人事課 確認済み: 旧姓 佐藤 (改名)");
    LifecycleService.StoredPlan confirmed = run(other, BACK);

    assertThat(confirmed.plan().changes())
        .filteredOn(a -> a instanceof PlannedAction.Restore)
        .hasSize(2);
    assertThat(state("61002")).isEqualTo(AccountState.ENABLED);
    assertThat(
            database
                .jdbc()
                .sql(
                    "select count(*) from audit_event where kind = 'PERSON_CONFIRMED'"
                        + " and subject = 'staff/61002'")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void reusedNumberWhenPersonIdDiffersThenNothingRestoredEvenWithTheSameName() throws Exception {
    joinedAndLeft("61003", "田中 実", "タナカ ミノル", ",P-0001");

    LifecycleService.StoredPlan plan =
        run(hr(row("61003", "田中 実", "タナカ ミノル", "01", BACK, ",P-0999")), BACK);

    assertThat(plan.plan().changes()).filteredOn(a -> a.employeeNumber().equals("61003")).isEmpty();
    assertThat(plan.plan().actions())
        .filteredOn(a -> a.employeeNumber().equals("61003"))
        .extracting(a -> a.reason().en())
        .allSatisfy(en -> assertThat(en).contains("person ID differs", "reused number"));
    assertThat(state("61003")).isEqualTo(AccountState.DISABLED);
  }

  @Test
  void reusedNumberWhenAccountsWereDeletedThenNoNewAccountForAnotherPerson() throws Exception {
    joinedAndLeft("61004", "高橋 健", "タカハシ ケン", "");
    for (TargetAccount a : accounts("61004")) { // deleted after the retention period
      (a.target() == Target.DIRECTORY ? directoryTarget : keycloakTarget)
          .apply(
              new PlannedAction.Delete(
                  a.target(),
                  "61004",
                  a.id(),
                  LEFT,
                  Situation.DEPARTED,
                  Reason.of("保存期間経過", "retention over", "LC-2")),
              BACK);
    }
    assertThat(accounts("61004")).isEmpty();

    LifecycleService.StoredPlan plan =
        run(hr(row("61004", "伊藤 舞", "イトウ マイ", "01", BACK, "")), BACK);

    assertThat(plan.plan().changes()).filteredOn(a -> a.employeeNumber().equals("61004")).isEmpty();
    assertThat(plan.plan().actions())
        .filteredOn(a -> a.employeeNumber().equals("61004"))
        .hasSize(2)
        .allMatch(a -> a.situation() == Situation.DISPUTED);
    assertThat(accounts("61004")).isEmpty();
  }

  /** Joins on 1 April, retires on 30 September: both applied, the account disabled. */
  private static void joinedAndLeft(String number, String name, String kana, String personId)
      throws Exception {
    run(hr(row(number, name, kana, "01", JOIN, personId)), JOIN);
    run(hr(row(number, name, kana, "04", LEFT, personId)), LEFT.plusDays(1));
    assertThat(state(number)).isEqualTo(AccountState.DISABLED);
  }

  private static LifecycleService.StoredPlan run(Path file, LocalDate today) throws Exception {
    LifecycleService.StoredPlan plan =
        lifecycle.plan(file, today, Scope.of(java.util.Set.of(number(file))));
    if (plan.status() == Status.HELD) { // one person's stop is 100 % of the plan
      lifecycle.approve(plan.id(), plan.plan().fingerprint(), "it-admin");
    }
    if (!plan.plan().changes().isEmpty()) {
      assertThat(lifecycle.apply(plan.id(), today).status()).isEqualTo(Status.APPLIED);
    }
    return plan;
  }

  private static AccountState state(String number) {
    List<TargetAccount> accounts = accounts(number);
    assertThat(accounts)
        .extracting(TargetAccount::state)
        .hasSize(2)
        .containsOnly(accounts.getFirst().state());
    return accounts.getFirst().state();
  }

  private static List<TargetAccount> accounts(String number) {
    return java.util.stream.Stream.concat(
            directoryTarget.read().stream(), keycloakTarget.read().stream())
        .filter(a -> a.employeeNumber().equals(number))
        .toList();
  }

  private static String row(
      String number, String name, String kana, String status, LocalDate date, String personId) {
    return String.join(
            ",", number, name, kana, "K01", "市民課", "主事", "01", status, date.toString(), "")
        + personId;
  }

  private static Path hr(String row) throws Exception {
    boolean withId = row.split(",", -1).length > 10;
    Path file = Files.createTempFile(dir, "hr-" + row.substring(0, 5) + "-", ".csv");
    Files.writeString(
        file, (withId ? HEADER + ",個人ID" : HEADER) + "\n" + row + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static String number(Path file) {
    return file.getFileName().toString().substring(3, 8);
  }
}
