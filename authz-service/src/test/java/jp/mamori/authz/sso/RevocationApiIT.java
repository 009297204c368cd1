package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The emergency revocation over the API on the whole embedded stack: administrators only, the
 * reason mandatory, a step-up bound to the person and the reason; then the person's login is
 * refused and the outcome says every step was done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-revocation-api";
  private static final String PASSWORD = "Revocation-Api-2027x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EnrolmentCodes enrolmentCodes;

  private StepUpCallers callers;

  @BeforeAll
  void usersAndClient() throws Exception {
    callers =
        StepUpCallers.create(
            admin,
            endpoints,
            enrolmentCodes,
            CLIENT,
            PASSWORD,
            "it-revoking-admin",
            "it-other-staff",
            "it-revoked-staff");
  }

  @Test
  void revokeWhenAdministratorWithStepUpThenLoginRefusedAndEveryStepDone() throws Exception {
    String path = "/api/staff/it-revoked-staff/revocation";
    assertThat(
            TestApi.call("POST", path, callers.staffToken(), "{\"reason\":\"懲戒免職\"}").statusCode())
        .as("staff without the administrator role")
        .isEqualTo(403);
    HttpResponse<String> noReason =
        TestApi.call("POST", path, callers.adminToken(), "{\"reason\":\" \"}");
    assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(400);
    assertThat(noReason.body()).contains("reason: expected");
    HttpResponse<String> challenge =
        TestApi.call("POST", path, callers.adminToken(), "{\"reason\":\"懲戒免職\"}");
    assertThat(challenge.statusCode()).as("no step-up yet").isEqualTo(428);
    assertThat(
            DirectGrant.login(endpoints.keycloak().issuer(), CLIENT, "it-revoked-staff", PASSWORD)
                .status())
        .as("nothing done before the step-up")
        .isEqualTo(200);

    HttpResponse<String> revoked =
        TestApi.withStepUp(
            path, callers.adminToken(), callers.adminKey(), Map.of("reason", "懲戒免職 (本日付)"));

    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    JsonNode outcome = JSON.readTree(revoked.body());
    assertThat(outcome.path("complete").asBoolean()).as(revoked.body()).isTrue();
    assertThat(outcome.path("keycloak").asBoolean()).isTrue();
    assertThat(outcome.path("sanction").asLong()).isPositive();
    assertThat(
            DirectGrant.login(endpoints.keycloak().issuer(), CLIENT, "it-revoked-staff", PASSWORD)
                .status())
        .isNotEqualTo(200);
  }
}
