package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.settings.StackEndpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON API as an OAuth2 resource server over tokens from the real Keycloak: a token Keycloak
 * issued for Mamori's API is accepted; a missing token, a token for another audience and an
 * unsigned ({@code alg: none}) copy of a valid token are refused with 401. (Expiry and issuer
 * rules, which need tokens Keycloak would not issue, are in {@code JwtDecodersTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokenIT extends EmbeddedStackIT {

  private static final String API_CLIENT = "it-api-client";
  private static final String OTHER_CLIENT = "it-other-client";
  private static final String PASSWORD = "Api-Test-Pass-2026x";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired LifecycleService lifecycle;
  @Autowired TemporaryPasswords passwords;
  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;

  @BeforeAll
  void staffWithPermanentPasswordAndTwoClients(@TempDir Path dir) throws Exception {
    TestStack.onboard(
        lifecycle,
        passwords,
        TestStack.hrFile(dir, "30002", "東 次郎", "ヒガシ ジロウ", "Z01", "税務課"),
        "30002");
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    UserRepresentation user = realm.users().searchByUsername("30002", true).getFirst();
    TestKeycloak.permanentPassword(realm, user.getId(), PASSWORD);
    TestKeycloak.directGrantClient(realm, API_CLIENT, true);
    TestKeycloak.directGrantClient(realm, OTHER_CLIENT, false);
  }

  @Test
  void apiWhenKeycloakTokenForMamoriApiThenAccepted() throws Exception {
    HttpResponse<String> response = callApi(tokenFrom(API_CLIENT));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("employeeNumber").asString()).isEqualTo("30002");
    assertThat(body.path("sectionName").asString()).isEqualTo("税務課");
  }

  @Test
  void apiWhenNoTokenThen401() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + "/api/me")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void apiWhenTokenWasIssuedForAnotherAudienceThen401() throws Exception {
    assertThat(callApi(tokenFrom(OTHER_CLIENT)).statusCode()).isEqualTo(401);
  }

  @Test
  void apiWhenValidTokenIsStrippedToAlgNoneThen401() throws Exception {
    String[] parts = tokenFrom(API_CLIENT).split("\\.");
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(callApi(header + "." + parts[1] + ".").statusCode()).isEqualTo(401);
  }

  @Test
  void apiWhenTokenSignatureIsAlteredThen401() throws Exception {
    String token = tokenFrom(API_CLIENT);
    char last = token.charAt(token.length() - 2);
    String altered =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);

    assertThat(callApi(altered).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> callApi(String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + "/api/me"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String tokenFrom(String clientId) throws Exception {
    return TestKeycloak.accessToken(endpoints.keycloak().issuer(), clientId, "30002", PASSWORD);
  }
}
