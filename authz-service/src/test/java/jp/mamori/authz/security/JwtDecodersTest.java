package jp.mamori.authz.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Each rule of {@link JwtDecoders} on its own: tokens signed by a key the decoder trusts (served as
 * a JWKS over HTTP, as Keycloak serves it), differing from a valid token in exactly one respect.
 * Acceptance of a real Keycloak token is shown in {@code ApiTokenIT}.
 */
class JwtDecodersTest {

  private static final String ISSUER = "http://localhost:8180/realms/mamori";
  private static final String AUDIENCE = "mamori-api";
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static RSAKey trustedKey;
  private static HttpServer jwks;
  private static JwtDecoder decoder;
  private static final java.util.concurrent.atomic.AtomicInteger jwksReads =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void serveJwks() throws Exception {
    trustedKey = new RSAKeyGenerator(2048).keyID("trusted").generate();
    byte[] body = new JWKSet(trustedKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext(
        "/certs",
        exchange -> {
          jwksReads.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
    decoder =
        JwtDecoders.keycloak(
            "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs", ISSUER, AUDIENCE, SKEW);
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  @Test
  void decodeWhenTokenIsValidThenAccepted() throws Exception {
    Jwt jwt = decoder.decode(sign(trustedKey, valid()));

    assertThat(jwt.getSubject()).isEqualTo("user-1");
    assertThat(jwt.getAudience()).contains(AUDIENCE);
  }

  @Test
  void decodeWhenExpiredBeyondSkewThenRejected() throws Exception {
    String token =
        sign(
            trustedKey,
            valid(c ->
                c.issueTime(Date.from(Instant.now().minusSeconds(600)))
                    .expirationTime(Date.from(Instant.now().minus(SKEW).minusSeconds(5)))));

    assertThatThrownBy(() -> decoder.decode(token))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void decodeWhenExpiredWithinSkewThenAccepted() throws Exception {
    String token =
        sign(
            trustedKey,
            valid(c ->
                c.issueTime(Date.from(Instant.now().minusSeconds(600)))
                    .expirationTime(Date.from(Instant.now().minusSeconds(5)))));

    assertThat(decoder.decode(token).getSubject()).isEqualTo("user-1");
  }

  @Test
  void decodeWhenNoExpiryThenRejected() throws Exception {
    String token = sign(trustedKey, valid(c -> c.expirationTime(null)));

    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
  }

  @Test
  void decodeWhenIssuerIsAnotherRealmThenRejected() throws Exception {
    String token = sign(trustedKey, valid(c -> c.issuer("http://localhost:8180/realms/other")));

    assertThatThrownBy(() -> decoder.decode(token))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("iss");
  }

  @Test
  void decodeWhenAudienceIsAnotherClientThenRejected() throws Exception {
    String token = sign(trustedKey, valid(c -> c.audience(List.of("account"))));

    assertThatThrownBy(() -> decoder.decode(token))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("aud");
  }

  @Test
  void decodeWhenNoAudienceThenRejected() throws Exception {
    String token = sign(trustedKey, valid(c -> c.audience((String) null)));

    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
  }

  @Test
  void decodeWhenAlgNoneThenRejected() {
    String token = new PlainJWT(valid()).serialize();

    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
  }

  @Test
  void decodeWhenSignedByUnknownKeyThenRejected() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("trusted").generate();

    String token = sign(attacker, valid());

    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
  }

  @Test
  void decodeWhenHs256SignedWithTheRealmsPublicKeyThenRejected() throws Exception {
    // the algorithm-confusion attack: HMAC keyed with the RSA public key anyone can fetch
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(trustedKey.getKeyID()).build(),
            valid());
    jwt.sign(
        new com.nimbusds.jose.crypto.MACSigner(
            java.util.Arrays.copyOf(trustedKey.toRSAPublicKey().getEncoded(), 64)));

    assertThatThrownBy(() -> decoder.decode(jwt.serialize())).isInstanceOf(JwtException.class);
  }

  @Test
  void decodeWhenNotBeforeIsLaterThanTheSkewThenRejected() throws Exception {
    String early =
        sign(trustedKey, valid(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(120)))));
    String withinSkew =
        sign(trustedKey, valid(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(5)))));

    assertThatThrownBy(() -> decoder.decode(early)).isInstanceOf(JwtException.class);
    assertThat(decoder.decode(withinSkew).getSubject()).isEqualTo("user-1");
  }

  @Test
  void decodeWhenTheHeaderPointsToAnotherKeySetThenItIsNeverFetched() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
    java.util.concurrent.atomic.AtomicInteger fetched =
        new java.util.concurrent.atomic.AtomicInteger();
    HttpServer elsewhere =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = new JWKSet(attacker.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    elsewhere.createContext(
        "/jwks",
        exchange -> {
          fetched.incrementAndGet();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    elsewhere.start();
    try {
      java.net.URI there =
          java.net.URI.create("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/jwks");
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID("attacker")
                  .jwkURL(there)
                  .x509CertURL(there)
                  .build(),
              valid());
      jwt.sign(new RSASSASigner(attacker));

      assertThatThrownBy(() -> decoder.decode(jwt.serialize())).isInstanceOf(JwtException.class);
      assertThat(fetched).as("jku and x5u are ignored").hasValue(0);
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void decodeWhenManyTokensNameUnknownKeyIdsThenTheKeySetIsReadAgainAtMostOncePerInterval()
      throws Exception {
    int limitedReads = unknownKeyIdFlood(Duration.ofSeconds(30));
    int unlimitedReads = unknownKeyIdFlood(Duration.ZERO);

    assertThat(limitedReads)
        .as("25 unknown key IDs within 30 seconds: at most one more read")
        .isLessThanOrEqualTo(1);
    assertThat(unlimitedReads).as("the same flood without the limit (control)").isGreaterThan(5);
  }

  /** Reads of the key set caused by 25 tokens with made-up key IDs. */
  private static int unknownKeyIdFlood(Duration refetchAtMost) throws Exception {
    RealmKeys keys =
        new RealmKeys(
            "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs",
            new RealmKeys.Bounds(Duration.ofMinutes(5), Duration.ofMinutes(30), refetchAtMost),
            java.time.Clock.systemUTC());
    JwtDecoder limited = JwtDecoders.keycloak(keys, ISSUER, AUDIENCE, SKEW);
    limited.decode(sign(trustedKey, valid())); // the key set read once
    int before = jwksReads.get();
    for (int i = 0; i < 25; i++) {
      RSAKey made = new RSAKeyGenerator(2048).keyID("made-up-" + i).generate();
      String token = sign(made, valid());
      assertThatThrownBy(() -> limited.decode(token)).isInstanceOf(JwtException.class);
    }
    return jwksReads.get() - before;
  }

  @Test
  void decodeWhenPayloadTamperedThenRejected() throws Exception {
    String[] parts = sign(trustedKey, valid()).split("\\.");
    String forgedPayload =
        com.nimbusds.jose.util.Base64URL.encode(
                valid(c -> c.subject("someone-else")).toString().getBytes(StandardCharsets.UTF_8))
            .toString();

    String token = parts[0] + "." + forgedPayload + "." + parts[2];

    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
  }

  @Test
  void decodeWhenAnIdTokenOrARefreshTokenIsSentAsAnAccessTokenThenRefused() throws Exception {
    for (String typ : List.of("ID", "Refresh")) {
      String token = sign(trustedKey, valid(b -> b.claim("typ", typ)));
      assertThatThrownBy(() -> decoder.decode(token))
          .as(typ)
          .isInstanceOf(JwtValidationException.class)
          .hasMessageContaining("typ");
    }
    assertThat(decoder.decode(sign(trustedKey, valid(b -> b.claim("typ", "Bearer")))).getSubject())
        .isEqualTo("user-1");
  }

  @Test
  void consoleRolesWhenVerifiedThenReadAndWhenForgedOrForAnotherClientThenNone() throws Exception {
    JwtDecoder console =
        JwtDecoders.console(
            "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs",
            ISSUER,
            "mamori-console",
            SKEW);
    UnaryOperator<JWTClaimsSet.Builder> admin =
        b ->
            b.claim("azp", "mamori-console")
                .claim("realm_access", java.util.Map.of("roles", List.of("mamori-admin")));

    assertThat(JwtDecoders.realmRoles(console, sign(trustedKey, valid(admin))))
        .containsExactly("mamori-admin");
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("trusted").generate();
    assertThat(JwtDecoders.realmRoles(console, sign(attacker, valid(admin))))
        .as("a token the realm did not sign gives no roles")
        .isEmpty();
    assertThat(
            JwtDecoders.realmRoles(
                console, sign(trustedKey, valid(b -> admin.apply(b).claim("azp", "other-app")))))
        .as("a token issued to another client gives no roles in the console")
        .isEmpty();
    assertThat(JwtDecoders.realmRoles(console, new PlainJWT(valid(admin)).serialize())).isEmpty();
  }

  private static JWTClaimsSet valid() {
    return valid(UnaryOperator.identity());
  }

  private static JWTClaimsSet valid(UnaryOperator<JWTClaimsSet.Builder> change) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("user-1")
            .audience(List.of(AUDIENCE, "account"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .claim("preferred_username", "10001");
    return change.apply(builder).build();
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
