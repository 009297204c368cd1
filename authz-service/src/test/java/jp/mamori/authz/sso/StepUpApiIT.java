package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import jp.mamori.authz.stack.StackEndpoints;
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
 * A person's own step-up authenticators over the API with a real Keycloak token (issue 5): register
 * (user verification required, a replayed registration refused), options of a step-up bound to an
 * operation with user verification required, "I lost it" suspends at once and no step-up can start
 * with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-step-up";
  private static final String PASSWORD = "Step-Up-Api-2027x";
  private static final String ORIGIN = TestStack.baseUrl(); // the console's URL: the RP's origin
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATION =
      "{\"kind\":\"account.unlock\",\"subject\":\"staff/A20002\",\"details\":{\"reason\":\"本人確認済み\"}}";

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;

  private String token;

  @BeforeAll
  void user() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.user(realm, "it-step-up", PASSWORD);
    token = TestKeycloak.accessToken(endpoints.keycloak().issuer(), CLIENT, "it-step-up", PASSWORD);
  }

  @Test
  void authenticatorWhenRegisteredThenStepUpOptionsAskForItWithUserVerificationUntilLost()
      throws Exception {
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    assertThat(options().statusCode())
        .as("no authenticator yet: a step-up cannot start")
        .isEqualTo(409);

    HttpResponse<String> unverified = register(key, false);
    assertThat(unverified.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unverified.body()).get("refusal").asString())
        .isEqualTo("USER_VERIFICATION_MISSING");
    String options =
        TestApi.call("POST", "/api/me/step-up/registration-options", token, null).body();
    String response =
        key.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, "localhost", true);
    HttpResponse<String> registered =
        post("/api/me/step-up/authenticators?label=" + label(), response);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    assertThat(post("/api/me/step-up/authenticators", response).statusCode())
        .as("the same registration again: its challenge is spent")
        .isEqualTo(400);

    HttpResponse<String> stepUp = options();
    assertThat(stepUp.statusCode()).as(stepUp.body()).isEqualTo(200);
    JsonNode request = JSON.readTree(stepUp.body()).get("publicKey");
    assertThat(request.get("userVerification").asString()).isEqualTo("required");
    assertThat(request.get("allowCredentials").get(0).get("id").asString())
        .isEqualTo(key.credentialId().getBase64Url());
    assertThat(SoftwareAuthenticator.challengeOf(stepUp.body()).size())
        .as("nonce + operation digest")
        .isEqualTo(48);

    HttpResponse<String> lost =
        TestApi.call(
            "POST",
            "/api/me/step-up/authenticators/" + key.credentialId().getBase64Url() + "/lost",
            token,
            "{\"reason\":\"電車で紛失\"}");
    assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);
    assertThat(JSON.readTree(lost.body()).get("state").asString()).isEqualTo("SUSPENDED");
    HttpResponse<String> afterLoss = options();
    assertThat(afterLoss.statusCode()).isEqualTo(409);
    assertThat(afterLoss.body()).contains("登録済みの認証器がありません");
  }

  private HttpResponse<String> register(SoftwareAuthenticator key, boolean verified)
      throws Exception {
    String options =
        TestApi.call("POST", "/api/me/step-up/registration-options", token, null).body();
    return post(
        "/api/me/step-up/authenticators",
        key.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, "localhost", verified));
  }

  private HttpResponse<String> options() throws Exception {
    return TestApi.call("POST", "/api/me/step-up/options", token, OPERATION);
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return TestApi.call("POST", path, token, json);
  }

  private static String label() {
    return URLEncoder.encode("指紋キー", StandardCharsets.UTF_8);
  }
}
