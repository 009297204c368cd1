package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A login through Keycloak's HTML forms, with the cookies a browser would keep. */
final class FormLogin {
  private static final Pattern FORM =
      Pattern.compile("<form[^>]*id=\"([^\"]+)\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  private final String realm;
  private final String client;
  private final String redirect;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String location = "";

  FormLogin(String base, String realm, String client, String redirect) {
    this.base = base;
    this.realm = realm;
    this.client = client;
    this.redirect = redirect;
  }

  String start() throws Exception {
    return send(
        HttpRequest.newBuilder(
                URI.create(
                    base
                        + "/realms/"
                        + realm
                        + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                        + "&client_id="
                        + client
                        + "&redirect_uri="
                        + URLEncoder.encode(redirect, StandardCharsets.UTF_8)))
            .GET());
  }

  String submit(String page, String formId, Map<String, String> fields) throws Exception {
    String action = null;
    Matcher m = FORM.matcher(page);
    while (m.find()) {
      if (m.group(1).equals(formId)) {
        action = m.group(2).replace("&amp;", "&");
      }
    }
    assertThat(action).as("form %s in the page: %s", formId, page).isNotNull();
    String body =
        fields.entrySet().stream()
            .map(e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(action))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  String location() {
    return location;
  }

  private String send(HttpRequest.Builder request) throws Exception {
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("set-cookie")) {
      // one header may carry several cookies, joined by commas before the next NAME=
      for (String cookie : header.split(",\\s*(?=[A-Za-z0-9_\\-]+=)")) {
        String pair = cookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq > 0) {
          String name = pair.substring(0, eq).strip();
          String value = pair.substring(eq + 1).strip();
          if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
            cookies.remove(name);
          } else {
            cookies.put(name, value);
          }
        }
      }
    }
    location = response.headers().firstValue("location").orElse("");
    if (response.statusCode() == 302 && location.startsWith(base)) {
      return send(HttpRequest.newBuilder(URI.create(location)).GET());
    }
    return response.body();
  }
}
