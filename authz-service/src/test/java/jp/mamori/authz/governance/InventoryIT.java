package jp.mamori.authz.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Inventories.Answerer;
import jp.mamori.authz.governance.Inventories.Item;
import jp.mamori.authz.governance.Inventories.Outcome;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.LifecycleStores;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * An ID inventory (棚卸, LC-3) over the real directory (UnboundID, LDAP protocol) and the real
 * Keycloak, onboarded from an HR file by the lifecycle service: each item shows HR's view and the
 * findings (an orphan, a section that differs from HR); a section head answers only for their own
 * sections' staff and never for their own ID; at the deadline the closing — taken by exactly one of
 * two instances — suspends in both targets the IDs not confirmed and those no longer needed, keeps
 * the confirmed ones, and the next lifecycle plan does not lift those stops. Everything is in the
 * verified audit log.
 */
class InventoryIT {

  private static final String REALM = "inventory-it";
  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final Policy POLICY = PolicyLoader.loadDefault();
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @TempDir static Path dir;

  private static TestDatabase database;
  private static EmbeddedDirectory ldap;
  private static LdapDirectory directory;
  private static Keycloak admin;
  private static List<ReconcileTarget> targets;
  private static LifecycleService lifecycle;
  private static MutableClock clock;
  private static AuditLog audit;
  private static Path hrFile;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.start();
    ldap = EmbeddedDirectory.start();
    directory = LdapDirectory.connect(ldap.settings());
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, POLICY, "it-inventory-direct");
    targets =
        List.of(
            new DirectoryTarget(directory, Clock.systemUTC()), new KeycloakTarget(admin, REALM));
    clock = new MutableClock(Instant.now());
    audit = database.audit(clock);
    HrCsvReader reader = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO);
    lifecycle =
        new LifecycleService(
            reader,
            new Planner(POLICY.lifecycle()),
            targets,
            LifecycleStores.on(database.jdbc(), clock),
            audit,
            clock);
    LocalDate today = LocalDate.now(TOKYO);
    // onboarded with 81004 in Z01; HR then moves 81004 to K01 (the move not yet applied)
    Path onboarding =
        hr(
            row("81001", "K01", "市民課"),
            row("81002", "K01", "市民課"),
            row("81003", "Z01", "税務課"),
            row("81004", "Z01", "税務課"),
            row("81005", "K01", "市民課"));
    LifecycleService.StoredPlan plan = lifecycle.plan(onboarding, today);
    assertThat(lifecycle.apply(plan.id(), today).status()).isEqualTo(Status.APPLIED);
    hrFile =
        hr(
            row("81001", "K01", "市民課"),
            row("81002", "K01", "市民課"),
            row("81003", "Z01", "税務課"),
            row("81004", "K01", "市民課"),
            row("81005", "K01", "市民課"));
    // an account nobody in HR owns, made by hand in Keycloak
    UserRepresentation orphan = new UserRepresentation();
    orphan.setUsername("tanaka-temp");
    orphan.setEnabled(true);
    admin.realm(REALM).users().create(orphan).close();
  }

  @AfterAll
  static void stop() {
    admin.close();
    directory.close();
    ldap.close();
    database.close();
  }

  private static Inventories instance(String name) {
    HrCsvReader reader = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO);
    Planner planner = new Planner(POLICY.lifecycle());
    return new Inventories(
        new InventoryStore(database.jdbc()),
        audit,
        new Alerts(new AlertStore(database.jdbc()), clock),
        targets,
        () -> {
          try {
            return new Inventories.HrView(
                hrFile.getFileName().toString(),
                planner.expected(reader.read(hrFile).records(), LocalDate.now(TOKYO)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        clock,
        TOKYO,
        name);
  }

  @Test
  void campaignWhenDeadlinePassesThenUnconfirmedAndUnneededIdsSuspendedInBothTargetsOnce()
      throws Exception {
    Inventories a = instance("instance-a");
    Inventories b = instance("instance-b");
    Instant deadline = clock.instant().plus(Duration.ofDays(14));
    Inventories.Campaign campaign = a.start("it-admin", "令和9年度 上期 ID棚卸", deadline);
    long id = campaign.id();
    assertThatThrownBy(() -> a.start("it-admin", "二重", deadline))
        .hasMessageContaining("still open");

    Map<String, Item> items =
        a.items(id, Optional.empty()).stream().collect(Collectors.toMap(Item::username, i -> i));
    assertThat(items).containsKeys("81001", "81002", "81003", "81004", "81005", "tanaka-temp");
    assertThat(items.get("81001").findings()).isEmpty();
    assertThat(items.get("81001").accounts()).contains("DIRECTORY").contains("IDENTITY_PROVIDER");
    assertThat(items.get("81004").findings()).containsExactly("SECTION_DIFFERS");
    assertThat(items.get("81004").hrSummary()).contains("[K01]");
    assertThat(items.get("tanaka-temp").findings()).containsExactly("NOT_IN_HR");
    assertThat(items.get("tanaka-temp").sections()).isEmpty();
    assertThat(
            database
                .jdbc()
                .sql("select recipient from notification where subject_ja like ? order by 1")
                .param("ID棚卸 #" + id + ":%")
                .query(String.class)
                .list())
        .containsExactly("ADMIN", "section-head:K01", "section-head:Z01");
    assertThat(a.items(id, Optional.of(Set.of("Z01"))))
        .extracting(Item::username)
        .containsExactlyInAnyOrder("81003", "81004");

    Answerer headK01 = new Answerer("81005", Set.of("K01"), false);
    Answerer headZ01 = new Answerer("head-z01", Set.of("Z01"), false);
    a.answer(id, key(items, "81001"), "CONFIRMED", null, headK01);
    assertThatThrownBy(() -> a.answer(id, key(items, "81002"), "NOT_NEEDED", " ", headK01))
        .hasMessageContaining("note: expected why");
    a.answer(id, key(items, "81002"), "NOT_NEEDED", "3月末で派遣契約終了、人事未反映", headK01);
    a.answer(id, key(items, "81004"), "CONFIRMED", "異動前の引継ぎ中", headZ01);
    assertThatThrownBy(() -> a.answer(id, key(items, "81003"), "CONFIRMED", null, headK01))
        .isInstanceOfSatisfying(
            Inventories.Refused.class,
            r -> assertThat(r.fault()).isEqualTo(Refusal.Fault.FORBIDDEN))
        .hasMessageContaining("expected the section head of [Z01]");
    assertThatThrownBy(() -> a.answer(id, key(items, "81005"), "CONFIRMED", null, headK01))
        .hasMessageContaining("nobody answers for their own ID");
    assertThatThrownBy(() -> a.answer(id, key(items, "tanaka-temp"), "CONFIRMED", null, headK01))
        .as("an ID with no section is answered by an ID administrator")
        .hasMessageContaining("an ID administrator");
    assertThat(a.summary(id))
        .containsEntry("CONFIRMED", 2L)
        .containsEntry("NOT_NEEDED", 1L)
        .containsEntry("UNANSWERED", 3L);

    assertThat(a.closeDue()).as("not before the deadline").isZero();
    // past the deadline (stored to the microsecond; the clock has nanoseconds)
    clock.advance(Duration.ofDays(14).plusSeconds(1));
    assertThatThrownBy(() -> a.answer(id, key(items, "81003"), "CONFIRMED", null, headZ01))
        .hasMessageContaining("before its deadline");

    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(a::closeDue);
    CompletableFuture<Integer> second = CompletableFuture.supplyAsync(b::closeDue);
    assertThat(first.get() + second.get()).as("closed by exactly one instance").isEqualTo(1);
    assertThat(a.closeDue()).isZero();
    assertThat(a.campaign(id).status()).isEqualTo(Inventories.Status.CLOSED);

    Map<String, Item> closed =
        a.items(id, Optional.empty()).stream().collect(Collectors.toMap(Item::username, i -> i));
    assertThat(closed.get("81001").outcome()).contains(Outcome.KEPT);
    assertThat(closed.get("81004").outcome()).contains(Outcome.KEPT);
    assertThat(closed.get("81002").outcome()).contains(Outcome.SUSPENDED_NOT_NEEDED);
    assertThat(closed.get("81003").outcome()).contains(Outcome.SUSPENDED_UNCONFIRMED);
    assertThat(closed.get("81005").outcome()).contains(Outcome.SUSPENDED_UNCONFIRMED);
    assertThat(closed.get("tanaka-temp").outcome()).contains(Outcome.SUSPENDED_UNCONFIRMED);

    for (ReconcileTarget target : targets) {
      Map<String, TargetAccount> now =
          target.read().stream().collect(Collectors.toMap(TargetAccount::loginName, t -> t));
      assertThat(now.get("81001").state())
          .as(target.target() + " 81001")
          .isEqualTo(AccountState.ENABLED);
      assertThat(now.get("81004").state()).isEqualTo(AccountState.ENABLED);
      assertThat(now.get("81002").state()).isEqualTo(AccountState.SUSPENDED);
      assertThat(now.get("81002").stopReason()).contains(StopReason.INVENTORY_NOT_NEEDED);
      assertThat(now.get("81003").state()).isEqualTo(AccountState.SUSPENDED);
      assertThat(now.get("81003").stopReason()).contains(StopReason.INVENTORY_UNCONFIRMED);
    }

    // HR still lists 81003 as active: the next lifecycle plan does not lift the inventory's stop
    LifecycleService.StoredPlan next = lifecycle.plan(hrFile, LocalDate.now(TOKYO));
    assertThat(next.plan().changes())
        .noneMatch(action -> action.employeeNumber().equals("81003"))
        .noneMatch(action -> action.employeeNumber().equals("81002"));

    assertThat(
            database
                .jdbc()
                .sql("select kind from audit_event where subject = ? order by seq")
                .param("inventory/" + id)
                .query(String.class)
                .list())
        .startsWith("INVENTORY_STARTED", "INVENTORY_CONFIRMED", "INVENTORY_NOT_NEEDED")
        .contains("INVENTORY_SUSPENDED_UNCONFIRMED", "INVENTORY_SUSPENDED_NOT_NEEDED")
        .endsWith("INVENTORY_CLOSED");
    assertThat(audit.verify().intact()).isTrue();
  }

  private static String key(Map<String, Item> items, String username) {
    return items.get(username).personKey();
  }

  private static String row(String number, String section, String sectionName) {
    return String.join(
        ",", number, "試験 花子", "シケン ハナコ", section, sectionName, "主事", "01", "01", "2024-04-01", "");
  }

  private static Path hr(String... rows) throws Exception {
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
