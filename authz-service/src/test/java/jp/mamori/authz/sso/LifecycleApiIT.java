package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.testing.Poll;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The administrators' API on the whole embedded stack with real Keycloak tokens: only the {@code
 * mamori-admin} realm role may plan and approve; a held plan is approved only with its fingerprint,
 * and the approver recorded is the token's user. Temporary passwords (PW-4) are issued only by an
 * administrator, shown once in an answer that is never cached, and recorded with the issuer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-lifecycle-api";
  private static final String PASSWORD = "Lifecycle-Api-2026x";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EnrolmentCodes enrolmentCodes;

  private StepUpCallers callers; // the administrator's key: issuing needs a step-up (PR-6)
  private String auditorToken;

  @BeforeAll
  void usersAndClient() throws Exception {
    callers =
        StepUpCallers.create(
            admin,
            endpoints,
            enrolmentCodes,
            CLIENT,
            PASSWORD,
            "it-johosys-admin",
            "it-plain-staff");
    TestKeycloak.userWithRole(
        admin.realm(endpoints.keycloak().realm()),
        "it-auditor",
        PASSWORD,
        KeycloakRealmConfigurator.AUDITOR_ROLE);
    auditorToken =
        TestKeycloak.accessToken(endpoints.keycloak().issuer(), CLIENT, "it-auditor", PASSWORD);
  }

  @Test
  void planWhenAdministratorThenStoredAndReadableAndHeldPlanNeedsItsFingerprint() throws Exception {
    HttpResponse<String> created = call("POST", "/api/lifecycle/plans", callers.adminToken(), null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode plan = JSON.readTree(created.body());
    long id = plan.path("id").asLong();

    HttpResponse<String> read =
        call("GET", "/api/lifecycle/plans/" + id, callers.adminToken(), null);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonNode stored = JSON.readTree(read.body());
    assertThat(stored.path("plan").path("fingerprint").asString())
        .isEqualTo(plan.path("fingerprint").asString());
    assertThat(stored.path("plan").path("actions").size()).isPositive();

    // the test realm holds accounts the sample HR file does not know: the guard holds the plan
    assertThat(plan.path("status").asString()).isEqualTo("HELD");
    HttpResponse<String> wrong =
        call(
            "POST",
            "/api/lifecycle/plans/" + id + "/approve",
            callers.adminToken(),
            "{\"fingerprint\":\"" + "0".repeat(64) + "\"}");
    assertThat(wrong.statusCode()).isEqualTo(409);
    assertThat(wrong.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    HttpResponse<String> right =
        call(
            "POST",
            "/api/lifecycle/plans/" + id + "/approve",
            callers.adminToken(),
            "{\"fingerprint\":\"" + plan.path("fingerprint").asString() + "\"}");
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(JSON.readTree(right.body()).path("approvedBy").asString())
        .isEqualTo("it-johosys-admin");
  }

  @Test
  void planWhenStaffWithoutAdminRoleThen403() throws Exception {
    assertThat(call("POST", "/api/lifecycle/plans", callers.staffToken(), null).statusCode())
        .isEqualTo(403);
    assertThat(call("GET", "/api/lifecycle/plans/1", callers.staffToken(), null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void getWhenPlanDoesNotExistThen404Problem() throws Exception {
    HttpResponse<String> missing =
        call("GET", "/api/lifecycle/plans/999999", callers.adminToken(), null);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).path("detail").asString()).contains("999999");
  }

  @Test
  void issueTemporaryPasswordWhenAdministratorThenShownOnceNotCachedAndRecordedWithIssuer()
      throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.user(realm, "it-joiner-61", PASSWORD);

    HttpResponse<String> issued =
        TestApi.withStepUp(
            "/api/staff/it-joiner-61/temporary-passwords",
            callers.adminToken(),
            callers.adminKey(),
            java.util.Map.of("handover", "IN_PERSON"));
    HttpResponse<String> history =
        call("GET", "/api/staff/it-joiner-61/temporary-passwords", callers.adminToken(), null);

    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
    String password = JSON.readTree(issued.body()).path("temporaryPassword").asString();
    assertThat(password).hasSizeGreaterThanOrEqualTo(12);
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.body()).doesNotContain(password).contains("it-johosys-admin");
    assertThat(JSON.readTree(history.body()).get(0).path("outcome").asString())
        .isEqualTo("OUTSTANDING");
  }

  @Test
  void unlockWhenStepUpSignedForAnotherReasonThenRefusedAndWithItsOwnThenDone() throws Exception {
    TestKeycloak.user(admin.realm(endpoints.keycloak().realm()), "it-unlock-staff", PASSWORD);
    for (int i = 0; i < 5; i++) { // the policy's threshold: locked
      DirectGrant.countedFailure(
          admin.realm(endpoints.keycloak().realm()),
          endpoints.keycloak().issuer(),
          CLIENT,
          "it-unlock-staff",
          "Wrong-Guess-" + i);
    }
    // Keycloak's brute-force protector counts the failures on its own threads, after each answer:
    // the account is locked (and can be unlocked) only once it has counted the fifth
    Poll.untilEquals(
        "it-unlock-staff's status in the API after five failed logins",
        "TEMPORARILY_LOCKED",
        () ->
            JSON.readTree(
                    call("GET", "/api/staff/it-unlock-staff/status", callers.adminToken(), null)
                        .body())
                .path("status")
                .asString());
    String path = "/api/staff/it-unlock-staff/unlock";
    HttpResponse<String> challenge =
        call("POST", path, callers.adminToken(), "{\"reason\":\"本人確認済み\"}");
    assertThat(challenge.statusCode()).as("no step-up yet").isEqualTo(428);
    String answer =
        callers
            .adminKey()
            .authenticate(
                SoftwareAuthenticator.challengeOf(
                    JSON.readTree(challenge.body()).get("stepUp").toString()),
                SoftwareAuthenticator.Claims.honest(TestApi.ORIGIN, "localhost", "webauthn.get"));
    HttpResponse<String> otherReason =
        call("POST", path, callers.adminToken(), "{\"reason\":\"別の理由\",\"stepUp\":" + answer + "}");
    assertThat(otherReason.statusCode())
        .as("the authenticator signed another operation: the reason is part of it")
        .isEqualTo(403);
    assertThat(JSON.readTree(otherReason.body()).path("refusal").asString())
        .isEqualTo("OPERATION_MISMATCH");

    HttpResponse<String> unlocked =
        TestApi.withStepUp(
            path, callers.adminToken(), callers.adminKey(), java.util.Map.of("reason", "本人確認済み"));
    assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
    assertThat(JSON.readTree(unlocked.body()).path("status").asString()).isEqualTo("ACTIVE");
  }

  @Test
  void issueTemporaryPasswordWhenStaffOrBadHandoverThenRefusedWithProblem() throws Exception {
    HttpResponse<String> staff =
        call(
            "POST",
            "/api/staff/it-plain-staff/temporary-passwords",
            callers.staffToken(),
            "{\"handover\":\"IN_PERSON\"}");
    HttpResponse<String> bad =
        call(
            "POST",
            "/api/staff/it-plain-staff/temporary-passwords",
            callers.adminToken(),
            "{\"handover\":\"EMAIL\"}");
    HttpResponse<String> self =
        TestApi.withStepUp(
            "/api/staff/it-johosys-admin/temporary-passwords",
            callers.adminToken(),
            callers.adminKey(),
            java.util.Map.of("handover", "IN_PERSON"));

    assertThat(staff.statusCode()).isEqualTo(403);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("detail").asString())
        .contains("expected one of")
        .contains("found EMAIL");
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(self.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
  }

  @Test
  void auditorWhenReadingThenAllowedAndWhenChangingThen403() throws Exception {
    HttpResponse<String> status =
        call("GET", "/api/staff/it-plain-staff/status", auditorToken, null);
    HttpResponse<String> drift = call("GET", "/api/realm/drift", auditorToken, null);
    HttpResponse<String> unlock =
        call("POST", "/api/staff/it-plain-staff/unlock", auditorToken, "{\"reason\":\"監査で確認\"}");
    HttpResponse<String> plan = call("POST", "/api/lifecycle/plans", auditorToken, null);
    HttpResponse<String> staffReads =
        call("GET", "/api/staff/it-plain-staff/status", callers.staffToken(), null);

    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    assertThat(JSON.readTree(status.body()).path("status").asString()).isEqualTo("ACTIVE");
    assertThat(JSON.readTree(status.body()).path("labelJa").asString()).isEqualTo("利用可");
    assertThat(drift.statusCode()).isEqualTo(200);
    assertThat(unlock.statusCode()).isEqualTo(403);
    assertThat(plan.statusCode()).isEqualTo(403);
    assertThat(staffReads.statusCode()).isEqualTo(403);
  }

  private static HttpResponse<String> call(String method, String path, String token, String json)
      throws Exception {
    return TestApi.call(method, path, token, json);
  }
}
