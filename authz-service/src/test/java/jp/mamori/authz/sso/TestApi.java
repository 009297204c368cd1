package jp.mamori.authz.sso;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;

/** Test fixture: calls the service's JSON API with a bearer token, as a client would. */
public final class TestApi {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestApi() {}

  private static final tools.jackson.databind.ObjectMapper JSON =
      new tools.jackson.databind.ObjectMapper();

  /** The console's URL: the step-up relying party's origin. */
  static final String ORIGIN = TestStack.baseUrl();

  /**
   * Registers {@code key} as the token holder's first step-up authenticator, with a one-time
   * enrolment code issued for them at the desk (MF-3: a signed-in session alone enrols nothing).
   */
  static void registerStepUpKey(EnrolmentCodes codes, String token, SoftwareAuthenticator key)
      throws Exception {
    String username = username(token);
    String code = codes.issue(username, "it-desk", "職員証で本人確認 / ID card checked").code();
    HttpResponse<String> options =
        call(
            "POST",
            "/api/me/step-up/registration-options",
            token,
            JSON.writeValueAsString(java.util.Map.of("enrolmentCode", code)));
    org.assertj.core.api.Assertions.assertThat(options.statusCode())
        .as(options.body())
        .isEqualTo(200);
    HttpResponse<String> registered =
        call(
            "POST",
            "/api/me/step-up/authenticators",
            token,
            key.register(
                SoftwareAuthenticator.challengeOf(options.body()), ORIGIN, "localhost", true));
    org.assertj.core.api.Assertions.assertThat(registered.statusCode())
        .as(registered.body())
        .isEqualTo(201);
  }

  /** The {@code preferred_username} of an access token (read, not verified: the test made it). */
  static String username(String token) {
    String payload = token.split("\\.")[1];
    return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload))
        .path("preferred_username")
        .asString();
  }

  /**
   * Sends a request that needs a step-up: expects 428 with the challenge, signs it with {@code key}
   * and sends the same request again with the answer as {@code stepUp}.
   */
  static HttpResponse<String> withStepUp(
      String path, String token, SoftwareAuthenticator key, java.util.Map<String, Object> body)
      throws Exception {
    HttpResponse<String> first = call("POST", path, token, JSON.writeValueAsString(body));
    org.assertj.core.api.Assertions.assertThat(first.statusCode()).as(first.body()).isEqualTo(428);
    String options = JSON.readTree(first.body()).get("stepUp").toString();
    String answer =
        key.authenticate(
            SoftwareAuthenticator.challengeOf(options),
            SoftwareAuthenticator.Claims.honest(ORIGIN, "localhost", "webauthn.get"));
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
