package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The emergency revocation from the person's page in headless Chromium on the whole embedded stack:
 * an ID administrator types the reason, is told exactly what will be stopped (Cancel sends
 * nothing), confirms with their step-up key and sees each step's outcome; then Keycloak holds the
 * account disabled with no session, the directory refuses the person's bind and the audit log holds
 * the request and its outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRevocationIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-console-revocation";
  private static final String PASSWORD = "Console-Revoke-2027x";
  private static final String PERSON = "40901";
  private static final String PERSON_PASSWORD = "Kinkyu-Teishi-2027x";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EnrolmentCodes enrolmentCodes;
  @Autowired LifecycleService lifecycle;
  @Autowired TemporaryPasswords passwords;
  @Autowired LdapDirectory directory;
  @Autowired JdbcClient jdbc;

  private RealmResource realm;
  private String personId;

  @BeforeAll
  void people(@TempDir Path hr) throws Exception {
    realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, false);
    TestKeycloak.userWithRole(
        realm, "it-revoking-console-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    // the person as the daily run makes them: a Keycloak account and a directory entry
    TestStack.onboard(
        lifecycle,
        passwords,
        TestStack.hrFile(hr, PERSON, "緊急 停子", "キンキュウ テイコ", "S01", "総務課"),
        PERSON);
    personId = realm.users().searchByUsername(PERSON, true).getFirst().getId();
    TestKeycloak.permanentPassword(realm, personId, PERSON_PASSWORD);
    new PrivilegedDirectoryAccounts(directory)
        .setPassword(personDn(), PERSON_PASSWORD.toCharArray());
  }

  @Test
  void revocationWhenAdministratorConfirmsWithStepUpThenStoppedEverywhereShownAndAudited()
      throws Exception {
    // the person is live everywhere: a Keycloak session, a directory password that binds
    DirectGrant.Answer login =
        DirectGrant.login(endpoints.keycloak().issuer(), CLIENT, PERSON, PERSON_PASSWORD);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(person().getUserSessions()).as("the person's sessions before").isNotEmpty();
    assertThat(binds(personDn(), PERSON_PASSWORD)).as("the directory bind before").isTrue();
    long before = lastSeq();

    Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-revoking-console-admin", PASSWORD);
      browser.addVirtualAuthenticator(true);
      browser.open(TestStack.baseUrl() + "/me/step-up");
      browser.waitFor("#register", WAIT);
      browser.type(
          "#enrolmentCode",
          enrolmentCodes.issue("it-revoking-console-admin", "it-desk", "職員証で本人確認").code());
      browser.click("#register");
      browser.waitFor("#step-up-keys", WAIT);

      browser.open(TestStack.baseUrl() + "/admin/staff/" + PERSON);
      browser.waitFor("#revocation-form", WAIT);
      assertThat(browser.text("#revocation-heading")).startsWith("緊急停止");
      assertThat(browser.isPresent("#revocation-reason[required]"))
          .as("the reason is mandatory")
          .isTrue();
      browser.type("#revocation-reason", "懲戒免職 (本日付) / dismissed today");
      browser.screenshot(screenshots.resolve("console-revocation-1-form.png"));

      // asked first, saying what will be stopped (Japanese first, then English); Cancel sends
      // nothing and starts no step-up
      browser.executeScript("window.sameDocument = true"); // gone if the form is sent
      browser.click("#revoke");
      String question = browser.waitForDialog(WAIT);
      assertThat(question)
          .startsWith(PERSON + " を緊急停止しますか?")
          .contains(
              "SSO (Keycloak)",
              "全セッションを終了",
              "ディレクトリ",
              "特権ID",
              "本人確認キー",
              "Revoke " + PERSON + "?",
              "every session ended",
              "step-up keys: every one retired");
      assertThat(question.indexOf("Revoke")).isGreaterThan(question.indexOf("緊急停止しますか"));
      browser.dismissDialog();
      Poll.holdsFor(
          "the person page not replaced and the person still enabled after Cancel",
          Duration.ofSeconds(1),
          () ->
              Boolean.TRUE.equals(browser.executeScript("return window.sameDocument === true"))
                  && person().toRepresentation().isEnabled());
      assertThat(person().toRepresentation().isEnabled()).isTrue();
      assertThat(revocationEvents(before)).as("nothing recorded after Cancel").isEmpty();

      browser.click("#revoke");
      browser.waitForDialog(WAIT);
      browser.acceptDialog();
      browser.waitFor("#revocation-outcome", WAIT);
      browser.screenshot(screenshots.resolve("console-revocation-2-outcome.png"));

      assertThat(browser.text("#revocation-outcome-heading")).startsWith("緊急停止を実行しました");
      assertThat(state(browser, "keycloak")).isEqualTo("DONE");
      assertThat(state(browser, "directory")).isEqualTo("DONE");
      assertThat(state(browser, "audit")).isEqualTo("DONE");
      assertThat(state(browser, "privileged"))
          .as("registered for no privileged ID")
          .isEqualTo("NOTHING");
      assertThat(state(browser, "step-up-keys")).as("the person has no key").isEqualTo("NOTHING");
      assertThat(browser.text("#revocation-steps")).contains("完了", "対象なし");
    }

    // through the real components: Keycloak, the directory, the audit log
    assertThat(person().toRepresentation().isEnabled()).as("the Keycloak account").isFalse();
    assertThat(person().getUserSessions()).as("the person's sessions after").isEmpty();
    assertThat(
            DirectGrant.login(endpoints.keycloak().issuer(), CLIENT, PERSON, PERSON_PASSWORD)
                .status())
        .as("a new login")
        .isNotEqualTo(200);
    assertThat(binds(personDn(), PERSON_PASSWORD)).as("the directory bind after").isFalse();
    List<String> kinds = revocationEvents(before);
    assertThat(kinds).contains("REVOCATION_REQUESTED", "REVOCATION_DONE");
    assertThat(kinds.indexOf("REVOCATION_REQUESTED")).isLessThan(kinds.indexOf("REVOCATION_DONE"));
    assertThat(
            jdbc.sql(
                    "select actor from audit_event where seq > ? and kind = 'REVOCATION_DONE'"
                        + " and subject = ?")
                .param(before)
                .param(PERSON)
                .query(String.class)
                .single())
        .isEqualTo("it-revoking-console-admin");
  }

  private static String state(Browser browser, String step) {
    return String.valueOf(
        browser.executeScript(
            "return document.querySelector('#revocation-steps tr[data-step=\"' + arguments[0]"
                + " + '\"]').dataset.state",
            step));
  }

  private UserResource person() {
    return realm.users().get(personId);
  }

  private String personDn() {
    return directory.findByEmployeeNumber(PERSON).orElseThrow().dn();
  }

  /** The revocation events of the person recorded after {@code seq}, in order. */
  private List<String> revocationEvents(long seq) {
    return jdbc.sql(
            "select kind from audit_event where seq > ? and subject = ? and kind like"
                + " 'REVOCATION%' order by seq")
        .param(seq)
        .param(PERSON)
        .query(String.class)
        .list();
  }

  private long lastSeq() {
    return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
  }

  private boolean binds(String dn, String password) {
    try (LDAPConnection c =
        new LDAPConnection(
            endpoints.directory().host(), endpoints.directory().port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
        return false;
      }
      throw new IllegalStateException(e);
    }
  }
}
