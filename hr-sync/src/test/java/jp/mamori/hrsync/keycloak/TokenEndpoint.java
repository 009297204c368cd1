package jp.mamori.hrsync.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helper: the realm's token endpoint over plain HTTP, as any client would call it. */
public final class TokenEndpoint {

  /** Status and parsed body of the token endpoint's answer. */
  public record Answer(int status, JsonNode body) {
    public String error() {
      return body.path("error").asText();
    }

    public String errorDescription() {
      return body.path("error_description").asText();
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String tokenUrl;

  public TokenEndpoint(String serverUrl, String realm) {
    this.tokenUrl = serverUrl + "/realms/" + realm + "/protocol/openid-connect/token";
  }

  /** Resource-owner password grant (direct grant) for {@code clientId}, a public client. */
  public Answer passwordGrant(String clientId, String username, String password) {
    return post(
        Map.of(
            "grant_type", "password",
            "client_id", clientId,
            "username", username,
            "password", password,
            "scope", "openid"));
  }

  /** Refresh-token grant: fails once the session behind the token is gone. */
  public Answer refresh(String clientId, String refreshToken) {
    return post(
        Map.of(
            "grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
  }

  private Answer post(Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tokenUrl))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException("token endpoint " + tokenUrl + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sets a permanent password on {@code username} (no required action left), logs in by direct
   * grant for {@code clientId} and returns the refresh token; fails the test if Keycloak refuses or
   * keeps no session.
   */
  public String loginWithPermanentPassword(
      org.keycloak.admin.client.Keycloak admin,
      String realm,
      String clientId,
      String username,
      String password) {
    var users = admin.realm(realm).users();
    org.keycloak.representations.idm.UserRepresentation user =
        users.searchByUsername(username, true).getFirst();
    org.keycloak.representations.idm.CredentialRepresentation credential =
        new org.keycloak.representations.idm.CredentialRepresentation();
    credential.setType(org.keycloak.representations.idm.CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(password);
    users.get(user.getId()).resetPassword(credential);
    user.setRequiredActions(java.util.List.of());
    users.get(user.getId()).update(user);
    Answer answer = passwordGrant(clientId, username, password);
    org.assertj.core.api.Assertions.assertThat(answer.status())
        .as(answer.body().toString())
        .isEqualTo(200);
    org.assertj.core.api.Assertions.assertThat(users.get(user.getId()).getUserSessions())
        .isNotEmpty();
    return answer.body().path("refresh_token").asText();
  }
}
