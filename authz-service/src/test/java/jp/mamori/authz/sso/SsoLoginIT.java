package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.KeycloakLogins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole slice, end to end, in headless Chromium against the real Keycloak: HR record → plan →
 * first SSO login (authorization code + PKCE) with the temporary password → forced change (PW-4) →
 * the staff page with name, section, account status and login history (LG-1); then, after a wrong
 * password typed in between, a second login shows the first one as "previous login" and one failed
 * attempt. The owner's "this wasn't me" locks the account and records an incident. A lock that
 * falls while the first login's change form is open holds: no new password, no session.
 */
class SsoLoginIT extends EmbeddedStackIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NEW_PASSWORD = "Sakura-Haru-2026x";

  @Autowired LifecycleService lifecycle;
  @Autowired StackEndpoints endpoints;
  @Autowired Keycloak admin;
  @Autowired AccountStates states;
  @Autowired TemporaryPasswords passwords;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @TempDir Path dir;

  @Test
  void
      loginWhenFirstTimeWithTemporaryPasswordThenChangeIsForcedAndStaffPageShowsNameSectionAndLogins()
          throws Exception {
    String temporaryPassword =
        TestStack.onboard(
            lifecycle,
            passwords,
            TestStack.hrFile(dir, "30001", "北条 真理", "ホウジョウ マリ", "F01", "福祉課"),
            "30001");
    // the onboarding is on record: the plan for this person, each change journalled, and the
    // temporary password's issue in the audit log (AU-5, PW-4)
    assertThat(
            jdbc.sql(
                    "select count(*) from lifecycle_journal j join lifecycle_plan p on"
                        + " p.id = j.plan_id where p.scope = '30001' and j.status = 'DONE'")
                .query(Integer.class)
                .single())
        .as("the directory entry and the Keycloak account created, each journalled")
        .isEqualTo(2);
    assertThat(
            jdbc.sql("select kind from audit_event where subject = 'staff/30001' order by seq")
                .query(String.class)
                .list())
        .contains("TEMPORARY_PASSWORD_ISSUED");
    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      browser.waitFor("#username", WAIT);
      assertThat(browser.currentUrl())
          .startsWith(endpoints.keycloak().issuer() + "/protocol/openid-connect/auth")
          .contains("code_challenge_method=S256");
      assertThat(browser.executeScript("return document.documentElement.lang")).isEqualTo("ja");
      typeLogin(browser, "30001", temporaryPassword);

      browser.waitFor("#password-new", WAIT);
      browser.screenshot(screenshots.resolve("sso-1-forced-password-change.png"));
      browser.type("#password-new", NEW_PASSWORD);
      browser.type("#password-confirm", NEW_PASSWORD);
      browser.click("#kc-passwd-update-form [type=submit]");

      browser.waitForUrl(url -> url.startsWith(TestStack.baseUrl() + "/me"), WAIT);
      browser.waitFor("#full-name", WAIT);
      browser.screenshot(screenshots.resolve("sso-2-staff-page-first-login.png"));
      assertThat(browser.text("#full-name")).isEqualTo("北条 真理");
      assertThat(browser.text("#section")).isEqualTo("福祉課 (F01)");
      assertThat(browser.text("#username")).isEqualTo("30001");
      assertThat(browser.text("#current-login"))
          .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+09:00.*");
      assertThat(browser.text("#previous-login")).isEqualTo("初回のログインです");
      String firstLogin = browser.text("#current-login");

      assertThat(browser.text("#account-status")).isEqualTo("利用可");

      browser.click("#logout");
      // the staff page has a #username too: wait for Keycloak's login page itself
      browser.waitForUrl(url -> url.startsWith(endpoints.keycloak().issuer()), WAIT);
      // a wrong password, counted by Keycloak (which records logins after answering, and refuses
      // uncounted a login that comes while it is still recording the previous one)
      var realm = admin.realm(endpoints.keycloak().realm());
      KeycloakLogins.countedFailure(
          "30001 in the browser",
          realm,
          realm.users().searchByUsername("30001", true).getFirst().getId(),
          () -> {
            submitLogin(browser, "30001", "Someone-Else-Guessing-1");
            browser.waitForUrl(url -> url.contains("/login-actions/authenticate"), WAIT);
            awaitRefusalShown(browser);
            return null;
          });
      typeLogin(browser, "30001", NEW_PASSWORD);

      browser.waitForUrl(url -> url.startsWith(TestStack.baseUrl() + "/me"), WAIT);
      browser.waitFor("#previous-login", WAIT);
      browser.screenshot(screenshots.resolve("sso-3-staff-page-second-login.png"));
      assertThat(browser.text("#previous-login")).isEqualTo(firstLogin);
      assertThat(browser.text("#failures"))
          .as("the wrong password typed between the two logins (LG-1)")
          .startsWith("1");
    }
    passwords.sweep();
    assertThat(passwords.history("30001").getFirst().outcome())
        .as("the temporary password changed at the first login in the browser is recorded as used")
        .isEqualTo(TemporaryPasswords.Outcome.USED);
  }

  @Test
  void notMeWhenOwnerReportsThenAccountLockedSessionsEndedAndIncidentRecorded() throws Exception {
    String temporaryPassword =
        TestStack.onboard(
            lifecycle,
            passwords,
            TestStack.hrFile(dir, "30005", "東 花子", "ヒガシ ハナコ", "K01", "市民課"),
            "30005");
    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      submitLogin(browser, "30005", temporaryPassword);
      browser.waitFor("#password-new", WAIT);
      browser.type("#password-new", NEW_PASSWORD);
      browser.type("#password-confirm", NEW_PASSWORD);
      browser.click("#kc-passwd-update-form [type=submit]");
      browser.waitFor("#not-me", WAIT);

      // behind the proxy: the person's address is the one the proxy reports, not the proxy's
      browser.addRequestHeaders(java.util.Map.of("X-Forwarded-For", "203.0.113.7"));
      browser.click("#not-me");
      browser.waitFor("#confirm-not-me", WAIT);
      browser.screenshot(screenshots.resolve("sso-4-not-me-confirm.png"));
      browser.click("#confirm-not-me");
      browser.waitFor("#incident", WAIT);
      browser.screenshot(screenshots.resolve("sso-5-not-me-locked.png"));
      assertThat(browser.text("#locked-heading")).isEqualTo("アカウントをロックしました");
      assertThat(Long.parseLong(browser.text("#incident"))).isPositive();

      browser.open(TestStack.baseUrl() + "/me"); // the console session is gone
      submitLogin(browser, "30005", NEW_PASSWORD);
      browser.waitForUrl(url -> url.contains("/login-actions/authenticate"), WAIT);
      assertThat(browser.isPresent("#full-name")).isFalse();
    }
    assertThat(states.status("30005").code()).isEqualTo("LOCKED");
    assertThat(
            jdbc.sql("select count(*) from security_incident where username = '30005'")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("select ip_address from security_incident where username = '30005'")
                .query(String.class)
                .single())
        .as("the address the proxy reported for the person")
        .isEqualTo("203.0.113.7");
  }

  @Test
  void loginWhenTemporaryPasswordIsWrongThenNoSessionAndStillOnKeycloak() throws Exception {
    TestStack.onboard(
        lifecycle,
        passwords,
        TestStack.hrFile(dir, "30003", "南 一郎", "ミナミ イチロウ", "K01", "市民課"),
        "30003");

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      submitLogin(browser, "30003", "Not-The-Password-1");
      browser.waitForUrl(url -> url.contains("/login-actions/authenticate"), WAIT);

      assertThat(browser.currentUrl()).startsWith(endpoints.keycloak().issuer());
      assertThat(browser.isPresent("#full-name")).isFalse();
    }
  }

  @Test
  void loginWhenLockedThenTheRightPasswordGetsTheAnswerOfAWrongOne() throws Exception {
    String temporaryPassword =
        TestStack.onboard(
            lifecycle,
            passwords,
            TestStack.hrFile(dir, "30007", "西 五郎", "ニシ ゴロウ", "K01", "市民課"),
            "30007");
    var realm = admin.realm(endpoints.keycloak().realm());
    String id = realm.users().searchByUsername("30007", true).getFirst().getId();

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      lockByWrongPasswords(browser, realm, id, "30007");
      KeycloakLogins.awaitLocked("30007 after wrong passwords in the browser", realm, id);

      typeLogin(browser, "30007", temporaryPassword);

      awaitRefusalShown(browser);
      assertThat(browser.isPresent("#password-new"))
          .as("the right (temporary) password while locked opens nothing")
          .isFalse();
      assertThat(browser.visibleText())
          .as("the page says what it says to a wrong password, not that the account is locked")
          .doesNotContain("ロック")
          .doesNotContain("locked")
          .doesNotContain("disabled");
    }
  }

  @Test
  void firstLoginWhenTheNewPasswordIsTheTemporaryOneThenRefusedAndTheTemporaryOneDiesWithTheChange()
      throws Exception {
    String temporaryPassword =
        TestStack.onboard(
            lifecycle,
            passwords,
            TestStack.hrFile(dir, "30008", "北 六郎", "キタ ロクロウ", "K01", "市民課"),
            "30008");

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      submitLogin(browser, "30008", temporaryPassword);
      browser.waitFor("#password-new", WAIT);

      // the temporary password as the new one: the realm's password history refuses it (PW-4)
      browser.type("#password-new", temporaryPassword);
      browser.type("#password-confirm", temporaryPassword);
      browser.click("#kc-passwd-update-form [type=submit]");
      browser.waitUntil(
          "the change page refusing the temporary password as the new one",
          () ->
              browser.isPresent("#password-new")
                  && (browser.visibleText().contains("直近")
                      || browser.visibleText().contains("recent")),
          WAIT);
      assertThat(browser.currentUrl()).doesNotStartWith(TestStack.baseUrl());

      browser.type("#password-new", NEW_PASSWORD);
      browser.type("#password-confirm", NEW_PASSWORD);
      browser.click("#kc-passwd-update-form [type=submit]");
      browser.waitForUrl(url -> url.startsWith(TestStack.baseUrl() + "/me"), WAIT);
      browser.waitFor("#logout", WAIT);
      browser.click("#logout");
      browser.waitForUrl(url -> url.startsWith(endpoints.keycloak().issuer()), WAIT);

      // the temporary password after the change: a wrong password like any other
      submitLogin(browser, "30008", temporaryPassword);
      awaitRefusalShown(browser);
      assertThat(browser.isPresent("#password-new")).isFalse();
    }
  }

  @Test
  void loginWhenTheTemporaryPasswordHasExpiredThenRefusedAtOnceNotAtTheNextSweep()
      throws Exception {
    String expired =
        TestStack.onboard(
            lifecycle,
            passwords,
            TestStack.hrFile(dir, "30009", "南 七海", "ミナミ ナナミ", "K01", "市民課"),
            "30009");
    var realm = admin.realm(endpoints.keycloak().realm());
    String id = realm.users().searchByUsername("30009", true).getFirst().getId();
    // its lifetime has passed (as if a week went by); the sweep has not run
    String credential =
        realm.users().get(id).credentials().stream()
            .filter(c -> "password".equals(c.getType()))
            .findFirst()
            .orElseThrow()
            .getId();
    assertThat(
            realm.users().get(id).credentials().stream()
                .filter(c -> "password".equals(c.getType()))
                .findFirst()
                .orElseThrow()
                .getUserLabel())
        .as("the expiry Mamori recorded with the password")
        .startsWith("mamori-temporary-expires=");
    realm
        .users()
        .get(id)
        .setCredentialUserLabel(
            credential, "mamori-temporary-expires=" + java.time.Instant.now().minusSeconds(60));

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      submitLogin(browser, "30009", expired);
      browser.waitForText("仮パスワードの有効期限が切れています", WAIT);
      assertThat(browser.isPresent("#password-new"))
          .as("an expired temporary password never reaches the change form")
          .isFalse();
    }

    String fresh =
        passwords
            .issue("30009", "it-desk", TemporaryPasswords.Handover.IN_PERSON)
            .password()
            .reveal();
    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      submitLogin(browser, "30009", fresh);
      browser.waitFor("#password-new", WAIT);
    }
  }

  @Test
  void changeFormWhenTheAccountIsLockedWhileTheFormIsOpenThenNoNewPasswordAndNoSession()
      throws Exception {
    String temporaryPassword =
        TestStack.onboard(
            lifecycle,
            passwords,
            TestStack.hrFile(dir, "30010", "東 十和", "ヒガシ トワ", "K01", "市民課"),
            "30010");
    var realm = admin.realm(endpoints.keycloak().realm());
    String id = realm.users().searchByUsername("30010", true).getFirst().getId();

    try (Browser holder = Browser.start();
        Browser guesser = Browser.start()) {
      holder.open(TestStack.baseUrl() + "/me");
      submitLogin(holder, "30010", temporaryPassword);
      holder.waitFor("#password-new", WAIT);

      guesser.open(TestStack.baseUrl() + "/me");
      lockByWrongPasswords(guesser, realm, id, "30010");
      KeycloakLogins.awaitLocked("30010 while its change form is open", realm, id);

      holder.type("#password-new", NEW_PASSWORD);
      holder.type("#password-confirm", NEW_PASSWORD);
      holder.click("#kc-passwd-update-form [type=submit]");
      holder.waitForText("アカウントがロックされているため、パスワードを変更できません", WAIT);
      assertThat(holder.currentUrl()).doesNotStartWith(TestStack.baseUrl());
    }
    assertThat(realm.users().get(id).getUserSessions())
        .as("no session for a login that went on after the lock")
        .isEmpty();
    assertThat(realm.users().get(id).toRepresentation().getRequiredActions())
        .as("the temporary password still has to be changed: the new one was not taken")
        .contains("UPDATE_PASSWORD");
  }

  /**
   * Types wrong passwords for {@code username} in {@code browser} until Keycloak counted enough.
   */
  private static void lockByWrongPasswords(
      Browser browser,
      org.keycloak.admin.client.resource.RealmResource realm,
      String id,
      String username) {
    for (int attempt = 0; attempt < PolicyLoader.loadDefault().lockout().maxFailures(); attempt++) {
      String guess = "Wrong-Guess-" + attempt;
      KeycloakLogins.countedFailure(
          username + " in a browser",
          realm,
          id,
          () -> {
            submitLogin(browser, username, guess);
            awaitRefusalShown(browser);
            return null;
          });
    }
  }

  /** Waits for Keycloak's login form, then signs in with {@code password}. */
  private static void submitLogin(Browser browser, String username, String password) {
    browser.waitFor("#username", WAIT);
    typeLogin(browser, username, password);
  }

  /** Fills Keycloak's login form shown now and sends it. */
  private static void typeLogin(Browser browser, String username, String password) {
    browser.type("#username", username);
    browser.type("#password", password);
    browser.click("#kc-login");
  }

  /** Waits until Keycloak's page saying the password was wrong has fully loaded. */
  private static void awaitRefusalShown(Browser browser) {
    browser.waitUntil(
        "Keycloak's wrong-password message",
        () ->
            Boolean.TRUE.equals(
                browser.executeScript(
                    "return document.readyState === 'complete'"
                        + " && document.body.innerText.includes('無効なユーザー名またはパスワード')")),
        WAIT);
  }
}
