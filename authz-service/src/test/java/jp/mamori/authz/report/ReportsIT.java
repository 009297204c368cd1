package jp.mamori.authz.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.AuditQueryStore;
import jp.mamori.authz.credential.CredentialQueryStore;
import jp.mamori.authz.governance.GovernanceConfiguration;
import jp.mamori.authz.governance.GovernanceQueryStore;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.governance.InventoryStore;
import jp.mamori.authz.governance.PolicyExceptionStore;
import jp.mamori.authz.governance.PolicyExceptions;
import jp.mamori.authz.governance.SanctionStore;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.lifecycle.LifecycleQueryStore;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.LifecycleStores;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.authz.privileged.PrivilegedQueryStore;
import jp.mamori.authz.realm.RealmQueryStore;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.keycloak.KeycloakIcCards;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Every report generated from one seeded scenario over the real directory (UnboundID), the real
 * Keycloak (onboarded by the lifecycle service from an HR file) and PostgreSQL, with the rows each
 * should show and none it should not; CSV in UTF-8 and CP932; a PDF per report whose text (Japanese
 * included) reads back.
 */
class ReportsIT {

  private static final String REALM = "reports-it";
  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final Policy POLICY = PolicyLoader.loadDefault();
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @TempDir static Path dir;

  private static TestDatabase database;
  private static EmbeddedDirectory ldap;
  private static LdapDirectory directory;
  private static Keycloak admin;
  private static MutableClock clock;
  private static AuditLog audit;
  private static Reports reports;
  private static Path hrNow;

  @BeforeAll
  static void seed() throws Exception {
    database = TestDatabase.start();
    ldap = EmbeddedDirectory.start();
    directory = LdapDirectory.connect(ldap.settings());
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, POLICY, "it-reports-direct");
    List<ReconcileTarget> targets =
        List.of(
            new DirectoryTarget(directory, Clock.systemUTC()), new KeycloakTarget(admin, REALM));
    clock = new MutableClock(Instant.now());
    audit = database.audit(clock);
    HrCsvReader reader = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO);
    LocalDate today = LocalDate.now(TOKYO);
    Path onboarding =
        hr(
            row("82001", "K01", "01", ""),
            row("82002", "K01", "01", ""),
            row("82003", "Z01", "05", today.plusDays(30).toString()));
    LifecycleService lifecycle =
        new LifecycleService(
            reader,
            new Planner(POLICY.lifecycle()),
            targets,
            LifecycleStores.on(database.jdbc(), clock),
            audit,
            clock);
    LifecycleService.StoredPlan plan = lifecycle.plan(onboarding, today);
    assertThat(lifecycle.apply(plan.id(), today).status()).isEqualTo(Status.APPLIED);
    // HR since: the contractor's contract was cut short and ended yesterday (not yet synced)
    hrNow =
        hr(
            row("82001", "K01", "01", ""),
            row("82002", "K01", "01", ""),
            row("82003", "Z01", "05", today.minusDays(1).toString()));

    // Keycloak: an account nobody in HR owns; a development account past its end; an IC card
    UserRepresentation orphan = new UserRepresentation();
    orphan.setUsername("orphan-x");
    orphan.setEnabled(true);
    admin.realm(REALM).users().create(orphan).close();
    UserRepresentation dev = new UserRepresentation();
    dev.setUsername("dev-juki-2026");
    dev.setEnabled(true);
    dev.setAttributes(
        Map.of(
            "mamoriKind", List.of("DEVELOPMENT"),
            "mamoriEndDate", List.of(today.minusDays(10).toString())));
    admin.realm(REALM).users().create(dev).close();
    UserRepresentation k1 =
        admin.realm(REALM).users().get(user("82001").getId()).toRepresentation();
    k1.singleAttribute(KeycloakIcCards.ACTIVE, "ab".repeat(32));
    k1.singleAttribute(
        KeycloakIcCards.REGISTERED, "ab".repeat(32) + ";" + Instant.now().toEpochMilli() + ";職員証");
    admin.realm(REALM).users().get(k1.getId()).update(k1);

    // logins: 82002 last seen 200 days ago (dormant), 82001 yesterday
    for (String[] login : new String[][] {{"82001", "P1D"}, {"82002", "P200D"}}) {
      database
          .jdbc()
          .sql(
              "insert into login_activity (target, account_id, last_login, ip_address)"
                  + " values ('IDENTITY_PROVIDER', ?, ?, '10.1.0.15')")
          .params(
              user(login[0]).getId(),
              Timestamp.from(clock.instant().minus(Duration.parse(login[1]))))
          .update();
    }

    // privileged: one account used twice for 30 minutes each
    database
        .jdbc()
        .sql(
            """
            insert into privileged_account (id, kind, target, description, owner, eligible,
                approvers, max_duration_s, exclusive, emergency_allowed, registered_at,
                registered_by)
            values ('juki-dba', 'KEYCLOAK_ROLE', 'juki-admin', '住基DB管理者', 'boss', 'p-a,p-b',
                'boss', 7200, true, true, now(), 'boss')
            """)
        .update();
    for (int i = 0; i < 2; i++) {
      Instant at = clock.instant().minus(Duration.ofDays(3 + i));
      database
          .jdbc()
          .sql(
              """
              insert into privileged_checkout (account_id, exclusive, requester, purpose, ticket,
                  emergency, state, requested_at, window_start, duration_s, approval_deadline,
                  activated_at, checked_in_at)
              values ('juki-dba', true, 'p-a', 'patch', 'CHG-1', false, 'CHECKED_IN', ?, ?, 3600,
                  ?, ?, ?)
              """)
          .params(
              Timestamp.from(at),
              Timestamp.from(at),
              Timestamp.from(at),
              Timestamp.from(at),
              Timestamp.from(at.plus(Duration.ofMinutes(30))))
          .update();
    }

    // lockouts and an unlock, as the event ingestion and the account actions record them
    audit.append(
        new Entry(
            "KEYCLOAK_LOGIN_ERROR_LOCKED",
            "82002",
            "82002",
            AuditLog.detail(Map.of("error", "user_temporarily_disabled")),
            "AU-1,LG-1"));
    audit.append(
        new Entry(
            "ACCOUNT_UNLOCK",
            "it-admin",
            "82002",
            AuditLog.detail(Map.of("reason", "本人確認済み")),
            "LG-1"));
    audit.append(new Entry("KEYCLOAK_LOGIN", "82001", "82001", "{}", "AU-1"));

    // temporary passwords: one outstanding, one outstanding past its expiry, one used
    for (Object[] t :
        new Object[][] {
          {"82001", "P30D", "OUTSTANDING"},
          {"82002", "-P1D", "OUTSTANDING"},
          {"82003", "P30D", "USED"}
        }) {
      database
          .jdbc()
          .sql(
              "insert into temporary_password_issue (employee_number, issued_at, issued_by,"
                  + " handover_method, expires_at, outcome) values (?, ?, 'it-admin',"
                  + " 'IN_PERSON', ?, ?)")
          .params(
              t[0],
              Timestamp.from(clock.instant().minus(Duration.ofDays(2))),
              Timestamp.from(clock.instant().plus(Duration.parse((String) t[1]))),
              t[2])
          .update();
    }

    // an emergency exception with its report missing; a violation and a sanction
    Alerts alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    new PolicyExceptions(
            new PolicyExceptionStore(database.jdbc()), audit, alerts, Duration.ofDays(3), clock)
        .request(
            "it-admin",
            "MULTI_FACTOR_REQUIRED",
            PolicyExceptions.Scope.TERMINAL,
            "MN-K01-001",
            "センサー故障",
            clock.instant().plus(Duration.ofDays(2)),
            true);
    Sanctions sanctions =
        new Sanctions(
            new SanctionStore(database.jdbc()),
            audit,
            alerts,
            GovernanceConfiguration.keycloakAccounts(new KeycloakAccountStates(admin, REALM)),
            clock,
            TOKYO);
    Sanctions.Violation v = sanctions.recordViolation("it-admin", "82002", "PASSWORD_SHARED", "付箋");
    sanctions.impose(
        "it-admin", "82002", v.id(), "SUSPEND", "TIER", "MYNUMBER", "PASSWORD_SHARED", "研修まで");

    // an inventory campaign, one ID confirmed
    Planner planner = new Planner(POLICY.lifecycle());
    java.util.function.Supplier<Inventories.HrView> hrView =
        () -> {
          try {
            return new Inventories.HrView(
                hrNow.getFileName().toString(),
                planner.expected(reader.read(hrNow).records(), LocalDate.now(TOKYO)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    Inventories inventories =
        new Inventories(
            new InventoryStore(database.jdbc()),
            audit,
            alerts,
            targets,
            hrView,
            clock,
            TOKYO,
            "it");
    long campaign =
        inventories.start("it-admin", "令和9年度 ID棚卸", clock.instant().plus(Duration.ofDays(7))).id();
    inventories.answer(
        campaign,
        "82001",
        "CONFIRMED",
        null,
        new Inventories.Answerer("82002", java.util.Set.of("K01"), false));

    // Keycloak drifted from the policy once and was restored
    database
        .jdbc()
        .sql(
            "insert into realm_drift (detected_at, detected_by, realm, setting, expected, found,"
                + " requirement_ids, restored_at) values (now(), 'scheduled', ?,"
                + " 'bruteForceProtected', 'true', 'false', 'LG-1', now())")
        .param(REALM)
        .update();

    reports =
        new Reports(
            new Reports.Queries(
                new PrivilegedQueryStore(database.jdbc()),
                new AuditQueryStore(database.jdbc()),
                new CredentialQueryStore(database.jdbc()),
                new GovernanceQueryStore(database.jdbc()),
                new LifecycleQueryStore(database.jdbc()),
                new RealmQueryStore(database.jdbc())),
            targets,
            hrView,
            ReportConfiguration.keycloakMfa(admin, REALM),
            POLICY,
            clock,
            TOKYO);
  }

  @AfterAll
  static void stop() {
    admin.close();
    directory.close();
    ldap.close();
    database.close();
  }

  @Test
  void orphansWhenNoHrRecordThenListedAndStaffNot() {
    Report r = reports.generate("orphans");
    assertThat(column(r, 1)).contains("orphan-x").doesNotContain("82001", "82002", "82003");
    assertThat(r.rows()).allSatisfy(row -> assertThat(row.requirementIds()).contains("LC-3"));
  }

  @Test
  void dormantWhenNoLoginForThePolicysPeriodThenListed() {
    Report r = reports.generate("dormant");
    assertThat(column(r, 1)).containsExactly("82002");
    assertThat(Long.parseLong(r.rows().getFirst().cells().get(4))).isGreaterThanOrEqualTo(199);
  }

  @Test
  void endedWhenDevelopmentOrContractPastItsEndThenListedOnBothTargets() {
    Report r = reports.generate("ended");
    assertThat(column(r, 1)).containsExactlyInAnyOrder("dev-juki-2026", "82003", "82003");
    assertThat(r.rows())
        .filteredOn(row -> row.cells().get(1).equals("82003"))
        .allSatisfy(row -> assertThat(row.requirementIds()).containsExactly("LC-7"));
  }

  @Test
  void privilegedWhenUsedThenUsesAndMinutesCounted() {
    Report r = reports.generate("privileged");
    assertThat(r.rows()).hasSize(1);
    List<String> cells = r.rows().getFirst().cells();
    assertThat(cells.get(0)).isEqualTo("juki-dba");
    assertThat(cells.get(3)).isEqualTo("p-a p-b");
    assertThat(cells.get(5)).isEqualTo("2");
    assertThat(cells.get(6)).isEqualTo("60");
  }

  @Test
  void lockoutsWhenLockedAndUnlockedThenBothListedAndOrdinaryLoginsNot() {
    Report r = reports.generate("lockouts");
    assertThat(column(r, 1)).containsExactly("82002", "82002");
    assertThat(column(r, 2).getFirst()).contains("ロック中");
    assertThat(r.rows().get(1).cells().get(3)).isEqualTo("it-admin");
    assertThat(r.rows().get(1).cells().get(4)).isEqualTo("本人確認済み");
  }

  @Test
  void temporaryPasswordsWhenOutstandingOrExpiredThenListedAndUsedNot() {
    Report r = reports.generate("temporary-passwords");
    assertThat(column(r, 0)).containsExactly("82001", "82002");
    assertThat(r.rows().get(1).cells().get(5)).contains("期限切れ");
  }

  @Test
  void mfaWhenMyNumberStaffThenCoverageOfEachShown() {
    Report r = reports.generate("mfa");
    // K01 and Z01 are both My Number sections in the shipped policy
    assertThat(column(r, 0)).containsExactly("82001", "82002", "82003");
    assertThat(r.rows().get(0).cells().get(2)).startsWith("あり");
    assertThat(r.rows().get(0).cells().get(3)).contains("x509");
    assertThat(r.rows().get(1).cells().get(2)).startsWith("なし");
    assertThat(r.rows().get(2).cells().get(1)).isEqualTo("Z01");
    assertThat(r.scopeJa()).contains("登録済み 1 / 3 人");
  }

  @Test
  void governanceReportsWhenSeededThenExceptionSanctionInventoryAndDriftShown() {
    Report exceptions = reports.generate("exceptions");
    assertThat(exceptions.rows()).hasSize(1);
    assertThat(exceptions.rows().getFirst().cells().get(8)).startsWith("未報告");

    Report sanctions = reports.generate("sanctions");
    assertThat(column(sanctions, 0))
        .anySatisfy(c -> assertThat(c).startsWith("違反"))
        .anySatisfy(c -> assertThat(c).startsWith("処分"));
    assertThat(sanctions.rows().get(1).cells().get(3)).isEqualTo("SUSPEND TIER MYNUMBER");

    Report inventory = reports.generate("inventory");
    Map<String, List<String>> bySection =
        inventory.rows().stream()
            .collect(
                java.util.stream.Collectors.toMap(row -> row.cells().get(0), Report.Row::cells));
    assertThat(bySection.get("K01")).containsExactly("K01", "2", "1", "0", "1", "0", "0");
    assertThat(bySection).containsKey("Z01");

    Report drift = reports.generate("drift");
    assertThat(drift.rows()).hasSize(1);
    assertThat(drift.rows().getFirst().cells().get(2)).isEqualTo("bruteForceProtected");
    assertThat(drift.rows().getFirst().requirementIds()).containsExactly("LG-1");
  }

  @Test
  void complianceMatrixWhenGeneratedThenEveryRequirementWithMechanismTestsEvidenceOrGap()
      throws Exception {
    Report r = reports.generate("compliance");
    List<String> catalogue =
        Files.readAllLines(
                Path.of(
                    ReportsIT.class
                        .getResource("/jp/mamori/authz/compliance-requirements.md")
                        .toURI()))
            .stream()
            .filter(l -> l.matches("^\\| [A-Z]{2}-\\d+ \\|.*"))
            .map(l -> l.substring(2, l.indexOf(' ', 2)))
            .toList();
    assertThat(catalogue).hasSizeGreaterThanOrEqualTo(40).contains("LC-1", "GV-8", "AU-6");
    assertThat(column(r, 0)).as("every requirement, in the catalogue's order").isEqualTo(catalogue);
    Map<String, List<String>> byId =
        r.rows().stream()
            .collect(
                java.util.stream.Collectors.toMap(row -> row.cells().get(0), Report.Row::cells));
    // GV-4: Sanctions declares it, SanctionsIT cites it, the seeded sanction is its evidence
    assertThat(byId.get("GV-4").get(3)).contains("Sanctions (authz-service)");
    assertThat(byId.get("GV-4").get(4)).contains("SanctionsIT");
    assertThat(byId.get("GV-4").get(5)).contains("SANCTION_IMPOSED");
    assertThat(byId.get("GV-4").get(6)).startsWith("実装・試験・証跡あり");
    // nothing declares that it enforces PW-3 (one password per system): a gap, not met
    assertThat(byId.get("PW-3").get(3)).isEmpty();
    assertThat(byId.get("PW-3").get(6)).startsWith("未対応");
    assertThat(r.scopeJa()).contains("要件 " + catalogue.size() + " 件");
    assertThat(byId.get("AU-6").get(1)).startsWith("アクセス記録を保存するサーバーの時刻");
    assertThat(r.rows())
        .as("every requirement has its Japanese wording")
        .allSatisfy(row -> assertThat(row.cells().get(1)).contains(" / "));
  }

  @Test
  void everyReportWhenRenderedThenCsvAndPdfCarryItsRows() throws Exception {
    ReportRenderer renderer = new ReportRenderer(Optional.empty(), TOKYO);
    for (String id : Reports.CATALOGUE.keySet()) {
      Report r = reports.generate(id);
      String csv =
          new String(renderer.csv(r, false, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(csv).startsWith("\uFEFF" + r.titleJa());
      assertThat(csv.lines().count()).as(id).isEqualTo(5 + r.rows().size());
      String cp932 =
          new String(
              renderer.csv(r, true, Charset.forName("windows-31j")),
              Charset.forName("windows-31j"));
      assertThat(cp932).startsWith(r.titleEn());

      byte[] pdf = renderer.pdf(r, false);
      // kept as test output for a person to look at (target/report-pdfs)
      Path kept = Path.of("target", "report-pdfs", id + ".pdf");
      Files.createDirectories(kept.getParent());
      Files.write(kept, pdf);
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        String text = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
        assertThat(text).as(id).contains(r.titleJa().replaceAll("\\s", ""));
        for (Report.Row row : r.rows()) {
          assertThat(text).as(id).contains(row.cells().get(0).replaceAll("\\s", ""));
        }
      }
    }
  }

  @Test
  void cliWhenAllThenEveryReportWrittenWithProgressRecordedAndNeverOverwritten() throws Exception {
    java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("mamori-reports");
    java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ReportCli cli =
        new ReportCli(
            reports,
            new ReportRenderer(Optional.empty(), TOKYO),
            audit,
            new java.io.PrintStream(progress, true, StandardCharsets.UTF_8));
    Map<String, String> options =
        Map.of("report", "all", "file", folder.toString(), "actor", "監査担当 佐藤");
    long before = reportEvents();

    int exit =
        cli.execute("report", options, new java.io.PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
    try (var files = java.nio.file.Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .hasSize(Reports.CATALOGUE.size())
          .contains("mamori-orphans.csv", "mamori-compliance.csv");
    }
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains(
            "報告書 / reports: "
                + Reports.CATALOGUE.size()
                + " / "
                + Reports.CATALOGUE.size()
                + " (100%)");
    assertThat(reportEvents() - before)
        .as("each report on record")
        .isEqualTo(Reports.CATALOGUE.size());

    java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
    assertThat(
            cli.execute(
                "report", options, new java.io.PrintStream(again, true, StandardCharsets.UTF_8)))
        .as("a file that exists is never overwritten")
        .isEqualTo(4);
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("ファイルが既にあります");

    java.io.ByteArrayOutputStream wrong = new java.io.ByteArrayOutputStream();
    assertThat(
            cli.execute(
                "report",
                Map.of("report", "nonesuch", "file", folder.toString()),
                new java.io.PrintStream(wrong, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(wrong.toString(StandardCharsets.UTF_8))
        .contains("--mamori.cli.report: expected all or one of", "found nonesuch")
        .contains("--mamori.cli.actor: expected who makes the report");
  }

  private static long reportEvents() {
    return database
        .jdbc()
        .sql("select count(*) from audit_event where kind = 'REPORT_GENERATED'")
        .query(Long.class)
        .single();
  }

  private static List<String> column(Report r, int i) {
    return r.rows().stream().map(row -> row.cells().get(i)).toList();
  }

  private static UserRepresentation user(String username) {
    return admin.realm(REALM).users().searchByUsername(username, true).getFirst();
  }

  private static String row(String number, String section, String type, String contractEnd) {
    return String.join(
        ",",
        number,
        "試験 次郎",
        "シケン ジロウ",
        section,
        section.equals("K01") ? "市民課" : "税務課",
        "主事",
        type,
        "01",
        "2024-04-01",
        contractEnd);
  }

  private static Path hr(String... rows) throws Exception {
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
