package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.privileged.Checkout;
import jp.mamori.authz.privileged.PrivilegedAccess;
import jp.mamori.authz.privileged.PrivilegedAccount;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The privileged-ID screens end to end in headless Chromium with virtual authenticators (issue 6):
 * two members of staff register their step-up authenticators in the console; one requests a
 * directory privileged ID, the other approves it (the authenticator signs that request), the
 * requester takes it (signs again) and sees the password once, which works in the directory until
 * the check-in button is pressed; an auditor sees the checkouts per account. Screenshots are kept
 * under {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegedConsoleIT extends EmbeddedStackIT {

  private static final String PASSWORD = "Privileged-Console-2027x";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired PrivilegedAccess access;
  @Autowired EnrolmentCodes enrolmentCodes;

  private String dn;
  private Path screenshots;

  @BeforeAll
  void setUp() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.userWithRole(realm, "pc-auditor", PASSWORD, "mamori-auditor");
    for (String username : List.of("pc-requester", "pc-approver")) {
      String id = TestKeycloak.user(realm, username, PASSWORD);
      UserRepresentation user = realm.users().get(id).toRepresentation();
      user.setAttributes(Map.of("employmentType", List.of("REGULAR")));
      realm.users().get(id).update(user);
    }
    DirectorySettings ds = endpoints.directory();
    dn = "uid=pc-web-admin," + ds.peopleDn();
    try (LDAPConnection c =
        new LDAPConnection(ds.host(), ds.port(), ds.bindDn(), ds.bindPassword())) {
      c.add(
          "dn: " + dn,
          "objectClass: inetOrgPerson",
          "uid: pc-web-admin",
          "cn: pc-web-admin",
          "sn: admin",
          "userPassword: Before-Console-2027x");
    }
    access.register(
        new PrivilegedAccount(
            "pc-web",
            PrivilegedAccount.Kind.DIRECTORY,
            dn,
            "公開Webサーバー管理者",
            "pc-approver",
            Set.of("pc-requester"),
            Set.of("pc-approver"),
            Duration.ofHours(2),
            true,
            false,
            Instant.EPOCH,
            "pc-approver",
            null,
            null),
        "pc-approver");
    screenshots = Files.createDirectories(Path.of("target/screenshots"));
  }

  @Test
  void consoleWhenRequestedApprovedAndTakenWithStepUpThenPasswordShownOnceUntilCheckIn()
      throws Exception {
    try (Browser requester = Browser.start();
        Browser approver = Browser.start()) {
      TestStack.login(requester, "pc-requester", PASSWORD);
      registerKey(requester, "pc-requester", "requester");
      requester.open(TestStack.baseUrl() + "/privileged");
      requester.waitFor("#request", WAIT);
      requester.type("#purpose", "TLS 証明書の更新");
      requester.type("#ticket", "CHG-2027-0401");
      requester.type("#minutes", "30");
      requester.click("#submit-request");
      requester.waitFor("#done", WAIT);
      Checkout requested =
          access.checkouts(Checkout.State.REQUESTED).stream()
              .filter(c -> c.requester().equals("pc-requester"))
              .findFirst()
              .orElseThrow();
      long id = requested.id();
      assertThat(requester.text("#mine-" + id + " .state")).isEqualTo("承認待ち");
      requester.screenshot(screenshots.resolve("privileged-1-requested.png"));

      TestStack.login(approver, "pc-approver", PASSWORD);
      registerKey(approver, "pc-approver", "approver");
      approver.open(TestStack.baseUrl() + "/privileged");
      approver.waitFor("#approve-" + id, WAIT);
      approver.type("#approve-reason-" + id, "作業計画書 CHG-2027-0401 を確認");
      approver.screenshot(screenshots.resolve("privileged-2-to-approve.png"));
      approver.click("#approve-" + id); // the virtual authenticator signs this request
      approver.waitFor("#done", WAIT);
      assertThat(access.checkout(id).orElseThrow().state()).isEqualTo(Checkout.State.APPROVED);
      assertThat(access.events(id).stream().map(PrivilegedAccess.Event::action))
          .contains("APPROVED");

      requester.open(TestStack.baseUrl() + "/privileged");
      requester.waitFor("#activate-" + id, WAIT);
      requester.click("#activate-" + id);
      requester.waitFor("#revealed-password", WAIT);
      requester.screenshot(screenshots.resolve("privileged-3-password-once.png"));
      String password = requester.text("#revealed-password");
      assertThat(password).hasSize(24);
      assertThat(binds(password)).as("the shown password works").isTrue();

      requester.click("#back");
      requester.waitFor("#check-in-" + id, WAIT);
      assertThat(requester.pageSource()).as("never shown again").doesNotContain(password);
      requester.click("#check-in-" + id);
      requester.waitFor("#done", WAIT);
      assertThat(requester.text("#mine-" + id + " .state")).isEqualTo("返却済み");
      requester.screenshot(screenshots.resolve("privileged-4-checked-in.png"));
      assertThat(binds(password)).as("rotated at check-in").isFalse();

      // a second request, rejected: the approver is asked first; Cancel leaves it pending
      requester.open(TestStack.baseUrl() + "/privileged");
      requester.waitFor("#request", WAIT);
      requester.type("#purpose", "再作業");
      requester.type("#ticket", "CHG-2027-0402");
      requester.click("#submit-request");
      requester.waitFor("#done", WAIT);
      long second =
          access.checkouts(Checkout.State.REQUESTED).stream()
              .filter(c -> c.requester().equals("pc-requester"))
              .findFirst()
              .orElseThrow()
              .id();
      approver.open(TestStack.baseUrl() + "/privileged");
      approver.waitFor("#reject-" + second, WAIT);
      approver.type("#reject-reason-" + second, "作業計画書が未提出");
      approver.click("#reject-" + second);
      assertThat(approver.waitForDialog(WAIT)).isEqualTo("この申請を却下しますか?");
      approver.dismissDialog();
      // watch for a request that should not be sent
      Poll.holdsFor(
          "checkout " + second + " still requested after Cancel",
          Duration.ofSeconds(1),
          () -> access.checkout(second).orElseThrow().state() == Checkout.State.REQUESTED);
      assertThat(access.checkout(second).orElseThrow().state()).isEqualTo(Checkout.State.REQUESTED);
      approver.click("#reject-" + second);
      approver.waitForDialog(WAIT);
      approver.acceptDialog();
      approver.waitFor("#done", WAIT);
      assertThat(access.checkout(second).orElseThrow().state()).isEqualTo(Checkout.State.REJECTED);
    }
    try (Browser auditor = Browser.start()) {
      TestStack.login(auditor, "pc-auditor", PASSWORD);
      auditor.open(TestStack.baseUrl() + "/privileged");
      auditor.waitFor("#per-account", WAIT);
      auditor.screenshot(screenshots.resolve("privileged-5-auditor-reports.png"));
      assertThat(auditor.text("#per-account")).contains("pc-web", "CHECKED_IN");
      assertThat(auditor.isPresent("#holders")).as("nobody holds a privileged ID now").isFalse();
    }
  }

  /** A first key, with the one-time enrolment code the desk issued after checking the person. */
  private void registerKey(Browser browser, String username, String label) {
    browser.addVirtualAuthenticator(true);
    browser.open(TestStack.baseUrl() + "/me/step-up");
    browser.waitFor("#register", WAIT);
    browser.type("#label", label + " key");
    browser.type("#enrolmentCode", enrolmentCodes.issue(username, "pc-desk", "職員証で本人確認").code());
    browser.click("#register");
    browser.waitFor("#done", WAIT);
    browser.waitFor("#step-up-keys", WAIT);
  }

  private boolean binds(String password) {
    DirectorySettings ds = endpoints.directory();
    try (LDAPConnection c = new LDAPConnection(ds.host(), ds.port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      return false;
    }
  }
}
