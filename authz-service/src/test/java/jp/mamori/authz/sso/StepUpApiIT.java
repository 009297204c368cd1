package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
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
 * A person's own step-up authenticators over the API with a real Keycloak token: register (user
 * verification required, a replayed registration refused), options of a step-up bound to an
 * operation with user verification required, "I lost it" suspends at once and no step-up can start
 * with it. Enrolment (MF-3): a signed-in session alone enrols nothing — a first key needs a
 * one-time code issued by someone else, a second one a step-up with the key in use; codes work
 * once, for their person; every enrolment and loss is in the audit chain and noticed to the owner;
 * a counter that goes backwards opens an alert.
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
  @Autowired EnrolmentCodes codes;
  @Autowired AuditLog audit;
  @Autowired Alerts alerts;

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

    HttpResponse<String> noCode =
        TestApi.call("POST", "/api/me/step-up/registration-options", token, null);
    assertThat(noCode.statusCode())
        .as("a signed-in session alone enrols no key: %s", noCode.body())
        .isEqualTo(403);
    assertThat(JSON.readTree(noCode.body()).get("refusal").asString())
        .isEqualTo("ENROLMENT_NOT_AUTHORISED");

    HttpResponse<String> unverified = register(key, false);
    assertThat(unverified.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unverified.body()).get("refusal").asString())
        .isEqualTo("USER_VERIFICATION_MISSING");
    String options = registrationOptions(token, code("it-step-up")).body();
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
    assertThat(
            TestApi.call("POST", "/api/me/step-up/registration-options", token, null).statusCode())
        .as("a replacement after a loss needs a new code, as a first key does")
        .isEqualTo(403);
  }

  @Test
  void enrolmentWhenAKeyIsInUseThenAnotherNeedsItsStepUpAndCodesWorkOnceForTheirPerson()
      throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.userWithRole(
        realm, "it-enrol-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    String adminToken =
        TestKeycloak.accessToken(endpoints.keycloak().issuer(), CLIENT, "it-enrol-admin", PASSWORD);
    Instant from = Instant.now().minusSeconds(1);

    // an administrator cannot give themselves a code, through the API or otherwise
    HttpResponse<String> own =
        TestApi.call(
            "POST",
            "/api/staff/it-enrol-admin/step-up-enrolment-codes",
            adminToken,
            "{\"reason\":\"自分で\"}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
    assertThatThrownBy(() -> codes.issue("it-enrol-admin", "IT-ENROL-ADMIN", "自分で"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other than the person");

    // a code for someone else does not work for this person; a typed code works once
    String othersCode = code("it-someone-else");
    assertThat(registrationOptions(adminToken, othersCode).statusCode()).isEqualTo(403);
    String code = code("it-enrol-admin");
    HttpResponse<String> first = registrationOptions(adminToken, code);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(registrationOptions(adminToken, code).statusCode())
        .as("the same code again")
        .isEqualTo(403);
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    HttpResponse<String> registered =
        TestApi.call(
            "POST",
            "/api/me/step-up/authenticators",
            adminToken,
            key.register(
                SoftwareAuthenticator.challengeOf(first.body()), ORIGIN, "localhost", true));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

    // a second key: the one in use must confirm first (428 with its step-up), then it may
    SoftwareAuthenticator spare = new SoftwareAuthenticator();
    HttpResponse<String> asked =
        TestApi.call("POST", "/api/me/step-up/registration-options", adminToken, "{}");
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(428);
    String proof =
        key.authenticate(
            SoftwareAuthenticator.challengeOf(JSON.readTree(asked.body()).get("stepUp").toString()),
            SoftwareAuthenticator.Claims.honest(ORIGIN, "localhost", "webauthn.get"));
    HttpResponse<String> second =
        TestApi.call(
            "POST",
            "/api/me/step-up/registration-options",
            adminToken,
            "{\"stepUp\":" + proof + "}");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(
            TestApi.call(
                    "POST",
                    "/api/me/step-up/authenticators",
                    adminToken,
                    spare.register(
                        SoftwareAuthenticator.challengeOf(second.body()),
                        ORIGIN,
                        "localhost",
                        true))
                .statusCode())
        .isEqualTo(201);

    // the administrator, now with a key, issues a code for a colleague with a step-up of their own
    HttpResponse<String> forColleague =
        TestApi.withStepUp(
            "/api/staff/it-someone-else/step-up-enrolment-codes",
            adminToken,
            key,
            java.util.Map.of("reason", "職員証で本人確認 (窓口)"));
    assertThat(forColleague.statusCode()).as(forColleague.body()).isEqualTo(201);
    assertThat(JSON.readTree(forColleague.body()).get("code").asString()).hasSize(16);

    // on record: issued, refused, redeemed, both keys with how they were enrolled
    List<String> record =
        audit.about("staff/it-enrol-admin", from, Instant.now().plusSeconds(1)).stream()
            .map(e -> e.kind() + " " + e.detail())
            .toList();
    assertThat(record)
        .anySatisfy(e -> assertThat(e).startsWith("STEP_UP_ENROLMENT_CODE_ISSUED"))
        .anySatisfy(e -> assertThat(e).startsWith("STEP_UP_ENROLMENT_CODE_REFUSED"))
        .anySatisfy(e -> assertThat(e).startsWith("STEP_UP_ENROLMENT_CODE_REDEEMED"))
        .anySatisfy(
            e -> assertThat(e).startsWith("STEP_UP_KEY_REGISTERED").contains("grant:", "it-desk"))
        .anySatisfy(e ->
            assertThat(e)
                .startsWith("STEP_UP_KEY_REGISTERED")
                .contains("key:" + key.credentialId().getBase64Url()));
    assertThat(record).noneMatch(e -> e.contains(code)); // the code itself is never recorded
    assertThat(
            audit.about("staff/it-someone-else", from, Instant.now().plusSeconds(1)).stream()
                .filter(e -> e.kind().equals("STEP_UP_ENROLMENT_CODE_ISSUED"))
                .map(AuditChain.Event::actor))
        .contains("it-enrol-admin");
    assertThat(alerts.noticesFor("it-enrol-admin", 10))
        .as("the owner is told of each key enrolled")
        .filteredOn(n -> n.subjectJa().contains("登録されました"))
        .hasSize(2);

    // a cloned key (its counter goes backwards) is suspended and opens an alert
    key.counter(0);
    HttpResponse<String> cloned =
        TestApi.withStepUp(
            "/api/staff/it-someone-else/step-up-enrolment-codes",
            adminToken,
            key,
            java.util.Map.of("reason", "複製された鍵で"));
    assertThat(cloned.statusCode()).as(cloned.body()).isEqualTo(403);
    assertThat(JSON.readTree(cloned.body()).get("refusal").asString())
        .isEqualTo("COUNTER_REGRESSION");
    assertThat(alerts.open())
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("STEP_UP_COUNTER_REGRESSION");
          assertThat(a.subject()).startsWith("it-enrol-admin ");
        });
    assertThat(alerts.noticesFor("it-enrol-admin", 10))
        .anySatisfy(n -> assertThat(n.subjectJa()).contains("複製の疑い"));
  }

  @Test
  void stepUpOptionsWhenAskedOverAndOverThen429WithRetryAfter() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.user(realm, "it-step-up-flood", PASSWORD);
    String flooder =
        TestKeycloak.accessToken(
            endpoints.keycloak().issuer(), CLIENT, "it-step-up-flood", PASSWORD);
    TestApi.registerStepUpKey(codes, flooder, new SoftwareAuthenticator());

    // each call stores a challenge: at most 30 a minute per person (step-up-challenges-per-minute);
    // twice that and more guarantees a full minute's worth even if a minute turns meanwhile
    HttpResponse<String> refused = null;
    for (int i = 0; i < 62 && refused == null; i++) {
      HttpResponse<String> answer =
          TestApi.call("POST", "/api/me/step-up/options", flooder, OPERATION);
      if (answer.statusCode() == 429) {
        refused = answer;
      } else {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      }
    }
    assertThat(refused).as("a 429 within 62 challenges").isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(refused.body()).path("type").asString())
        .isEqualTo("urn:mamori:problem:rate-limited");
    assertThat(TestApi.call("POST", "/api/me/step-up/options", token, OPERATION).statusCode())
        .as("another person is not held up")
        .isNotEqualTo(429);
  }

  private String code(String username) {
    return codes.issue(username, "it-desk", "職員証で本人確認 / ID card checked at the desk").code();
  }

  private static HttpResponse<String> registrationOptions(String token, String code)
      throws Exception {
    return TestApi.call(
        "POST",
        "/api/me/step-up/registration-options",
        token,
        "{\"enrolmentCode\":\"" + code + "\"}");
  }

  private HttpResponse<String> register(SoftwareAuthenticator key, boolean verified)
      throws Exception {
    String options = registrationOptions(token, code("it-step-up")).body();
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
