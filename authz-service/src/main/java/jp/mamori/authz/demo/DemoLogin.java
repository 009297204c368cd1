package jp.mamori.authz.demo;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.ObjectMapper;

/**
 * The sample systems' side of an OpenID Connect login at Keycloak, as a business system would do
 * it: authorization code flow with PKCE S256, {@code state} and {@code nonce}; the code exchanged
 * with the client secret; the ID token's signature (the realm's keys), issuer, audience, lifetime
 * and nonce verified before anything in it is believed.
 */
final class DemoLogin {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a login started and its callback must match; kept in the browser's session. */
  record Pending(String state, String nonce, String verifier) implements Serializable {}

  /** A verified login: the ID token's claims that the sample pages show. */
  record SignedIn(
      String username,
      String name,
      String acr,
      Instant authTime,
      List<String> groups,
      String idToken)
      implements Serializable {
    @Override
    public String toString() {
      return "SignedIn[username=" + username + ", acr=" + acr + ", idToken=***]";
    }
  }

  /** The token endpoint refused the code, or the ID token failed a check. */
  static final class LoginFailed extends Exception {
    LoginFailed(String message) {
      super(message);
    }
  }

  private final String issuer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DemoLogin(String issuer) {
    this.issuer = issuer;
  }

  static Pending start() {
    return new Pending(random(), random(), random() + random());
  }

  /** Keycloak's authorization endpoint for {@code app}'s login. */
  String authorizationUrl(DemoApp app, String redirectUri, Pending pending) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", app.clientId());
    query.put("redirect_uri", redirectUri);
    query.put("scope", "openid");
    query.put("state", pending.state());
    query.put("nonce", pending.nonce());
    query.put("code_challenge", challenge(pending.verifier()));
    query.put("code_challenge_method", "S256");
    return issuer + "/protocol/openid-connect/auth?" + form(query);
  }

  /** Keycloak's logout, back to {@code returnTo} afterwards. */
  String logoutUrl(DemoApp app, String idToken, String returnTo) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", app.clientId());
    query.put("id_token_hint", idToken);
    query.put("post_logout_redirect_uri", returnTo);
    return issuer + "/protocol/openid-connect/logout?" + form(query);
  }

  /** Exchanges {@code code} and verifies the ID token. */
  SignedIn finish(DemoApp app, String redirectUri, Pending pending, String code)
      throws LoginFailed {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", redirectUri);
    body.put("code_verifier", pending.verifier());
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (enc(app.clientId()) + ":" + enc(app.secret())).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Authorization", "Basic " + basic)
                  .POST(HttpRequest.BodyPublishers.ofString(form(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LoginFailed("Keycloak's token endpoint unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginFailed("interrupted while exchanging the code");
    }
    if (response.statusCode() != 200) {
      throw new LoginFailed(
          "expected HTTP 200 from the token endpoint, found HTTP " + response.statusCode());
    }
    var tokens = JSON.readTree(response.body());
    String idToken = tokens.path("id_token").asString("");
    String accessToken = tokens.path("access_token").asString("");
    if (idToken.isEmpty() || accessToken.isEmpty()) {
      throw new LoginFailed(
          "expected an id_token and an access_token from the token endpoint, found "
              + (idToken.isEmpty() ? "no id_token" : "no access_token"));
    }
    Jwt id;
    Jwt access;
    try {
      id = decoder(idTokenChecks(app, pending)).decode(idToken);
      access = decoder(accessTokenChecks(app)).decode(accessToken);
    } catch (org.springframework.security.oauth2.jwt.JwtException e) {
      throw new LoginFailed("a token failed verification: " + e.getMessage());
    }
    return new SignedIn(
        id.getClaimAsString("preferred_username"),
        name(id),
        id.getClaimAsString("acr"),
        id.getClaimAsInstant("auth_time"),
        list(access.getClaim("groups")), // the sections: in the access token only
        idToken);
  }

  private JwtDecoder decoder(OAuth2TokenValidator<Jwt> checks) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSetUri(issuer + "/protocol/openid-connect/certs").build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefaultWithIssuer(issuer), checks));
    return decoder;
  }

  /** The access token was issued to this system ({@code azp}). */
  private static OAuth2TokenValidator<Jwt> accessTokenChecks(DemoApp app) {
    return jwt ->
        app.clientId().equals(jwt.getClaimAsString("azp"))
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(
                new OAuth2Error(
                    "invalid_token",
                    "expected azp "
                        + app.clientId()
                        + " in the access token, found "
                        + jwt.getClaimAsString("azp"),
                    null));
  }

  private static OAuth2TokenValidator<Jwt> idTokenChecks(DemoApp app, Pending pending) {
    return jwt -> {
      if (!jwt.getAudience().contains(app.clientId())) {
        return OAuth2TokenValidatorResult.failure(
            new OAuth2Error(
                "invalid_token",
                "expected audience " + app.clientId() + ", found " + jwt.getAudience(),
                null));
      }
      if (!pending.nonce().equals(jwt.getClaimAsString("nonce"))) {
        return OAuth2TokenValidatorResult.failure(
            new OAuth2Error("invalid_token", "the nonce is not this login's", null));
      }
      return OAuth2TokenValidatorResult.success();
    };
  }

  /** Family name first, as Japanese names are written (Keycloak's {@code name} is given first). */
  private static String name(Jwt id) {
    String family = id.getClaimAsString("family_name");
    String given = id.getClaimAsString("given_name");
    if (family == null || given == null) {
      return id.getClaimAsString("name");
    }
    return family + " " + given;
  }

  private static List<String> list(Object claim) {
    if (claim instanceof java.util.Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    return claim == null ? List.of() : List.of(String.valueOf(claim));
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
