package jp.mamori.authz.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Test fixture: browser logins to systems (public OIDC clients) of one Keycloak realm, with a
 * callback page on loopback that stands for the system. The browser is driven through Keycloak's
 * own pages: the password form, WebAuthn registration and authentication, logout.
 */
final class TierLogins implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer callback;
  private final String callbackUrl;
  private volatile String keycloakBaseUrl;
  private final String realm;

  private TierLogins(HttpServer callback, String keycloakBaseUrl, String realm) {
    this.callback = callback;
    this.callbackUrl = "http://localhost:" + callback.getAddress().getPort() + "/cb";
    this.keycloakBaseUrl = keycloakBaseUrl;
    this.realm = realm;
  }

  /** Starts the callback page for logins to {@code realm} at the Keycloak at {@code baseUrl}. */
  static TierLogins start(String keycloakBaseUrl, String realm) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/cb",
          exchange -> {
            byte[] body =
                "<html><body><p id=done>ok</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return new TierLogins(server, keycloakBaseUrl, realm);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the callback page", e);
    }
  }

  /** Where the systems' logins end: register it as the clients' redirect URI. */
  String callbackUrl() {
    return callbackUrl;
  }

  /** Sends the next logins to another Keycloak node of the same realm. */
  void via(String baseUrl) {
    this.keycloakBaseUrl = baseUrl;
  }

  boolean atCallback(Browser browser) {
    return browser.currentUrl().startsWith(callbackUrl);
  }

  String authorize(String clientId) {
    return keycloakBaseUrl
        + "/realms/"
        + realm
        + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
        + clientId
        + "&redirect_uri="
        + enc(callbackUrl);
  }

  /** Fills Keycloak's login form with {@code username} and {@code password} and submits it. */
  static void password(Browser browser, String username, String password) {
    browser.waitFor("#username", WAIT);
    browser.type("#username", username);
    browser.type("#password", password);
    browser.click("#kc-login");
  }

  /** First login of {@code username} to {@code clientId}: password, then an authenticator. */
  void register(Browser browser, String clientId, String username, String password) {
    browser.open(authorize(clientId));
    password(browser, username, password);
    browser.waitFor("#registerWebAuthn", WAIT);
    browser.click("#registerWebAuthn");
    browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
  }

  /**
   * Ends the browser's Keycloak session. Keycloak asks to confirm the logout, or logs out at once
   * and returns to the callback: wait for one or the other (a loaded machine is slow to show
   * either).
   */
  void logout(Browser browser, String clientId) {
    browser.open(
        keycloakBaseUrl
            + "/realms/"
            + realm
            + "/protocol/openid-connect/logout?client_id="
            + clientId
            + "&post_logout_redirect_uri="
            + enc(callbackUrl));
    browser.waitUntil(
        "the logout confirmation or the callback",
        () -> browser.isPresent("#kc-logout") || atCallback(browser),
        WAIT);
    if (browser.isPresent("#kc-logout")) {
      browser.click("#kc-logout");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
    }
  }

  /** The authorization code in the callback URL {@code url}. */
  static String code(String url) {
    for (String part : URI.create(url).getRawQuery().split("&")) {
      if (part.startsWith("code=")) {
        return URLDecoder.decode(part.substring(5), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException("Expected a code in the callback URL; found " + url);
  }

  /** Exchanges the code and returns the access token's claims. */
  JsonNode exchange(String clientId, String code) throws Exception {
    Map<String, String> form =
        Map.of(
            "grant_type", "authorization_code",
            "code", code,
            "client_id", clientId,
            "redirect_uri", callbackUrl);
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            keycloakBaseUrl
                                + "/realms/"
                                + realm
                                + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String accessToken = JSON.readTree(response.body()).path("access_token").asText();
    return JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
  }

  /**
   * Creates {@code username} in {@code realm} with a permanent {@code password}, in the section
   * group {@code section-<section>} (created if absent) unless {@code section} is null; returns the
   * user's id.
   */
  static String person(RealmResource realm, String username, String section, String password) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("花子");
    user.setLastName("試験");
    user.setEnabled(true);
    String id;
    try (Response response = realm.users().create(user)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(password);
    realm.users().get(id).resetPassword(credential);
    if (section == null) {
      return id;
    }
    String groupName = "section-" + section;
    GroupRepresentation group =
        realm.groups().groups(groupName, true, 0, 10, true).stream()
            .filter(g -> g.getName().equals(groupName))
            .findFirst()
            .orElseGet(() -> {
              GroupRepresentation g = new GroupRepresentation();
              g.setName(groupName);
              try (Response response = realm.groups().add(g)) {
                g.setId(CreatedResponseUtil.getCreatedId(response));
              }
              return g;
            });
    realm.users().get(id).joinGroup(group.getId());
    return id;
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    callback.stop(0);
  }
}
