package jp.mamori.authz;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import jp.mamori.testing.KeycloakLogins;
import org.keycloak.admin.client.resource.RealmResource;

/** Test fixture: the resource-owner password grant against a realm, as any client would send it. */
public final class DirectGrant {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Status and body of the token endpoint's answer. */
  public record Answer(int status, String body) {}

  private DirectGrant() {}

  public static Answer login(String issuer, String clientId, String username, String password)
      throws Exception {
    String form =
        "grant_type=password&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /**
   * A login of {@code username} with the wrong {@code password}, sent until Keycloak's brute-force
   * detector has counted it ({@link KeycloakLogins}: a failure sent while Keycloak is still
   * recording the user's previous login is refused uncounted).
   */
  public static Answer countedFailure(
      RealmResource realm, String issuer, String clientId, String username, String password) {
    String userId =
        realm.users().searchByUsername(username, true).stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no user " + username + " in the realm"))
            .getId();
    return KeycloakLogins.countedFailure(
        username, realm, userId, () -> login(issuer, clientId, username, password));
  }
}
