package jp.mamori.authz.sso;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Test fixture: calls the service's JSON API with a bearer token, as a client would. */
final class TestApi {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestApi() {}

  static HttpResponse<String> call(String method, String path, String token, String json)
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
}
