package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.governance.PolicyExceptions;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The access-decision API and the terminal registry on the whole embedded stack with real Keycloak
 * tokens (issue 5): sections and authentication methods come from the token; a password login does
 * not open a My Number-tier system (step-up asked); staff outside the tier are refused there; a
 * terminal is recognised only from its registered ranges and not once retired; an unknown system is
 * denied by default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessDecisionApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-access-api";
  private static final String PASSWORD = "Access-Api-2027x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired PolicyExceptions exceptions;

  private String adminToken;

  /**
   * Access tokens by user and system: a business system asks about itself with the user's token
   * issued to it (its Keycloak client), so each system here has a direct-grant client of that name.
   */
  private final Map<String, String> tokens = new java.util.HashMap<>();

  @BeforeAll
  void usersTerminalsAndClient() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.userWithRole(
        realm, "it-access-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    String k01 = TestKeycloak.user(realm, "it-access-k01", PASSWORD);
    String s01 = TestKeycloak.user(realm, "it-access-s01", PASSWORD);
    realm.users().get(k01).joinGroup(group(realm, "section-K01"));
    realm.users().get(s01).joinGroup(group(realm, "section-S01"));
    String issuer = endpoints.keycloak().issuer();
    adminToken = TestKeycloak.accessToken(issuer, CLIENT, "it-access-admin", PASSWORD);
    for (String system : List.of("juki", "groupware", "shadow-it")) {
      TestKeycloak.directGrantClient(realm, system, true);
      for (String user : List.of("it-access-k01", "it-access-s01")) {
        tokens.put(user + "@" + system, TestKeycloak.accessToken(issuer, system, user, PASSWORD));
      }
    }
    for (String terminal :
        List.of(
            "{\"id\":\"MN-K01-001\",\"tier\":\"MYNUMBER\",\"section\":\"K01\",\"networks\":[\"127.0.0.0/8\"]}",
            "{\"id\":\"LG-S01-001\",\"tier\":\"LGWAN\",\"networks\":[\"127.0.0.0/8\",\"::1/128\"]}",
            "{\"id\":\"LG-S01-002\",\"tier\":\"LGWAN\",\"networks\":[\"127.0.0.0/8\"]}")) {
      HttpResponse<String> created = TestApi.call("POST", "/api/terminals", adminToken, terminal);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
  }

  private static String group(RealmResource realm, String name) {
    return realm.groups().groups(name, 0, 10).stream()
        .filter(g -> g.getName().equals(name))
        .findFirst()
        .map(GroupRepresentation::getId)
        .orElseGet(() -> {
          GroupRepresentation g = new GroupRepresentation();
          g.setName(name);
          try (var response = realm.groups().add(g)) {
            return org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
          }
        });
  }

  private String token(String user, String system) {
    return tokens.get(user + "@" + system);
  }

  private JsonNode decide(String user, String system, String terminal, String address)
      throws Exception {
    HttpResponse<String> answer =
        TestApi.call(
            "POST",
            "/api/access-decisions",
            token(user, system),
            "{\"system\":\""
                + system
                + "\",\"terminal\":\""
                + terminal
                + "\",\"terminalAddress\":\""
                + address
                + "\"}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static List<String> codes(JsonNode answer) {
    List<String> codes = new java.util.ArrayList<>();
    answer.path("reasons").forEach(r -> codes.add(r.path("code").asString()));
    return codes;
  }

  @Test
  void decideWhenATokenOfOneSystemAsksAboutAnotherThenDeniedBeforeAnythingElse() throws Exception {
    HttpResponse<String> answer =
        TestApi.call(
            "POST",
            "/api/access-decisions",
            token("it-access-s01", "groupware"), // issued to groupware
            "{\"system\":\"juki\",\"terminal\":\"MN-K01-001\",\"terminalAddress\":\"127.0.0.1\"}");

    JsonNode denied = JSON.readTree(answer.body());
    assertThat(denied.path("decision").asString()).isEqualTo("DENY");
    assertThat(codes(denied)).containsExactly("TOKEN_FOR_ANOTHER_SYSTEM");
    assertThat(denied.path("reasons").get(0).path("en").asString())
        .contains("issued to system groupware", "cannot ask about juki");
    assertThat(
            decide("it-access-s01", "groupware", "LG-S01-001", "127.0.0.1")
                .path("decision")
                .asString())
        .as("the same token about its own system")
        .isEqualTo("PERMIT");
  }

  @Test
  void decideWhenPasswordLoginAsksForAMyNumberSystemThenDeniedWithStepUp() throws Exception {
    JsonNode answer = decide("it-access-k01", "juki", "MN-K01-001", "127.0.0.1");

    assertThat(answer.path("decision").asString()).isEqualTo("DENY");
    assertThat(codes(answer)).containsExactly("MULTI_FACTOR_REQUIRED");
    assertThat(answer.path("obligations").get(0).asString()).isEqualTo("STEP_UP_WEBAUTHN");
    assertThat(answer.path("reasons").get(0).path("ja").asString()).contains("多要素認証");
  }

  @Test
  void decideWhenStaffOutsideTheTierThenDeniedWithoutStepUp() throws Exception {
    JsonNode answer = decide("it-access-s01", "juki", "MN-K01-001", "127.0.0.1");

    assertThat(codes(answer)).contains("NOT_IN_TIER");
    assertThat(answer.path("obligations").size()).isZero();
  }

  @Test
  void decideWhenLgwanSystemFromItsRegisteredTerminalThenPermitted() throws Exception {
    JsonNode answer = decide("it-access-s01", "groupware", "LG-S01-001", "127.0.0.1");

    assertThat(answer.path("decision").asString()).as(answer.toString()).isEqualTo("PERMIT");
    assertThat(
            decide("it-access-s01", "groupware", "LG-S01-001", "10.9.9.9")
                .path("reasons")
                .get(0)
                .path("code")
                .asString())
        .as("outside the terminal's registered ranges it is not recognised (MF-4)")
        .isEqualTo("UNKNOWN_TERMINAL");
    assertThat(codes(decide("it-access-s01", "groupware", "MN-K01-001", "127.0.0.1")))
        .containsExactly("TERMINAL_OF_ANOTHER_TIER");
    assertThat(codes(decide("it-access-s01", "shadow-it", "LG-S01-001", "127.0.0.1")))
        .containsExactly("UNKNOWN_SYSTEM");
  }

  @Test
  void decideWhenFromOutsideThenDeniedUntilRegisteredWithReasonApproverAndEndDate()
      throws Exception {
    String outside =
        "{\"system\":\"groupware\",\"terminal\":\"LG-S01-001\",\"terminalAddress\":\"127.0.0.1\","
            + "\"network\":\"external\"}";
    JsonNode refused =
        JSON.readTree(
            TestApi.call(
                    "POST", "/api/access-decisions", token("it-access-s01", "groupware"), outside)
                .body());
    assertThat(refused.path("decision").asString()).isEqualTo("DENY");
    assertThat(codes(refused)).containsExactly("EXTERNAL_ACCESS_NOT_GRANTED");
    assertThat(refused.path("requirementIds").toString()).contains("ZN-2");
    assertThat(
            decide("it-access-s01", "groupware", "LG-S01-001", "127.0.0.1")
                .path("decision")
                .asString())
        .as("the same request from inside")
        .isEqualTo("PERMIT");

    // the register (ZN-2): remote work for this person, with a reason, the CISO's approval and
    // an end date
    var entry =
        exceptions.request(
            "it-access-admin",
            "EXTERNAL_ACCESS_NOT_GRANTED",
            PolicyExceptions.Scope.USER,
            "it-access-s01",
            "在宅勤務 (育児) / remote work",
            java.time.Instant.now().plus(java.time.Duration.ofDays(30)),
            false);
    exceptions.approve(entry.id(), "it-access-ciso", "承認 / approved");
    JsonNode granted =
        Poll.until(
            "it-access-s01's access from outside permitted by the register",
            () ->
                JSON.readTree(
                    TestApi.call(
                            "POST",
                            "/api/access-decisions",
                            token("it-access-s01", "groupware"),
                            outside)
                        .body()),
            a -> a.path("decision").asString().equals("PERMIT"));
    assertThat(granted.path("checked").toString()).contains("例外措置 #" + entry.id());
    assertThat(
            codes(
                JSON.readTree(
                    TestApi.call(
                            "POST",
                            "/api/access-decisions",
                            token("it-access-k01", "groupware"),
                            outside)
                        .body())))
        .as("nobody else is registered")
        .contains("EXTERNAL_ACCESS_NOT_GRANTED");

    HttpResponse<String> wrong =
        TestApi.call(
            "POST",
            "/api/access-decisions",
            token("it-access-s01", "groupware"),
            "{\"system\":\"groupware\",\"network\":\"vpn\"}");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrong.body()).path("detail").asString())
        .contains("network: expected internal (default) or external");
  }

  @Test
  void retireWhenTerminalIsRetiredThenRefusedAndRecordedAndStaffCannotRegister() throws Exception {
    HttpResponse<String> retired =
        TestApi.call(
            "POST", "/api/terminals/LG-S01-002/retire", adminToken, "{\"reason\":\"故障のため交換\"}");
    HttpResponse<String> byStaff =
        TestApi.call(
            "POST",
            "/api/terminals",
            token("it-access-s01", "groupware"),
            "{\"id\":\"X-1\",\"tier\":\"LGWAN\",\"networks\":[\"10.0.0.0/8\"]}");
    HttpResponse<String> bad =
        TestApi.call(
            "POST",
            "/api/terminals",
            adminToken,
            "{\"id\":\"X-2\",\"tier\":\"LGWAN\",\"networks\":[\"not-a-range\"]}");

    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
    assertThat(codes(decide("it-access-s01", "groupware", "LG-S01-002", "127.0.0.1")))
        .containsExactly("TERMINAL_RETIRED");
    assertThat(byStaff.statusCode()).isEqualTo(403);
    HttpResponse<String> noId =
        TestApi.call(
            "POST",
            "/api/terminals",
            adminToken,
            "{\"tier\":\"LGWAN\",\"networks\":[\"10.0.0.0/8\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(noId.statusCode()).as(noId.body()).isEqualTo(400);
    assertThat(JSON.readTree(noId.body()).path("detail").asString()).contains("id: expected");
    assertThat(JSON.readTree(bad.body()).path("detail").asString())
        .contains("expected CIDR ranges")
        .contains("not-a-range");
  }
}
