package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.security.LiveSessions;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.KeycloakLogins;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A lock holds on Mamori's own doors (LG-1), on the real Keycloak: an administrator's access token
 * issued before the account is locked by wrong passwords (or before an administrator ends the
 * sessions) is refused with 401 within the cache bound, and the refusal is on the audit log; an
 * administrator's console session ends when the lock ends their Keycloak session (Mamori's lockout
 * listener ends it without a back-channel logout). Staff without a privileged role are not asked
 * about.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSessionIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-live-session-api";
  private static final String PASSWORD = "Live-Session-2027x";
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * How long a refusal may take after Keycloak ended the session: the cache bound, and time for a
   * busy machine to answer.
   */
  private static final Duration REFUSED_WITHIN = LiveSessions.LONGEST_CACHE.plusSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired JdbcClient jdbc;

  private RealmResource realm;

  @BeforeAll
  void users() {
    realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.user(realm, "it-live-staff", PASSWORD);
  }

  @Test
  void apiWhenAdministratorIsLockedByWrongPasswordsThenTheIssuedTokenIsRefusedAndRecorded()
      throws Exception {
    String id =
        TestKeycloak.userWithRole(
            realm, "it-live-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    String token = token("it-live-admin");
    HttpResponse<String> before =
        TestApi.call("GET", "/api/staff/it-live-staff/status", token, null);
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

    lockByWrongPasswords(id, "it-live-admin");

    HttpResponse<String> refused =
        Poll.until(
            "it-live-admin's token (issued before the lock) refused with 401 on the API",
            REFUSED_WITHIN,
            () -> TestApi.call("GET", "/api/staff/it-live-staff/status", token, null),
            r -> r.statusCode() == 401);
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("code").asString()).isEqualTo("SESSION_ENDED");
    assertThat(problem.path("requirementIds").toString()).contains("LG-1");
    assertThat(problem.path("title").asString()).isEqualTo("セッションが終了しています / session ended");
    assertThat(problem.path("detail").asString()).startsWith("このトークンの Keycloak セッションは終了");
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"");
    HttpResponse<String> change =
        TestApi.call(
            "POST",
            "/api/staff/it-live-staff/password-leak",
            token,
            "{\"reason\":\"ロック後の変更 / a change after the lock\"}");
    assertThat(change.statusCode()).as("a change too: " + change.body()).isEqualTo(401);

    List<String> details = refusals("it-live-admin");
    assertThat(details).as("the refusal on the audit log").isNotEmpty();
    assertThat(details.getFirst()).contains("\"door\":\"API\"", "/api/staff/it-live-staff/status");
    assertThat(details.getFirst()).doesNotContain(token);
  }

  @Test
  void apiWhenAnAdministratorEndsTheSessionsThenTheIssuedTokenIsRefused() throws Exception {
    String id =
        TestKeycloak.userWithRole(
            realm, "it-live-ciso", PASSWORD, KeycloakRealmConfigurator.CISO_ROLE);
    String staffId = realm.users().searchByUsername("it-live-staff", true).getFirst().getId();
    String token = token("it-live-ciso");
    String staffToken = token("it-live-staff");
    assertThat(TestApi.call("GET", "/api/exceptions", token, null).statusCode()).isEqualTo(200);
    assertThat(TestApi.call("GET", "/api/ping", staffToken, null).statusCode()).isEqualTo(200);

    realm.users().get(id).logout();
    realm.users().get(staffId).logout();

    Poll.until(
        "it-live-ciso's token refused with 401 after its sessions were ended",
        REFUSED_WITHIN,
        () -> TestApi.call("GET", "/api/exceptions", token, null).statusCode() == 401);
    assertThat(TestApi.call("GET", "/api/ping", staffToken, null).statusCode())
        .as("staff without a privileged role are not asked about: their token's lifetime bounds it")
        .isEqualTo(200);
  }

  @Test
  void consoleWhenAdministratorIsLockedThenTheConsoleSessionEndsAndTheLoginIsShown()
      throws Exception {
    String id =
        TestKeycloak.userWithRole(
            realm, "it-live-console", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    try (Browser browser = Browser.start()) {
      TestStack.login(browser, "it-live-console", PASSWORD);
      browser.open(TestStack.baseUrl() + "/admin/staff/it-live-staff");
      browser.waitFor("#account-status", WAIT);

      lockByWrongPasswords(id, "it-live-console");

      Poll.until(
          "it-live-console's console session ended and Keycloak's login shown after the lock",
          REFUSED_WITHIN,
          () -> {
            browser.open(TestStack.baseUrl() + "/admin/staff/it-live-staff");
            return browser.currentUrl().startsWith(endpoints.keycloak().issuer());
          });
      assertThat(browser.isPresent("#account-status")).isFalse();
      browser.open(TestStack.baseUrl() + "/me");
      assertThat(browser.currentUrl())
          .as("the console session is gone, not only that page")
          .startsWith(endpoints.keycloak().issuer());
    }
    List<String> details = refusals("it-live-console");
    assertThat(details).isNotEmpty();
    assertThat(details.getFirst()).contains("\"door\":\"CONSOLE\"");
  }

  private String token(String username) throws Exception {
    return TestKeycloak.accessToken(endpoints.keycloak().issuer(), CLIENT, username, PASSWORD);
  }

  /** Wrong passwords by the password grant until Keycloak's brute-force detector locks. */
  private void lockByWrongPasswords(String id, String username) {
    int failures = PolicyLoader.loadDefault().lockout().maxFailures();
    for (int i = 0; i < failures; i++) {
      assertThat(
              DirectGrant.countedFailure(
                      realm, endpoints.keycloak().issuer(), CLIENT, username, "Wrong-Guess-" + i)
                  .status())
          .as("a wrong password refused")
          .isNotEqualTo(200);
    }
    KeycloakLogins.awaitLocked(username + " after wrong passwords", realm, id);
  }

  private List<String> refusals(String username) {
    return jdbc.sql(
            "select detail from audit_event where kind = 'SESSION_ENDED_REFUSED' and actor = ?"
                + " order by seq")
        .param(username)
        .query(String.class)
        .list();
  }
}
