package jp.mamori.authz.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.privileged.Checkout;
import jp.mamori.authz.privileged.PrivilegedAccess;
import jp.mamori.authz.privileged.PrivilegedAccount;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.keycloak.KeycloakTierFlows;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo as a person trying it meets it, in headless Chromium with virtual authenticators: the
 * whole service under the {@code demo} profile (the fictional HR sample synced at start, in a realm
 * of its own). A member of 市民課 opens the sample 住民記録 system: Keycloak asks for the password (the
 * first one changed), then for a WebAuthn authenticator that verifies the user, and the page shows
 * the person with {@code acr=mfa}. A member of 土木課 is refused by the tier's flow, and opens the
 * LGWAN groupware with the password alone. The sample privileged ID is requested by one ID
 * administrator, approved by the other, its password shown once and changed at check-in.
 * Screenshots under {@code target/screenshots} (demo-*.png).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {"mamori.keycloak.realm=demo-it"})
@ActiveProfiles("demo")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {

  private static final int PORT = freePort();
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String NEW_PASSWORD = "Demo-Walk-Through-2027x";

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
  }

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired TemporaryPasswords passwords;
  @Autowired EnrolmentCodes enrolmentCodes;
  @Autowired PrivilegedAccess privileged;

  private Path screenshots;

  @BeforeAll
  void setUp() throws IOException {
    screenshots = Files.createDirectories(Path.of("target/screenshots"));
  }

  @Test
  void jukiWhenTierStaffLogsInThenPasswordChangeThenUserVerifiedKeyThenThePageShowsThePerson() {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    ClientRepresentation juki = realm.clients().findByClientId("juki").getFirst();
    assertThat(juki.isPublicClient()).isFalse();
    assertThat(juki.getAttributes()).containsEntry("pkce.code.challenge.method", "S256");
    assertThat(juki.getAuthenticationFlowBindingOverrides())
        .as("bound to the My Number tier's flow")
        .containsKey("browser");
    String flow =
        realm.flows().getFlows().stream()
            .filter(
                f -> f.getId().equals(juki.getAuthenticationFlowBindingOverrides().get("browser")))
            .findFirst()
            .orElseThrow()
            .getAlias();
    assertThat(flow).isEqualTo(KeycloakTierFlows.flowAlias(Tier.MYNUMBER));
    assertThat(realm.toRepresentation().getWebAuthnPolicyUserVerificationRequirement())
        .isEqualTo("required");

    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(base() + "/demo/juki");
      firstLogin(browser, "10001");
      browser.waitFor("#registerWebAuthn", WAIT);
      browser.screenshot(screenshots.resolve("demo-1-juki-register-key.png"));
      assertThat(browser.currentUrl()).doesNotStartWith(base());
      browser.click("#registerWebAuthn");

      browser.waitFor("#user-username", WAIT);
      browser.screenshot(screenshots.resolve("demo-2-juki-page.png"));
      assertThat(browser.currentUrl()).isEqualTo(base() + "/demo/juki");
      assertThat(browser.text("#user-username")).isEqualTo("10001");
      assertThat(browser.text("#user-name")).isEqualTo("山田 太郎");
      assertThat(browser.text("#acr")).isEqualTo(KeycloakTierFlows.ACR_MFA);
      assertThat(browser.text("#groups")).contains("section-K01");
      String id = realm.users().searchByUsername("10001", true).getFirst().getId();
      assertThat(realm.users().get(id).credentials())
          .as("the key registered with user verification")
          .anyMatch(c -> "webauthn".equals(c.getType()));

      browser.click("#logout");
      browser.waitUntil(
          "Keycloak's logout confirmation or the sample's signed-out page",
          () -> browser.isPresent("#kc-logout") || browser.isPresent("#signed-out"),
          WAIT);
      if (browser.isPresent("#kc-logout")) {
        browser.click("#kc-logout");
      }
      browser.waitFor("#signed-out", WAIT);
    }
  }

  @Test
  void jukiWhenStaffOutsideTheTierThenRefusedAndTheLgwanGroupwareOpensWithThePassword() {
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(base() + "/demo/juki");
      String temporary = issue("10042");
      password(browser, "10042", temporary);
      browser.waitForText("許可された所属の職員だけ", WAIT);
      browser.screenshot(screenshots.resolve("demo-3-juki-refused.png"));
      assertThat(browser.visibleText())
          .contains("許可された所属の職員だけが利用できます", "Only staff of the sections allowed");
      assertThat(browser.currentUrl()).doesNotStartWith(base());
      assertThat(browser.isPresent("#registerWebAuthn")).isFalse();
    }
    try (Browser browser = Browser.start()) {
      browser.open(base() + "/demo/lgwan");
      firstLogin(browser, "10042");
      browser.waitFor("#user-username", WAIT);
      browser.screenshot(screenshots.resolve("demo-4-lgwan-page.png"));
      assertThat(browser.text("#user-username")).isEqualTo("10042");
      assertThat(browser.text("#acr")).isNotEqualTo(KeycloakTierFlows.ACR_MFA);
      assertThat(browser.text("#groups")).contains("section-D01");
    }
  }

  @Test
  void privilegedWhenRequestedApprovedAndTakenThenPasswordShownOnceAndChangedAtCheckIn()
      throws Exception {
    PrivilegedAccount sample = privileged.account("demo-admin").orElseThrow();
    assertThat(sample.eligible()).contains("10029", "10030");
    assertThat(sample.approvers()).contains("10029", "10030");
    try (Browser requester = Browser.start();
        Browser approver = Browser.start()) {
      consoleLogin(requester, "10030");
      registerKey(requester, "10030");
      requester.open(base() + "/privileged");
      requester.waitFor("#request", WAIT);
      requester.screenshot(screenshots.resolve("demo-5-privileged-request.png"));
      requester.type("#purpose", "ディレクトリの保守 / directory maintenance");
      requester.type("#ticket", "DEMO-0001");
      requester.type("#minutes", "30");
      requester.click("#submit-request");
      requester.waitFor("#done", WAIT);
      long id =
          privileged.checkouts(Checkout.State.REQUESTED).stream()
              .filter(c -> c.requester().equals("10030"))
              .findFirst()
              .orElseThrow()
              .id();

      consoleLogin(approver, "10029");
      registerKey(approver, "10029");
      approver.open(base() + "/privileged");
      approver.waitFor("#approve-" + id, WAIT);
      approver.type("#approve-reason-" + id, "作業計画を確認 / plan checked");
      approver.screenshot(screenshots.resolve("demo-6-privileged-approve.png"));
      approver.click("#approve-" + id);
      approver.waitFor("#done", WAIT);
      assertThat(privileged.checkout(id).orElseThrow().state()).isEqualTo(Checkout.State.APPROVED);

      requester.open(base() + "/privileged");
      requester.waitFor("#activate-" + id, WAIT);
      requester.click("#activate-" + id);
      requester.waitFor("#revealed-password", WAIT);
      requester.screenshot(screenshots.resolve("demo-7-privileged-password-once.png"));
      String password = requester.text("#revealed-password");
      assertThat(binds(sample.target(), password)).as("the shown password works").isTrue();

      requester.click("#back");
      requester.waitFor("#check-in-" + id, WAIT);
      assertThat(requester.pageSource()).as("shown once").doesNotContain(password);
      requester.click("#check-in-" + id);
      requester.waitFor("#done", WAIT);
      requester.screenshot(screenshots.resolve("demo-8-privileged-checked-in.png"));
      assertThat(binds(sample.target(), password)).as("changed at check-in").isFalse();
    }
  }

  /** Keycloak's login with a temporary password the desk just issued, then the new password. */
  private void firstLogin(Browser browser, String username) {
    password(browser, username, issue(username));
    browser.waitFor("#password-new", WAIT);
    browser.type("#password-new", NEW_PASSWORD);
    browser.type("#password-confirm", NEW_PASSWORD);
    browser.click("#kc-passwd-update-form [type=submit]");
  }

  private void consoleLogin(Browser browser, String username) {
    browser.open(base() + "/me");
    firstLogin(browser, username);
    browser.waitForUrl(url -> url.startsWith(base() + "/me"), WAIT);
  }

  private static void password(Browser browser, String username, String password) {
    browser.waitFor("#username", WAIT);
    browser.type("#username", username);
    browser.type("#password", password);
    browser.click("#kc-login");
  }

  private String issue(String username) {
    return passwords
        .issue(username, "demo-it-desk", TemporaryPasswords.Handover.IN_PERSON)
        .password()
        .reveal();
  }

  private void registerKey(Browser browser, String username) {
    browser.addVirtualAuthenticator(true);
    browser.open(base() + "/me/step-up");
    browser.waitFor("#register", WAIT);
    browser.type("#label", username + " key");
    browser.type(
        "#enrolmentCode", enrolmentCodes.issue(username, "demo-it-desk", "職員証で本人確認").code());
    browser.click("#register");
    browser.waitFor("#done", WAIT);
    browser.waitFor("#step-up-keys", WAIT);
  }

  private boolean binds(String dn, String password) {
    DirectorySettings ds = endpoints.directory();
    try (LDAPConnection c = new LDAPConnection(ds.host(), ds.port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      return false;
    }
  }

  private static String base() {
    return "http://localhost:" + PORT;
  }

  /** A free port below Linux's ephemeral range, as the other whole-service tests take theirs. */
  private static int freePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = 20_000 + random.nextInt(10_000);
      try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port found in 20000–29999 for the demo test");
  }
}
