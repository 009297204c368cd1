package jp.mamori.bench;

import com.yubico.webauthn.data.ByteArray;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;

/**
 * One browser, over HTTP: an authorization-code login with PKCE to one OIDC client of a Keycloak
 * realm, through Keycloak's own pages — the login form, and where the flow asks for it the WebAuthn
 * registration (first login) or authentication page, answered by a {@link SoftwareAuthenticator} —
 * then the code exchanged for tokens. Each login starts with no cookies, as a new browser would.
 * Not thread-safe: one per worker.
 */
final class BrowserLogin {

  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern REGISTER_FORM =
      Pattern.compile("<form[^>]*id=\"register\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern WEBAUTHN_FORM =
      Pattern.compile("<form[^>]*id=\"webauth\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern CHALLENGE = Pattern.compile("challenge\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern RP_ID = Pattern.compile("rpId\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

  /**
   * A browser's cookie jar on loopback: Keycloak marks its login cookies {@code Secure} (with
   * {@code SameSite=None}), which browsers send to {@code http://localhost} as a secure context but
   * Java's cookie manager sends over HTTPS only; the attribute is dropped as cookies are stored.
   */
  private final CookieHandler jar =
      new CookieHandler() {
        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers)
            throws IOException {
          return cookies.get(uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
          Map<String, List<String>> insecure = new LinkedHashMap<>();
          headers.forEach((name, values) ->
              insecure.put(
                  name,
                  name != null && name.equalsIgnoreCase("Set-Cookie")
                      ? values.stream().map(v -> SECURE.matcher(v).replaceAll("")).toList()
                      : values));
          cookies.put(uri, insecure);
        }
      };

  private static final Pattern SECURE = Pattern.compile("(?i);\\s*Secure(?=\\s*;|\\s*$)");
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .cookieHandler(jar)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String baseUrl;
  private final String origin;

  BrowserLogin(String baseUrl) {
    this.baseUrl = baseUrl;
    URI uri = URI.create(baseUrl);
    this.origin = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
  }

  /** Where the clients' logins end (never contacted: the code is read from the redirect). */
  static final String REDIRECT_URI = "http://localhost:9/bench-callback";

  /**
   * Logs {@code username} in to {@code clientId} of {@code realm} and exchanges the code; returns
   * the access token's claims (JSON). {@code authenticator} answers a WebAuthn page, if the flow
   * shows one; a flow that shows one with no authenticator given fails.
   *
   * @throws IllegalStateException if any step answers other than a successful login does
   */
  String login(
      String realm,
      String clientId,
      String username,
      String password,
      SoftwareAuthenticator authenticator)
      throws IOException, InterruptedException {
    cookies.getCookieStore().removeAll();
    String verifier = random(32);
    String state = random(16);
    String realmUrl = baseUrl + "/realms/" + realm;
    String authorize =
        realmUrl
            + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
            + enc(clientId)
            + "&redirect_uri="
            + enc(REDIRECT_URI)
            + "&state="
            + state
            + "&nonce="
            + random(16)
            + "&code_challenge="
            + challenge(verifier)
            + "&code_challenge_method=S256";
    HttpResponse<String> response = get(authorize);
    boolean passwordSent = false;
    for (int step = 0; step < 10; step++) {
      int status = response.statusCode();
      if (status == 302 || status == 303) {
        String location = response.headers().firstValue("Location").orElseThrow();
        if (location.startsWith(REDIRECT_URI)) {
          Map<String, String> query = query(URI.create(location).getRawQuery());
          if (!state.equals(query.get("state")) || !query.containsKey("code")) {
            throw new IllegalStateException(
                username + ": expected a code and the state at the callback, found " + location);
          }
          return exchange(realmUrl, clientId, query.get("code"), verifier, username);
        }
        response = get(location);
        continue;
      }
      if (status != 200) {
        throw failure(username, "HTTP " + status, response);
      }
      String page = response.body();
      Matcher form = LOGIN_FORM.matcher(page);
      if (form.find()) {
        if (passwordSent) {
          throw failure(username, "the login form again after the password", response);
        }
        passwordSent = true;
        response =
            post(
                action(form),
                Map.of("username", username, "password", password, "credentialId", ""));
        continue;
      }
      Matcher register = REGISTER_FORM.matcher(page);
      Matcher webauthn = WEBAUTHN_FORM.matcher(page);
      if (authenticator != null && (register.find() || webauthn.find())) {
        Matcher c = CHALLENGE.matcher(page);
        if (!c.find()) {
          throw failure(username, "a WebAuthn page without a challenge", response);
        }
        ByteArray challenge;
        try {
          challenge = ByteArray.fromBase64Url(c.group(1));
        } catch (com.yubico.webauthn.data.exception.Base64UrlException e) {
          throw failure(username, "a WebAuthn challenge not in base64url", response);
        }
        Matcher rp = RP_ID.matcher(page);
        String rpId = rp.find() ? rp.group(1) : URI.create(baseUrl).getHost();
        if (register.hasMatch()) {
          Map<String, String> credential =
              fields(authenticator.register(challenge, origin, rpId, true));
          Map<String, String> fields = new LinkedHashMap<>();
          fields.put("clientDataJSON", credential.get("clientDataJSON"));
          fields.put("attestationObject", credential.get("attestationObject"));
          fields.put("publicKeyCredentialId", authenticator.credentialId().getBase64Url());
          fields.put("authenticatorLabel", "bench");
          fields.put("transports", "usb");
          fields.put("authenticatorAttachment", "cross-platform");
          fields.put("error", "");
          response = post(action(register), fields);
        } else {
          Map<String, String> assertion =
              fields(
                  authenticator.authenticate(
                      challenge,
                      SoftwareAuthenticator.Claims.honest(origin, rpId, "webauthn.get")));
          Map<String, String> fields = new LinkedHashMap<>();
          fields.put("clientDataJSON", assertion.get("clientDataJSON"));
          fields.put("authenticatorData", assertion.get("authenticatorData"));
          fields.put("signature", assertion.get("signature"));
          fields.put("credentialId", authenticator.credentialId().getBase64Url());
          fields.put("userHandle", "");
          fields.put("error", "");
          response = post(action(webauthn), fields);
        }
        continue;
      }
      throw failure(username, "a page this login cannot answer", response);
    }
    throw new IllegalStateException(username + ": expected the callback within 10 steps");
  }

  private String exchange(
      String realmUrl, String clientId, String code, String verifier, String username)
      throws IOException, InterruptedException {
    HttpResponse<String> token =
        http.send(
            HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "grant_type", "authorization_code",
                                "code", code,
                                "client_id", clientId,
                                "redirect_uri", REDIRECT_URI,
                                "code_verifier", verifier))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher access = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
    if (token.statusCode() != 200 || !access.find()) {
      throw failure(username, "no tokens for the code", token);
    }
    return new String(
        Base64.getUrlDecoder().decode(access.group(1).split("\\.")[1]), StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    URI uri = URI.create(url).isAbsolute() ? URI.create(url) : URI.create(baseUrl + url);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, Map<String, String> fields)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", origin)
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String action(Matcher form) {
    return form.group(1).replace("&amp;", "&");
  }

  /** The string fields of a JSON object (the software authenticator's answer), flattened. */
  private static Map<String, String> fields(String json) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = JSON_FIELD.matcher(json);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    return fields;
  }

  private static IllegalStateException failure(
      String username, String what, HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body();
    Matcher error =
        Pattern.compile(
                "(?s)id=\"input-error[^\"]*\"[^>]*>\\s*(.*?)\\s*<|(?:kc-feedback-text|pf-v5-c-alert__title|instruction)[^>]*>\\s*([^<]+?)\\s*<")
            .matcher(body);
    String message = error.find() ? (error.group(1) != null ? error.group(1) : error.group(2)) : "";
    return new IllegalStateException(
        username
            + ": expected a successful login, found "
            + what
            + " at "
            + response.uri()
            + (message.isBlank() ? "" : " (" + message.strip() + ")")
            + "; page starts: "
            + body.substring(0, Math.min(300, body.length())).replaceAll("\\s+", " "));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String part : raw == null ? new String[0] : raw.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        query.put(
            part.substring(0, eq),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
