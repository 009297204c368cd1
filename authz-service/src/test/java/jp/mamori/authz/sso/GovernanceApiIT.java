package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Exceptions (GV-3), sanctions (GV-4) and ID inventories (LC-3) over the JSON API on the whole
 * stack with real tokens: who may do what (administrators request and impose, the CISO decides,
 * auditors read, section heads answer for their own section only, staff nothing), and refusals as
 * problem details that say what was expected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-governance-api";
  private static final String PASSWORD = "Governance-Api-2027x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;

  private String adminToken;
  private String auditorToken;
  private String cisoToken;
  private String headToken;
  private String staffToken;

  @BeforeAll
  void users() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.userWithRole(
        realm, "it-gov-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.userWithRole(
        realm, "it-gov-auditor", PASSWORD, KeycloakRealmConfigurator.AUDITOR_ROLE);
    TestKeycloak.userWithRole(realm, "it-gov-ciso", PASSWORD, KeycloakRealmConfigurator.CISO_ROLE);
    String head =
        TestKeycloak.userWithRole(
            realm, "it-gov-head", PASSWORD, KeycloakRealmConfigurator.SECTION_HEAD_ROLE);
    String staff = TestKeycloak.user(realm, "it-gov-staff", PASSWORD);
    String k01 = group(realm, "section-K01");
    realm.users().get(head).joinGroup(k01);
    realm.users().get(staff).joinGroup(k01);
    String other = TestKeycloak.user(realm, "it-gov-other", PASSWORD);
    realm.users().get(other).joinGroup(group(realm, "section-Z01"));
    String issuer = endpoints.keycloak().issuer();
    adminToken = TestKeycloak.accessToken(issuer, CLIENT, "it-gov-admin", PASSWORD);
    auditorToken = TestKeycloak.accessToken(issuer, CLIENT, "it-gov-auditor", PASSWORD);
    cisoToken = TestKeycloak.accessToken(issuer, CLIENT, "it-gov-ciso", PASSWORD);
    headToken = TestKeycloak.accessToken(issuer, CLIENT, "it-gov-head", PASSWORD);
    staffToken = TestKeycloak.accessToken(issuer, CLIENT, "it-gov-staff", PASSWORD);
  }

  private static String group(RealmResource realm, String name) {
    var found = realm.groups().groups(name, true, 0, 1, true);
    if (!found.isEmpty()) {
      return found.getFirst().getId();
    }
    GroupRepresentation g = new GroupRepresentation();
    g.setName(name);
    return CreatedResponseUtil.getCreatedId(realm.groups().add(g));
  }

  @Test
  void exceptionWhenRequestedByAdministratorThenOnlyTheCisoDecidesAndReadersRead()
      throws Exception {
    String body =
        "{\"rule\":\"MULTI_FACTOR_REQUIRED\",\"scope\":\"TERMINAL\",\"target\":\"MN-K01-009\","
            + "\"reason\":\"センサー交換\",\"endsAt\":\""
            + Instant.now().plusSeconds(86_400)
            + "\"}";
    assertThat(TestApi.call("POST", "/api/exceptions", auditorToken, body).statusCode())
        .isEqualTo(403);
    HttpResponse<String> bad =
        TestApi.call(
            "POST", "/api/exceptions", adminToken, body.replace("MULTI_FACTOR_REQUIRED", "ALL"));
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode problem = JSON.readTree(bad.body());
    assertThat(problem.path("title").asString()).startsWith("例外措置");
    assertThat(problem.path("detail").asString()).contains("rule: expected one of", "found ALL");

    HttpResponse<String> created = TestApi.call("POST", "/api/exceptions", adminToken, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = JSON.readTree(created.body()).path("id").asLong();
    assertThat(
            TestApi.call("POST", "/api/exceptions/" + id + "/approve", adminToken, "{}")
                .statusCode())
        .as("administrators request, the CISO decides")
        .isEqualTo(403);
    HttpResponse<String> approved =
        TestApi.call("POST", "/api/exceptions/" + id + "/approve", cisoToken, "{\"note\":\"ok\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(JSON.readTree(approved.body()).path("status").asString()).isEqualTo("IN_FORCE");
    assertThat(TestApi.call("GET", "/api/exceptions", auditorToken, null).body())
        .contains("MN-K01-009");
    assertThat(TestApi.call("GET", "/api/exceptions", staffToken, null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void sanctionWhenImposedThenReinstatementAskedByAdministratorAndApprovedByTheCiso()
      throws Exception {
    HttpResponse<String> violation =
        TestApi.call(
            "POST",
            "/api/sanctions/violations",
            adminToken,
            "{\"username\":\"it-gov-staff\",\"code\":\"PASSWORD_SHARED\",\"description\":\"付箋\"}");
    assertThat(violation.statusCode()).as(violation.body()).isEqualTo(201);
    assertThat(JSON.readTree(violation.body()).path("sections").toString()).contains("K01");

    String impose =
        "{\"username\":\"it-gov-staff\",\"violationId\":"
            + JSON.readTree(violation.body()).path("id").asLong()
            + ",\"measure\":\"SUSPEND\",\"right\":\"TIER\",\"target\":\"MYNUMBER\","
            + "\"code\":\"PASSWORD_SHARED\",\"note\":\"研修まで\"}";
    assertThat(TestApi.call("POST", "/api/sanctions", auditorToken, impose).statusCode())
        .isEqualTo(403);
    HttpResponse<String> sanction = TestApi.call("POST", "/api/sanctions", adminToken, impose);
    assertThat(sanction.statusCode()).as(sanction.body()).isEqualTo(201);
    long id = JSON.readTree(sanction.body()).path("id").asLong();

    assertThat(
            TestApi.call(
                    "POST",
                    "/api/sanctions/" + id + "/reinstatement",
                    adminToken,
                    "{\"reason\":\"研修を受講\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            TestApi.call(
                    "POST", "/api/sanctions/" + id + "/reinstatement/approve", adminToken, "{}")
                .statusCode())
        .as("the CISO approves")
        .isEqualTo(403);
    HttpResponse<String> lifted =
        TestApi.call("POST", "/api/sanctions/" + id + "/reinstatement/approve", cisoToken, "{}");
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
    assertThat(JSON.readTree(lifted.body()).path("status").asString()).isEqualTo("LIFTED");

    HttpResponse<String> again =
        TestApi.call("POST", "/api/sanctions/" + id + "/reinstatement/approve", cisoToken, "{}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).path("title").asString()).startsWith("処分");
  }

  @Autowired Inventories inventories;

  @Test
  void inventoryWhenStartedThenSectionHeadSeesAndAnswersOnlyTheirOwnSection() throws Exception {
    // one campaign at a time: another test class of this stack may have one open; an
    // administrator cancels it over the API (on record)
    var open = inventories.open();
    if (open.isPresent()) {
      assertThat(
              TestApi.call(
                      "POST",
                      "/api/inventories/" + open.get().id() + "/cancel",
                      adminToken,
                      "{\"reason\":\"superseded\"}")
                  .statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> started =
        TestApi.call(
            "POST",
            "/api/inventories",
            adminToken,
            "{\"title\":\"令和9年度 ID棚卸 (API)\",\"deadline\":\""
                + Instant.now().plusSeconds(7 * 86_400)
                + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    long id = JSON.readTree(started.body()).path("id").asLong();

    HttpResponse<String> mine = TestApi.call("GET", "/api/inventories/" + id, headToken, null);
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    JsonNode items = JSON.readTree(mine.body()).path("items");
    assertThat(items.size()).isPositive();
    String staffKey = null;
    for (JsonNode item : items) {
      assertThat(item.path("sections").toString()).contains("K01");
      if (item.path("username").asString().equals("it-gov-staff")) {
        staffKey = item.path("key").asString();
      }
    }
    assertThat(staffKey).isNotNull();
    JsonNode all =
        JSON.readTree(TestApi.call("GET", "/api/inventories/" + id, adminToken, null).body())
            .path("items");
    assertThat(all.size()).isGreaterThan(items.size());
    String otherKey = null;
    for (JsonNode item : all) {
      if (item.path("sections").size() > 0 && !item.path("sections").toString().contains("K01")) {
        otherKey = item.path("key").asString();
        break;
      }
    }
    assertThat(otherKey).as("an ID of another section").isNotNull();

    HttpResponse<String> answered =
        TestApi.call(
            "POST",
            "/api/inventories/" + id + "/items/" + staffKey,
            headToken,
            "{\"decision\":\"CONFIRMED\"}");
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(JSON.readTree(answered.body()).path("decidedBy").asString())
        .isEqualTo("it-gov-head");
    HttpResponse<String> other =
        TestApi.call(
            "POST",
            "/api/inventories/" + id + "/items/" + otherKey,
            headToken,
            "{\"decision\":\"CONFIRMED\"}");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(other.body()).path("detail").asString())
        .contains("expected the section head of");
    assertThat(TestApi.call("GET", "/api/inventories/" + id, staffToken, null).statusCode())
        .isEqualTo(403);
    HttpResponse<String> csv =
        TestApi.call("GET", "/api/inventories/" + id + "/items.csv", auditorToken, null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.body()).contains("職員番号", "it-gov-staff", "CONFIRMED");
  }
}
