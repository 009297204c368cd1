package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Privileged checkout over the API of the running service, with real Keycloak tokens and step-up
 * assertions (issue 6, PR-6, MF-2): approving and taking a checkout first answer 428 with a
 * challenge bound to that very request; an assertion signed for another request is refused; the
 * password is shown once with {@code Cache-Control: no-store} and works in the directory until the
 * holder checks in; the registry is for administrators; reports are for readers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegedApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-privileged-api";
  private static final String PASSWORD = "Privileged-Api-2027x";
  private static final String ORIGIN = TestApi.ORIGIN;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EnrolmentCodes enrolmentCodes;

  private String adminToken;
  private String requesterToken;
  private String approverToken;
  private final SoftwareAuthenticator requesterKey = new SoftwareAuthenticator();
  private final SoftwareAuthenticator approverKey = new SoftwareAuthenticator();
  private String dn;

  @BeforeAll
  void setUp() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    staff(realm, TestKeycloak.userWithRole(realm, "pa-admin", PASSWORD, "mamori-admin"));
    staff(realm, TestKeycloak.user(realm, "pa-requester", PASSWORD));
    staff(realm, TestKeycloak.user(realm, "pa-approver", PASSWORD));
    String issuer = endpoints.keycloak().issuer();
    adminToken = TestKeycloak.accessToken(issuer, CLIENT, "pa-admin", PASSWORD);
    requesterToken = TestKeycloak.accessToken(issuer, CLIENT, "pa-requester", PASSWORD);
    approverToken = TestKeycloak.accessToken(issuer, CLIENT, "pa-approver", PASSWORD);
    TestApi.registerStepUpKey(enrolmentCodes, requesterToken, requesterKey);
    TestApi.registerStepUpKey(enrolmentCodes, approverToken, approverKey);

    DirectorySettings ds = endpoints.directory();
    dn = "uid=pa-db-admin," + ds.peopleDn();
    try (LDAPConnection c =
        new LDAPConnection(ds.host(), ds.port(), ds.bindDn(), ds.bindPassword())) {
      c.add(
          "dn: " + dn,
          "objectClass: inetOrgPerson",
          "uid: pa-db-admin",
          "cn: pa-db-admin",
          "sn: admin",
          "userPassword: Before-Checkout-2027x");
    }
  }

  /** Municipal staff as onboarding records them (PR-3 reads the employment type). */
  private static void staff(RealmResource realm, String id) {
    UserRepresentation user = realm.users().get(id).toRepresentation();
    user.setAttributes(Map.of("employmentType", List.of("REGULAR")));
    realm.users().get(id).update(user);
  }

  private long request(String purpose) throws Exception {
    HttpResponse<String> created =
        TestApi.call(
            "POST",
            "/api/privileged/checkouts",
            requesterToken,
            "{\"account\":\"pa-db\",\"purpose\":\""
                + purpose
                + "\",\"ticket\":\"CHG-1\","
                + "\"duration\":\"PT1H\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("id").asLong();
  }

  private static boolean binds(DirectorySettings ds, String dn, String password) {
    try (LDAPConnection c = new LDAPConnection(ds.host(), ds.port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      return false;
    }
  }

  @Test
  void checkoutWhenApprovedAndTakenWithStepUpThenPasswordShownOnceAndRotatedAtCheckIn()
      throws Exception {
    String registration =
        "{\"id\":\"pa-db\",\"kind\":\"DIRECTORY\",\"target\":\""
            + dn
            + "\","
            + "\"description\":\"業務DB管理者\",\"owner\":\"pa-approver\","
            + "\"eligible\":[\"pa-requester\"],\"approvers\":[\"pa-approver\"],"
            + "\"maxDuration\":\"PT2H\"}";
    assertThat(
            TestApi.call("POST", "/api/privileged/accounts", requesterToken, registration)
                .statusCode())
        .as("the registry is for ID administrators")
        .isEqualTo(403);
    HttpResponse<String> registered =
        TestApi.call("POST", "/api/privileged/accounts", adminToken, registration);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

    // the registry: whole for the administrator; a member of staff sees only what they may
    // request, without who else may
    assertThat(TestApi.call("GET", "/api/privileged/accounts", adminToken, null).body())
        .contains("\"id\":\"pa-db\"", "\"eligible\":[\"pa-requester\"]");
    JsonNode mine =
        JSON.readTree(TestApi.call("GET", "/api/privileged/accounts", requesterToken, null).body());
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).path("id").asString()).isEqualTo("pa-db");
    assertThat(mine.get(0).has("eligible") || mine.get(0).has("approvers")).isFalse();
    TestKeycloak.user(admin.realm(endpoints.keycloak().realm()), "pa-bystander", PASSWORD);
    String bystander =
        TestKeycloak.accessToken(endpoints.keycloak().issuer(), CLIENT, "pa-bystander", PASSWORD);
    assertThat(
            JSON.readTree(TestApi.call("GET", "/api/privileged/accounts", bystander, null).body()))
        .as("nothing for someone who may neither request nor approve")
        .isEmpty();

    long first = request("DB メンテナンス");
    long second = request("別の作業");

    // an assertion signed for the second request does not approve the first
    HttpResponse<String> challenge =
        TestApi.call(
            "POST",
            "/api/privileged/checkouts/" + second + "/approve",
            approverToken,
            "{\"reason\":\"確認\"}");
    assertThat(challenge.statusCode()).isEqualTo(428);
    String foreign =
        approverKey.authenticate(
            SoftwareAuthenticator.challengeOf(
                JSON.readTree(challenge.body()).get("stepUp").toString()),
            SoftwareAuthenticator.Claims.honest(ORIGIN, "localhost", "webauthn.get"));
    HttpResponse<String> misused =
        TestApi.call(
            "POST",
            "/api/privileged/checkouts/" + first + "/approve",
            approverToken,
            "{\"reason\":\"確認\",\"stepUp\":" + foreign + "}");
    assertThat(misused.statusCode()).as(misused.body()).isEqualTo(403);
    assertThat(JSON.readTree(misused.body()).get("refusal").asString())
        .isEqualTo("OPERATION_MISMATCH");

    HttpResponse<String> self =
        TestApi.call(
            "POST",
            "/api/privileged/checkouts/" + first + "/approve",
            requesterToken,
            "{\"reason\":\"自分\"}");
    assertThat(self.statusCode()).as("step-up first, then the rule").isEqualTo(428);

    HttpResponse<String> approved =
        TestApi.withStepUp(
            "/api/privileged/checkouts/" + first + "/approve",
            approverToken,
            approverKey,
            Map.of("reason", "作業計画を確認"));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(JSON.readTree(approved.body()).get("state").asString()).isEqualTo("APPROVED");

    HttpResponse<String> taken =
        TestApi.withStepUp(
            "/api/privileged/checkouts/" + first + "/activate",
            requesterToken,
            requesterKey,
            Map.of());
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
    assertThat(taken.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    JsonNode view = JSON.readTree(taken.body());
    String password = view.get("password").asString();
    assertThat(view.get("state").asString()).isEqualTo("ACTIVE");
    DirectorySettings ds = endpoints.directory();
    assertThat(binds(ds, dn, password)).isTrue();

    HttpResponse<String> shown =
        TestApi.call("GET", "/api/privileged/checkouts/" + first, requesterToken, null);
    assertThat(shown.body()).as("never shown again").doesNotContain(password);
    HttpResponse<String> holders =
        TestApi.call("GET", "/api/privileged/reports/holders", adminToken, null);
    assertThat(holders.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(holders.body()).get(0).get("requester").asString())
        .isEqualTo("pa-requester");
    assertThat(
            TestApi.call("GET", "/api/privileged/reports/holders", requesterToken, null)
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> checkedIn =
        TestApi.call(
            "POST", "/api/privileged/checkouts/" + first + "/check-in", requesterToken, null);
    assertThat(checkedIn.statusCode()).as(checkedIn.body()).isEqualTo(200);
    assertThat(JSON.readTree(checkedIn.body()).get("state").asString()).isEqualTo("CHECKED_IN");
    assertThat(binds(ds, dn, password)).isFalse();
    HttpResponse<String> events =
        TestApi.call("GET", "/api/privileged/checkouts/" + first, adminToken, null);
    assertThat(events.body())
        .contains("REQUESTED", "APPROVED", "ACTIVATED", "PASSWORD_REVEALED", "CHECKED_IN_ROTATED");
  }
}
