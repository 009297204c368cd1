package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.stack.StackEndpoints;
import jp.mamori.authz.sync.SyncService;
import jp.mamori.hrsync.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole slice, end to end, in headless Chromium against the real Keycloak: HR record → sync →
 * first SSO login (authorization code + PKCE) with the temporary password → forced change (PW-4) →
 * the staff page with name, section and login history (LG-1); then a second login shows the first
 * one as "previous login".
 */
class SsoLoginIT extends EmbeddedStackIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NEW_PASSWORD = "Sakura-Haru-2026x";

  @Autowired SyncService sync;
  @Autowired StackEndpoints endpoints;

  @TempDir Path dir;

  @Test
  void
      loginWhenFirstTimeWithTemporaryPasswordThenChangeIsForcedAndStaffPageShowsNameSectionAndLogins()
          throws Exception {
    SyncReport report = sync.run(TestStack.hrFile(dir, "30001", "北条 真理", "ホウジョウ マリ", "F01", "福祉課"));
    String temporaryPassword = report.created().getFirst().password().orElseThrow().reveal();
    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      browser.waitFor("#username", WAIT);
      assertThat(browser.currentUrl())
          .startsWith(endpoints.keycloak().issuer() + "/protocol/openid-connect/auth")
          .contains("code_challenge_method=S256");
      assertThat(browser.executeScript("return document.documentElement.lang")).isEqualTo("ja");
      browser.type("#username", "30001");
      browser.type("#password", temporaryPassword);
      browser.click("#kc-login");

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

      browser.click("#logout");
      browser.waitFor("#username", WAIT);
      browser.type("#username", "30001");
      browser.type("#password", NEW_PASSWORD);
      browser.click("#kc-login");

      browser.waitForUrl(url -> url.startsWith(TestStack.baseUrl() + "/me"), WAIT);
      browser.waitFor("#previous-login", WAIT);
      browser.screenshot(screenshots.resolve("sso-3-staff-page-second-login.png"));
      assertThat(browser.text("#previous-login")).isEqualTo(firstLogin);
      assertThat(browser.text("#failures")).startsWith("0");
    }
  }

  @Test
  void loginWhenTemporaryPasswordIsWrongThenNoSessionAndStillOnKeycloak() throws Exception {
    sync.run(TestStack.hrFile(dir, "30003", "南 一郎", "ミナミ イチロウ", "K01", "市民課"));

    try (Browser browser = Browser.start()) {
      browser.open(TestStack.baseUrl() + "/me");
      browser.waitFor("#username", WAIT);
      browser.type("#username", "30003");
      browser.type("#password", "Not-The-Password-1");
      browser.click("#kc-login");
      browser.waitForUrl(url -> url.contains("/login-actions/authenticate"), WAIT);

      assertThat(browser.currentUrl()).startsWith(endpoints.keycloak().issuer());
      assertThat(browser.isPresent("#full-name")).isFalse();
    }
  }
}
