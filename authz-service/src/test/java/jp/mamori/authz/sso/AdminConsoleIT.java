package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.realm.RealmDriftCheck;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The administrators' console in headless Chromium on the whole embedded stack (issue 4): an ID
 * administrator logs in through SSO, opens a locked account, sees the same state as the API
 * reports, unlocks it with a reason and sees it active; issues a temporary password shown once and
 * recorded; an auditor sees the page but cannot change anything; a member of staff cannot open it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-console-api";
  private static final String PASSWORD = "Console-Kanri-2027x";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EnrolmentCodes enrolmentCodes;
  @Autowired java.util.List<RealmDriftCheck> checks;
  private RealmDriftCheck drift;

  private String apiToken;

  @BeforeAll
  void users() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.userWithRole(
        realm, "it-console-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.userWithRole(
        realm, "it-console-auditor", PASSWORD, KeycloakRealmConfigurator.AUDITOR_ROLE);
    TestKeycloak.userWithRole(
        realm, "it-console-leaver", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.user(realm, "it-console-staff", PASSWORD);
    TestKeycloak.user(realm, "it-locked-staff", PASSWORD);
    String head =
        TestKeycloak.userWithRole(
            realm, "it-console-head", PASSWORD, KeycloakRealmConfigurator.SECTION_HEAD_ROLE);
    String k01staff = TestKeycloak.user(realm, "it-console-k01", PASSWORD);
    String k01 = sectionGroup(realm, "section-K01");
    realm.users().get(head).joinGroup(k01);
    realm.users().get(k01staff).joinGroup(k01);
    drift =
        checks.stream()
            .filter(c -> c.realm().equals(endpoints.keycloak().realm()))
            .findFirst()
            .orElseThrow();
    apiToken =
        TestKeycloak.accessToken(
            endpoints.keycloak().issuer(), CLIENT, "it-console-admin", PASSWORD);
  }

  @Test
  void consoleWhenAdministratorThenSameStateAsTheApiAndUnlockAndIssueAreRecorded()
      throws Exception {
    for (int i = 0; i < 5; i++) { // the policy's threshold
      assertThat(
              DirectGrant.countedFailure(
                      admin.realm(endpoints.keycloak().realm()),
                      endpoints.keycloak().issuer(),
                      CLIENT,
                      "it-locked-staff",
                      "Wrong-Guess-" + i)
                  .status())
          .isEqualTo(400);
    }
    // Keycloak's brute-force protector counts the failures on its own threads, after each answer:
    // the account is locked only once it has counted the fifth
    Poll.untilEquals(
        "it-locked-staff's status in the API after five failed logins",
        "TEMPORARILY_LOCKED",
        () -> status("it-locked-staff").path("status").asString());
    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-admin", PASSWORD);
      // unlocking and issuing need a step-up (privileged.stepUpRequired): the administrator's
      // authenticator, registered once in the console
      browser.addVirtualAuthenticator(true);
      browser.open(TestStack.baseUrl() + "/me/step-up");
      browser.waitFor("#register", WAIT);
      // a first key needs the one-time code someone else issued after checking the person (MF-3)
      assertThat(browser.isPresent("#enrolmentCode[required]")).isTrue();
      browser.type(
          "#enrolmentCode", enrolmentCodes.issue("it-console-admin", "it-desk", "職員証で本人確認").code());
      browser.click("#register");
      browser.waitFor("#step-up-keys", WAIT);
      assertThat(browser.isPresent("#register[data-enrol-step-up]"))
          .as("another key now needs a step-up with this one first")
          .isTrue();
      browser.open(TestStack.baseUrl() + "/me");
      browser.waitFor("#notices", WAIT);
      assertThat(browser.text("#notices")).contains("本人確認用の認証器が登録されました");
      browser.open(TestStack.baseUrl() + "/admin/staff/it-locked-staff");
      browser.waitFor("#account-status", WAIT);
      browser.screenshot(screenshots.resolve("console-1-locked-account.png"));
      JsonNode api = status("it-locked-staff");
      assertThat(browser.text("#account-status")).isEqualTo(api.path("labelJa").asString());
      assertThat(api.path("status").asString()).isEqualTo("TEMPORARILY_LOCKED");

      browser.type("#reason-unlock", "本人確認の上、窓口で解除 / identity checked at the desk");
      browser.click("#unlock");
      browser.waitFor("#done", WAIT);
      assertThat(browser.text("#account-status")).isEqualTo("利用可");
      assertThat(status("it-locked-staff").path("status").asString()).isEqualTo("ACTIVE");

      // issuing replaces the current password: asked first (issue 8); Cancel stops the step-up
      // too, so nothing is signed or sent
      browser.executeScript("window.sameDocument = true"); // gone if the form is sent
      browser.click("#issue");
      assertThat(browser.waitForDialog(WAIT))
          .isEqualTo("it-locked-staff に仮パスワードを発行しますか? 現在のパスワードは使えなくなります。");
      browser.dismissDialog();
      // watch for a step-up and a request that should not happen
      Poll.holdsFor(
          "the staff page not replaced after Cancel",
          Duration.ofSeconds(1),
          () -> Boolean.TRUE.equals(browser.executeScript("return window.sameDocument === true")));
      assertThat(browser.executeScript("return window.sameDocument === true")).isEqualTo(true);
      browser.click("#issue");
      browser.waitForDialog(WAIT);
      browser.acceptDialog();
      browser.waitFor("#issued-password", WAIT);
      browser.screenshot(screenshots.resolve("console-2-temporary-password-once.png"));
      String shown = browser.text("#issued-password");
      assertThat(shown).hasSizeGreaterThanOrEqualTo(12);
      browser.click("#back");
      browser.waitFor("#issuances", WAIT);
      assertThat(browser.text("#issuances")).contains("it-console-admin", "OUTSTANDING");
      assertThat(browser.pageSource()).doesNotContain(shown);

      // an IC card registered for the person, with a step-up bound to the card and the reason
      browser.executeScript(
          "document.querySelector('#certificate').value = arguments[0]",
          TestCards.certificatePem(Files.createTempDirectory("ic-cards"), "it-locked-staff-card"));
      browser.type("#iccard-reason", "職員証の再発行 / card reissued");
      browser.click("#register-ic-card");
      browser.waitFor("#done", WAIT);
      browser.screenshot(screenshots.resolve("console-2b-ic-card.png"));
      assertThat(browser.text("#authenticators")).contains("ICカード", "利用可");
      assertThat(
              JSON.readTree(
                      TestApi.call(
                              "GET", "/api/staff/it-locked-staff/authenticators", apiToken, null)
                          .body())
                  .get(0)
                  .path("type")
                  .asString())
          .isEqualTo("x509");

      // reporting the card lost asks first: Cancel sends nothing, OK suspends it at once
      browser.type("#authenticators input[name=reason]", "職員証の紛失届 / card reported lost");
      browser.executeScript("window.sameDocument = true"); // gone if the form is sent
      browser.click("#authenticators .report-lost");
      assertThat(browser.waitForDialog(WAIT)).contains("紛失として届け出ますか");
      browser.dismissDialog();
      // watch for a request that should not be sent
      Poll.holdsFor(
          "the staff page not replaced and the card still active after Cancel",
          Duration.ofSeconds(1),
          () ->
              Boolean.TRUE.equals(browser.executeScript("return window.sameDocument === true"))
                  && authenticatorState("it-locked-staff").equals("ACTIVE"));
      assertThat(browser.executeScript("return window.sameDocument === true")).isEqualTo(true);
      assertThat(authenticatorState("it-locked-staff")).isEqualTo("ACTIVE");
      // this page shows #done of the card's registration: wait for the page the report leads to
      browser.markPage();
      browser.click("#authenticators .report-lost");
      browser.waitForDialog(WAIT);
      browser.acceptDialog();
      browser.waitForNewPage(WAIT);
      browser.waitFor("#done", WAIT);
      assertThat(authenticatorState("it-locked-staff")).isEqualTo("SUSPENDED");
      assertThat(browser.text("#authenticators")).contains("ICカード");
      assertThat(browser.isPresent("#authenticators .report-found")).isTrue();

      // drift by hand is found by the check, restored and shown in the console (the scheduled
      // check, at every quarter hour, may take the drift first: then it is made again)
      Poll.until(
          "the console-test check to find failureFactor 30",
          () -> {
            var live = admin.realm(endpoints.keycloak().realm()).toRepresentation();
            live.setFailureFactor(30);
            admin.realm(endpoints.keycloak().realm()).update(live);
            return drift.run("console-test").found().stream()
                .anyMatch(d -> d.setting().equals("failureFactor") && d.found().equals("30"));
          });
      browser.open(TestStack.baseUrl() + "/admin/realm/drift");
      browser.waitFor("#drift", WAIT);
      browser.screenshot(screenshots.resolve("console-3-drift.png"));
      assertThat(browser.text("#drift")).contains("failureFactor", "30", "console-test");
      assertThat(admin.realm(endpoints.keycloak().realm()).toRepresentation().getFailureFactor())
          .isEqualTo(5);
    }
  }

  @Test
  void consoleWhenKeycloakEndsTheAdministratorsSessionsThenTheConsoleSessionEndsAtOnce()
      throws Exception {
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-leaver", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/staff/it-console-staff");
      browser.waitFor("#account-status", WAIT);

      // what Mamori does when an account is disabled, locked or sanctioned: Keycloak ends every
      // session of the person, and tells the console over the back channel
      RealmResource realm = admin.realm(endpoints.keycloak().realm());
      realm
          .users()
          .get(realm.users().searchByUsername("it-console-leaver", true).getFirst().getId())
          .logout();

      // the next page is Keycloak's login, not the console: the roles read at login are gone
      Poll.until(
          "the console session of it-console-leaver ended by Keycloak's logout token",
          () -> {
            browser.open(TestStack.baseUrl() + "/admin/staff/it-console-staff");
            return browser.currentUrl().startsWith(endpoints.keycloak().issuer());
          });
      assertThat(browser.isPresent("#account-status")).isFalse();
    }
  }

  @Test
  void consoleWhenAuditorThenReadsButCannotChangeAndStaffCannotOpenIt() throws Exception {
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-auditor", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/staff/it-console-staff");
      browser.waitFor("#account-status", WAIT);
      browser.type("#reason-password-leak", "試しに / trying");
      browser.click("#password-leak");
      assertThat(browser.waitForDialog(WAIT))
          .startsWith("it-console-staff のパスワードを漏えいの疑いありとして扱いますか?");
      browser.acceptDialog();
      browser.waitForUrl(url -> !url.endsWith("/admin/staff/it-console-staff"), WAIT);
      TestStack.awaitForbidden(browser);
      assertThat(String.valueOf(browser.executeScript("return document.body.innerText")))
          .doesNotContain("実行し、記録しました");
      assertThat(status("it-console-staff").path("status").asString()).isEqualTo("ACTIVE");
    }
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-staff", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/staff/it-console-staff");
      TestStack.awaitForbidden(browser);
      assertThat(browser.isPresent("#account-status")).isFalse();
    }
  }

  @Test
  void reportsWhenAuditorThenListedShownInBothLanguagesAndPrintable() throws Exception {
    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-auditor", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/reports");
      browser.waitFor("#reports", WAIT);
      assertThat(browser.text("#reports")).contains("要件対応表", "人事データのないID", "ID棚卸の状況");

      browser.open(TestStack.baseUrl() + "/admin/reports/compliance");
      browser.waitFor("#rows", WAIT);
      browser.screenshot(screenshots.resolve("console-4-compliance-matrix.png"));
      assertThat(browser.text("#title")).isEqualTo("要件対応表 (コンプライアンス・マトリクス)");
      assertThat(browser.text("#rows")).contains("LC-1", "GV-4", "Sanctions", "未対応");

      browser.open(TestStack.baseUrl() + "/admin/reports/mfa?lang=en");
      browser.waitFor("#title", WAIT);
      browser.screenshot(screenshots.resolve("console-5-report-mfa-en.png"));
      assertThat(browser.text("#title")).isEqualTo("Multi-factor coverage of the My Number tier");
      assertThat(browser.text("#scope")).contains("have a second factor");

      Object pdf =
          browser.executeScript(
              "return fetch('/admin/reports/exceptions/pdf')"
                  + ".then(r => r.status + ' ' + r.headers.get('content-type'))");
      assertThat(String.valueOf(pdf)).isEqualTo("200 application/pdf");
      Object csv =
          browser.executeScript(
              "return fetch('/admin/reports/orphans/csv?encoding=CP932')"
                  + ".then(r => r.status + ' ' + r.headers.get('content-type'))");
      assertThat(String.valueOf(csv))
          .startsWith("200 text/csv")
          .containsIgnoringCase("windows-31j");
      Object wrong =
          browser.executeScript(
              "return fetch('/admin/reports/orphans/csv?encoding=EUC-JP')"
                  + ".then(r => r.text().then(t => r.status + ' ' + t))");
      assertThat(String.valueOf(wrong))
          .startsWith("400 ")
          .contains("encoding: expected UTF-8 or CP932 (Excel); found EUC-JP");
    }
  }

  @Autowired Inventories inventories;

  private static String sectionGroup(RealmResource realm, String name) {
    var found = realm.groups().groups(name, true, 0, 1, true);
    if (!found.isEmpty()) {
      return found.getFirst().getId();
    }
    var g = new org.keycloak.representations.idm.GroupRepresentation();
    g.setName(name);
    return org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(realm.groups().add(g));
  }

  @Test
  void inventoryWhenSectionHeadThenAnswersForTheirStaffInTheConsole() throws Exception {
    inventories.open().ifPresent(c -> inventories.cancel(c.id(), "it", "another test's campaign"));
    long id =
        inventories
            .start(
                "it-console-admin",
                "令和9年度 ID棚卸 (画面)",
                java.time.Instant.now().plus(Duration.ofDays(7)))
            .id();
    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-head", PASSWORD);
      browser.open(TestStack.baseUrl() + "/inventory");
      browser.waitFor("#items", WAIT);
      browser.screenshot(screenshots.resolve("console-6-inventory-section-head.png"));
      assertThat(browser.isPresent("#item-it-console-k01")).isTrue();
      assertThat(browser.isPresent("#confirm-it-console-head"))
          .as("nobody answers for their own ID")
          .isFalse();
      assertThat(browser.isPresent("#item-it-locked-staff")).as("not in K01").isFalse();
      browser.click("#confirm-it-console-k01");
      browser.waitFor("#done", WAIT);
      var answered =
          inventories.items(id, java.util.Optional.empty()).stream()
              .filter(i -> i.username().equals("it-console-k01"))
              .findFirst()
              .orElseThrow();
      assertThat(answered.decision()).contains(Inventories.Decision.CONFIRMED);
      assertThat(answered.decidedBy()).contains("it-console-head");

      browser.click("#not-needed-it-console-k01"); // without a reason
      // marking an ID no longer needed leads to its suspension: asked first; Cancel sends nothing
      assertThat(browser.waitForDialog(WAIT)).startsWith("it-console-k01 を不要としますか?");
      browser.dismissDialog();
      // the form, if it were sent, would be refused for want of a note
      Poll.holdsFor(
          "no refusal (#error) after Cancel",
          Duration.ofSeconds(1),
          () -> !browser.isPresent("#error"));
      assertThat(browser.isPresent("#error")).isFalse();
      browser.click("#not-needed-it-console-k01");
      browser.waitForDialog(WAIT);
      browser.acceptDialog();
      browser.waitFor("#error", WAIT);
      assertThat(browser.text("#error")).contains("note: expected why");
    }
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-console-staff", PASSWORD);
      browser.open(TestStack.baseUrl() + "/inventory");
      TestStack.awaitForbidden(browser);
      assertThat(browser.isPresent("#items")).isFalse();
    }
  }

  private String authenticatorState(String username) throws Exception {
    HttpResponse<String> response =
        TestApi.call("GET", "/api/staff/" + username + "/authenticators", apiToken, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get(0).path("state").asString();
  }

  private JsonNode status(String username) throws Exception {
    HttpResponse<String> response =
        TestApi.call("GET", "/api/staff/" + username + "/status", apiToken, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
