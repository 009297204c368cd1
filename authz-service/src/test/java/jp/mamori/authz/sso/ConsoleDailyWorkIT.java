package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Scope;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console for daily work in headless Chromium on the whole stack: the sync plans (a plan made
 * from an uploaded HR export for the people it names, nothing applied; its changes filtered by
 * section; the plan downloaded as CSV for Excel; applied with its progress shown; an unreadable
 * upload refused naming the file and the column; auditors read but neither make nor apply) and the
 * accounts (the list searched by kana and filtered by state, 50 a page; the person's page with
 * their section, their IDs in the directory and Keycloak and their history; a temporary password
 * issued there with a step-up, after which the list's filter finds the person). Screenshots in
 * {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleDailyWorkIT extends EmbeddedStackIT {

  private static final String PASSWORD = "Console-Daily-2027x";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired JdbcClient jdbc;
  @Autowired LifecycleService lifecycle;
  @Autowired EnrolmentCodes enrolmentCodes;

  @TempDir Path dir;

  private final Random random = new Random();
  private Path screenshots;

  @BeforeAll
  void users() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.userWithRole(
        realm, "it-daily-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.userWithRole(
        realm, "it-daily-auditor", PASSWORD, KeycloakRealmConfigurator.AUDITOR_ROLE);
    screenshots = Files.createDirectories(Path.of("target/screenshots"));
  }

  /** A fictional employee number no other test uses (GV-8). */
  private String number() {
    return "7" + String.format("%07d", random.nextInt(10_000_000));
  }

  private static String row(String number, String name, String kana, String code, String section) {
    return String.join(",", number, name, kana, code, section, "主事", "01", "01", "2026-04-01", "");
  }

  @Test
  void syncWhenAnExportIsUploadedThenPlannedFilteredDownloadedAndAppliedWithProgress()
      throws Exception {
    String citizen = number();
    String tax = number();
    Path export = dir.resolve("jinji-202704.csv");
    Files.writeString(
        export,
        TestStack.HEADER
            + "\n"
            + row(citizen, "試験 一郎", "シケン イチロウ", "K01", "市民課")
            + "\n"
            + row(tax, "試験 二郎", "シケン ジロウ", "Z01", "税務課")
            + "\n",
        StandardCharsets.UTF_8);
    Path badRow = dir.resolve("bad-row.csv");
    Files.writeString(
        badRow,
        TestStack.HEADER + "\n" + row(number(), "試験 三郎", "シケン サブロウ", "Q99", "不明課") + "\n",
        StandardCharsets.UTF_8);
    Path broken = dir.resolve("broken-export.csv");
    Files.writeString(broken, "職員番号,氏名\n" + citizen + ",試験 一郎\n", StandardCharsets.UTF_8);

    long id;
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-daily-admin", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/sync");
      browser.waitFor("#new-plan", WAIT);
      browser.executeScript("document.querySelector('#new-plan').open = true");
      accessible(browser);

      // an export that cannot be read: refused, naming the file as uploaded and what is missing
      browser.click("#source-upload");
      browser.upload("#file", broken);
      browser.click("#make-plan");
      browser.waitFor("#error", WAIT);
      assertThat(browser.text("#error")).contains("人事ファイルを読めません", "broken-export.csv", "カナ");

      // a row that cannot be taken: the plan is made without it, the row named by file, line, field
      browser.executeScript("document.querySelector('#new-plan').open = true");
      browser.click("#source-upload");
      browser.upload("#file", badRow);
      browser.click("#make-plan");
      browser.waitFor("#problems", WAIT);
      assertThat(browser.text("#problems")).contains("bad-row.csv", "所属コード");
      assertThat(
              browser.executeScript(
                  "return document.querySelector('#problems tbody td:nth-child(2)').textContent"))
          .isEqualTo("2");
      browser.screenshot(screenshots.resolve("console-19-sync-rejected-row.png"));

      browser.executeScript("document.querySelector('#new-plan').open = true");
      browser.click("#source-upload");
      browser.upload("#file", export);
      browser.type("#employees", citizen + ", " + tax);
      browser.click("#make-plan");
      browser.waitFor("#done", WAIT);
      assertThat(browser.text("#done")).contains("を作成しました", "まだ何も適用していません");
      id = Long.parseLong(browser.currentUrl().replaceAll(".*[?&]id=(\\d+).*", "$1"));
      assertThat(browser.text("#plan-status")).contains("適用待ち");
      assertThat(browser.text("#plan-source")).isEqualTo("jinji-202704.csv");
      assertThat(browser.text("#plan-made-by")).isEqualTo("it-daily-admin");
      assertThat(browser.text("#changes-count")).startsWith("変更 4 件");
      assertThat(browser.text("#changes")).contains(citizen, tax, "作成 (Create)", "Z01 税務課");
      browser.screenshot(screenshots.resolve("console-20-sync-uploaded-plan.png"));

      // the section head of 税務課 checks only their people
      browser.type("#filter-section", "税務課");
      browser.click("#filter");
      browser.waitForUrl(url -> url.contains("section="), WAIT);
      assertThat(browser.text("#changes-count")).startsWith("変更 2 件");
      assertThat(browser.text("#changes")).contains(tax).doesNotContain(citizen);
      accessible(browser);
      browser.executeScript("document.querySelector('#change-filters').scrollIntoView()");
      browser.screenshot(screenshots.resolve("console-21-sync-filtered.png"));

      // the download as the filter shows it: UTF-8 with BOM, the Japanese header, two changes
      @SuppressWarnings("unchecked")
      Map<String, Object> csv =
          (Map<String, Object>)
              browser.executeScript(
                  "return fetch(document.querySelector('#download-csv').href)"
                      + ".then(r => r.arrayBuffer().then(b => ({status: r.status,"
                      + " type: r.headers.get('content-type'),"
                      + " disposition: r.headers.get('content-disposition'),"
                      + " head: Array.from(new Uint8Array(b).slice(0, 3)),"
                      + " text: new TextDecoder('utf-8').decode(b)})))");
      assertThat(String.valueOf(csv.get("status"))).isEqualTo("200");
      assertThat((String) csv.get("type")).startsWith("text/csv");
      assertThat((String) csv.get("disposition")).startsWith("attachment");
      assertThat(String.valueOf(csv.get("head")))
          .as("UTF-8 byte-order mark")
          .isEqualTo("[239, 187, 191]");
      String[] lines = ((String) csv.get("text")).split("\r\n");
      assertThat(lines[0]).startsWith("番号,操作,操作コード,対象システム,職員番号,所属");
      assertThat(lines).hasSize(3);
      assertThat(lines[1]).contains(tax, "Z01 税務課", "作成", "未適用");
      assertThat(lines[2]).contains(tax);

      // applying asks first, then runs in the background; the page shows how far it got
      browser.open(TestStack.baseUrl() + "/admin/sync?id=" + id);
      browser.waitFor("#apply", WAIT);
      browser.click("#apply");
      assertThat(browser.waitForDialog(WAIT)).startsWith("この計画を今すぐ適用しますか?");
      browser.acceptDialog();
      browser.waitFor("#apply-progress", WAIT);
      assertThat(browser.text("#done")).contains("適用を開始しました");
      browser.waitUntil(
          "plan " + id + " shown applied (the page refreshes itself while the apply runs)",
          () -> browser.isPresent("#apply-result") && browser.text("#plan-status").contains("適用済み"),
          Duration.ofSeconds(120));
      assertThat(browser.text("#apply-result")).contains("今回 4 件", "残り 0 件");
      assertThat(browser.text("#plan-done")).isEqualTo("4 / 4");
      assertThat(browser.text("#changes")).contains("済");
      assertThat(browser.isPresent("#apply")).as("an applied plan is not applied again").isFalse();
      browser.screenshot(screenshots.resolve("console-22-sync-applied.png"));

      browser.open(TestStack.baseUrl() + "/admin/sync?id=" + id + "&lang=en");
      browser.waitFor("#plan-status", WAIT);
      assertThat(browser.text("h1")).isEqualTo("Sync plans (HR → directory, Keycloak)");
      assertThat(browser.text("#changes")).contains("create (Create)");
      browser.screenshot(screenshots.resolve("console-23-sync-en.png"));
    }
    assertThat(
            jdbc.sql(
                    "select kind from audit_event where subject = ? and actor = 'it-daily-admin'"
                        + " order by seq")
                .param("lifecycle-plan/" + id)
                .query(String.class)
                .list())
        .containsExactly(
            "SYNC_PLAN_MADE",
            "SYNC_PLAN_EXPORTED",
            "SYNC_PLAN_APPLY_STARTED",
            "SYNC_PLAN_APPLY_FINISHED");
    assertThat(
            jdbc.sql("select detail from audit_event where subject = ? and kind = 'SYNC_PLAN_MADE'")
                .param("lifecycle-plan/" + id)
                .query(String.class)
                .single())
        .contains("jinji-202704.csv", "upload");

    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-daily-auditor", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/sync?id=" + id);
      browser.waitFor("#plan-status", WAIT);
      assertThat(browser.isPresent("#plan-form")).as("auditors read, never plan").isFalse();
      assertThat(browser.isPresent("#apply")).isFalse();
      assertThat(browser.isPresent("#download-csv")).isTrue();
    }
  }

  @Test
  void accountsWhenSearchedAndFilteredThenThePersonWithTheirIdsHistoryAndActions()
      throws Exception {
    String person = number();
    Path export = TestStack.hrFile(dir, person, "試験 花子", "シケン ハナコ", "A01", "総務課");
    LocalDate today = LocalDate.now(JST);
    LifecycleService.StoredPlan made = lifecycle.plan(export, today, Scope.of(Set.of(person)));
    assertThat(lifecycle.apply(made.id(), today).status()).isEqualTo(Status.APPLIED);
    // the IDs are read by the next run: a plan (nothing left to change) reads the targets again
    assertThat(lifecycle.plan(export, today, Scope.of(Set.of(person))).status())
        .isEqualTo(Status.EMPTY);

    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-daily-admin", PASSWORD);
      // issuing a temporary password needs a step-up: the administrator's key, registered once
      browser.addVirtualAuthenticator(true);
      browser.open(TestStack.baseUrl() + "/me/step-up");
      browser.waitFor("#register", WAIT);
      browser.type(
          "#enrolmentCode", enrolmentCodes.issue("it-daily-admin", "it-desk", "職員証で本人確認").code());
      browser.click("#register");
      browser.waitFor("#step-up-keys", WAIT);

      browser.open(TestStack.baseUrl() + "/admin");
      browser.waitFor("#search-form", WAIT);
      accessible(browser);
      browser.type("#q", "しけん はなこ"); // hiragana finds the katakana of the register
      browser.click("#search");
      browser.waitForUrl(url -> url.contains("q="), WAIT);
      // the list reads what the runs just stored, even right after another screen filled it
      browser.waitFor("#accounts", WAIT);
      assertThat(browser.text("#accounts")).contains(person, "試験 花子", "A01 総務課");
      assertThat(browser.text("#accounts-count")).startsWith("1 人");
      browser.screenshot(screenshots.resolve("console-24-accounts-search.png"));

      browser.click("#accounts a");
      browser.waitFor("#account-status", WAIT);
      assertThat(browser.text("h1")).isEqualTo("試験 花子 (" + person + ")");
      assertThat(browser.text("#person-section")).isEqualTo("A01 総務課");
      assertThat(
              browser.executeScript(
                  "return [...document.querySelectorAll('#ids tr[data-target]')]"
                      + ".map(r => r.dataset.target + ':' + r.dataset.status).sort().join(',')"))
          .isEqualTo("DIRECTORY:ACTIVE,IDENTITY_PROVIDER:ACTIVE");
      // the changes the run made for the person, by the plan that made them
      assertThat(browser.text("#history")).contains("SYNC_CREATE", "mamori:plan/" + made.id());
      assertThat(browser.isPresent("#no-privileged")).isTrue();
      assertThat(browser.isPresent("#issue")).as("the actions stay on the person's page").isTrue();
      assertThat(browser.isPresent("#unlock")).isTrue();
      browser.executeScript("document.querySelector('#ids-heading').scrollIntoView()");
      browser.screenshot(screenshots.resolve("console-25-person.png"));

      browser.click("#issue");
      browser.waitForDialog(WAIT);
      browser.acceptDialog();
      browser.waitFor("#issued-password", WAIT);

      browser.open(TestStack.baseUrl() + "/admin?q=" + person + "&state=TEMPORARY_PASSWORD");
      browser.waitFor("#search-form", WAIT);
      assertThat(browser.text("#accounts")).contains(person, "仮パスワード未変更");
      assertThat(
              browser.executeScript(
                  "return document.querySelector('#state-TEMPORARY_PASSWORD').checked"))
          .isEqualTo(true);
      browser.screenshot(screenshots.resolve("console-26-accounts-temporary-password.png"));
      browser.open(TestStack.baseUrl() + "/admin?q=" + person + "&state=LOCKED");
      browser.waitFor("#search-form", WAIT);
      assertThat(browser.isPresent("#no-accounts")).isTrue();
      assertThat(browser.isPresent("#accounts")).isFalse();

      browser.open(TestStack.baseUrl() + "/admin/staff/" + person);
      browser.waitFor("#history", WAIT);
      assertThat(
              browser.executeScript(
                  "return [...document.querySelectorAll('#history tr[data-kind]')]"
                      + ".map(r => r.dataset.kind).join(',')"))
          .asString()
          .contains("TEMPORARY_PASSWORD_ISSUED");
      browser.executeScript("document.querySelector('#history-heading').scrollIntoView()");
      browser.screenshot(screenshots.resolve("console-26b-person-history.png"));

      browser.open(TestStack.baseUrl() + "/admin?lang=en");
      browser.waitFor("#search-form", WAIT);
      assertThat(browser.text("h1")).isEqualTo("Accounts");
      assertThat(browser.text("#accounts-count")).contains("people");
      browser.screenshot(screenshots.resolve("console-27-accounts-en.png"));
    }
  }

  private static void accessible(Browser browser) {
    Object unlabelled =
        browser.executeScript(
            "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
                + ".map(e => e.id || e.name).join(',')");
    assertThat(String.valueOf(unlabelled)).as("form fields without a label").isEmpty();
    assertThat(browser.executeScript("return document.querySelector('a,button,input').className"))
        .isEqualTo("skip");
  }
}
