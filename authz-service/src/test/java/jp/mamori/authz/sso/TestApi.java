package jp.mamori.authz.sso;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Test fixture: calls the service's JSON API with a bearer token, as a client would. */
public final class TestApi {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestApi() {}

  private static final tools.jackson.databind.ObjectMapper JSON =
      new tools.jackson.databind.ObjectMapper();

  /** The console's URL: the step-up relying party's origin. */
  static final String ORIGIN = TestStack.baseUrl();

  /** Registers {@code key} as the token holder's step-up authenticator. */
  static void registerStepUpKey(String token, jp.mamori.webauthn.testing.SoftwareAuthenticator key)
      throws Exception {
    String options = call("POST", "/api/me/step-up/registration-options", token, null).body();
    HttpResponse<String> registered =
        call(
            "POST",
            "/api/me/step-up/authenticators",
            token,
            key.register(
                jp.mamori.webauthn.testing.SoftwareAuthenticator.challengeOf(options),
                ORIGIN,
                "localhost",
                true));
    org.assertj.core.api.Assertions.assertThat(registered.statusCode())
        .as(registered.body())
        .isEqualTo(201);
  }

  /**
   * Sends a request that needs a step-up: expects 428 with the challenge, signs it with {@code key}
   * and sends the same request again with the answer as {@code stepUp}.
   */
  static HttpResponse<String> withStepUp(
      String path,
      String token,
      jp.mamori.webauthn.testing.SoftwareAuthenticator key,
      java.util.Map<String, Object> body)
      throws Exception {
    HttpResponse<String> first = call("POST", path, token, JSON.writeValueAsString(body));
    org.assertj.core.api.Assertions.assertThat(first.statusCode()).as(first.body()).isEqualTo(428);
    String options = JSON.readTree(first.body()).get("stepUp").toString();
    String answer =
        key.authenticate(
            jp.mamori.webauthn.testing.SoftwareAuthenticator.challengeOf(options),
            jp.mamori.webauthn.testing.SoftwareAuthenticator.Claims.honest(
                ORIGIN, "localhost", "webauthn.get"));
    java.util.Map<String, Object> signed = new java.util.LinkedHashMap<>(body);
    signed.put("stepUp", JSON.readTree(answer));
    return call("POST", path, token, JSON.writeValueAsString(signed));
  }

  static HttpResponse<String> call(String method, String path, String token, String json)
      throws Exception {
    return call(TestStack.baseUrl(), method, path, token, json);
  }

  /** A call to the service at {@code baseUrl} (another instance than the shared test stack). */
  public static HttpResponse<String> call(
      String baseUrl, String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
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
}
