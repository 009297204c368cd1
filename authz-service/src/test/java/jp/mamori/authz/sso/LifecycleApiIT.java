package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.stack.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The lifecycle API on the whole embedded stack with real Keycloak tokens: only the {@code
 * mamori-admin} realm role may plan and approve; a held plan is approved only with its fingerprint,
 * and the approver recorded is the token's user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-lifecycle-api";
  private static final String PASSWORD = "Lifecycle-Api-2026x";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;

  private String adminToken;
  private String staffToken;

  @BeforeAll
  void usersAndClient() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(CLIENT);
    client.setPublicClient(true);
    client.setStandardFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(true);
    ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
    audience.setName("api-audience");
    audience.setProtocol("openid-connect");
    audience.setProtocolMapper("oidc-audience-mapper");
    audience.setConfig(
        Map.of("included.client.audience", "mamori-api", "access.token.claim", "true"));
    client.setProtocolMappers(List.of(audience));
    realm.clients().create(client).close();
    String adminId = user(realm, "it-johosys-admin");
    realm
        .users()
        .get(adminId)
        .roles()
        .realmLevel()
        .add(List.of(realm.roles().get(KeycloakRealmConfigurator.ADMIN_ROLE).toRepresentation()));
    user(realm, "it-plain-staff");
    adminToken = token("it-johosys-admin");
    staffToken = token("it-plain-staff");
  }

  @Test
  void planWhenAdministratorThenStoredAndReadableAndHeldPlanNeedsItsFingerprint() throws Exception {
    HttpResponse<String> created = call("POST", "/api/lifecycle/plans", adminToken, null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode plan = JSON.readTree(created.body());
    long id = plan.path("id").asLong();

    HttpResponse<String> read = call("GET", "/api/lifecycle/plans/" + id, adminToken, null);
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
            adminToken,
            "{\"fingerprint\":\"" + "0".repeat(64) + "\"}");
    assertThat(wrong.statusCode()).isEqualTo(409);
    assertThat(wrong.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    HttpResponse<String> right =
        call(
            "POST",
            "/api/lifecycle/plans/" + id + "/approve",
            adminToken,
            "{\"fingerprint\":\"" + plan.path("fingerprint").asString() + "\"}");
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(JSON.readTree(right.body()).path("approvedBy").asString())
        .isEqualTo("it-johosys-admin");
  }

  @Test
  void planWhenStaffWithoutAdminRoleThen403() throws Exception {
    assertThat(call("POST", "/api/lifecycle/plans", staffToken, null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/api/lifecycle/plans/1", staffToken, null).statusCode()).isEqualTo(403);
  }

  @Test
  void getWhenPlanDoesNotExistThen404Problem() throws Exception {
    HttpResponse<String> missing = call("GET", "/api/lifecycle/plans/999999", adminToken, null);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).path("detail").asString()).contains("999999");
  }

  private static HttpResponse<String> call(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + path))
            .header("Authorization", "Bearer " + token);
    if (json != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(String username) throws Exception {
    String form =
        "grant_type=password&client_id="
            + CLIENT
            + "&username="
            + username
            + "&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(endpoints.keycloak().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("access_token").asString();
  }

  private static String user(RealmResource realm, String username) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("Test");
    user.setLastName("User");
    user.setEnabled(true);
    String id;
    try (Response response = realm.users().create(user)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(PASSWORD);
    realm.users().get(id).resetPassword(credential);
    return id;
  }
}
