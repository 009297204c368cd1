package jp.mamori.authz.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.TestRealm;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import tools.jackson.databind.ObjectMapper;

/**
 * Keycloak trouble, with real tokens of the real Keycloak (AU-6, MF-1): its keys read through a
 * path that can be cut. While Keycloak cannot be reached, a token it issued keeps verifying with
 * the keys kept — for the stated bound, then it is refused (nothing fails open) — and the keys'
 * health says DEGRADED, then DOWN, then UP again when Keycloak is back. A signing key removed from
 * the realm stops verifying its tokens within the stated cache time.
 */
class RealmKeysIT {

  private static final String REALM = "realm-keys-it";
  private static final String CLIENT = "it-realm-keys";
  private static final String PASSWORD = "Hinoki-Sugi-2027x";
  private static final RealmKeys.Bounds BOUNDS =
      new RealmKeys.Bounds(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(1));

  private static Keycloak admin;
  private static String issuer;
  private static HttpServer path;
  private static final AtomicBoolean cut = new AtomicBoolean();

  @BeforeAll
  static void realm() throws Exception {
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, PolicyLoader.loadDefault(), CLIENT);
    UserRepresentation user = new UserRepresentation();
    user.setUsername("keys-user");
    user.setFirstName("鍵");
    user.setLastName("試験");
    user.setEnabled(true);
    String id;
    try (Response response = admin.realm(REALM).users().create(user)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(PASSWORD);
    admin.realm(REALM).users().get(id).resetPassword(credential);
    // the direct client's tokens are for Mamori's API too (as the console's are)
    var client = admin.realm(REALM).clients().findByClientId(CLIENT).getFirst();
    var audience = new org.keycloak.representations.idm.ProtocolMapperRepresentation();
    audience.setName("it-mamori-api-audience");
    audience.setProtocol("openid-connect");
    audience.setProtocolMapper("oidc-audience-mapper");
    audience.setConfig(
        java.util.Map.of(
            "included.client.audience", "mamori-api",
            "access.token.claim", "true",
            "id.token.claim", "false"));
    admin
        .realm(REALM)
        .clients()
        .get(client.getId())
        .getProtocolMappers()
        .createMapper(audience)
        .close();
    // the way to Keycloak's keys, which the test can cut (a switch, a proxy, a network down)
    HttpClient http = HttpClient.newHttpClient();
    path = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    path.createContext(
        "/certs",
        exchange -> {
          try {
            if (cut.get()) {
              exchange.sendResponseHeaders(503, -1);
              return;
            }
            HttpResponse<byte[]> answer =
                http.send(
                    HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/certs"))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
          } finally {
            exchange.close();
          }
        });
    path.start();
  }

  @AfterAll
  static void stop() {
    path.stop(0);
    admin.close();
  }

  @Test
  void keycloakUnreachableWhenTokenIsValidThenVerifiedWithinTheBoundThenRefusedAndBackWhenUp()
      throws Exception {
    RealmKeys keys = keys();
    JwtDecoder decoder = JwtDecoders.console(keys, issuer, CLIENT, Duration.ofSeconds(30));
    String token = token();
    assertThat(decoder.decode(token).getClaimAsString("preferred_username")).isEqualTo("keys-user");
    assertThat(keys.state()).isEqualTo("UP");

    cut.set(true);
    Instant cutAt = Instant.now();
    try {
      Poll.until(
          "the keys DEGRADED (Keycloak cut, the token still verifying with the keys kept)",
          () -> {
            decoder.decode(token); // throws, failing the test, if the kept keys are not used
            return keys.state().equals("DEGRADED");
          });
      Poll.until(
          "the token refused once the outage bound has passed",
          () -> {
            try {
              decoder.decode(token);
              return false;
            } catch (JwtException refused) {
              return true;
            }
          });
      Duration verifiedFor = Duration.between(cutAt, Instant.now());
      assertThat(verifiedFor)
          .as("refused no earlier than the cache time, no later than the bound and one more read")
          .isBetween(
              BOUNDS.cacheFor(), BOUNDS.tolerateOutageFor().plus(BOUNDS.cacheFor()).plusSeconds(5));
      assertThat(keys.state()).isEqualTo("DOWN");
      assertThat(keys.reading().lastError()).hasValueSatisfying(e -> assertThat(e).contains("503"));
    } finally {
      cut.set(false);
    }

    Poll.until(
        "the token verifying again once Keycloak answers",
        () -> {
          try {
            decoder.decode(token);
            return true;
          } catch (JwtException stillRefused) {
            return false;
          }
        });
    assertThat(keys.state()).isEqualTo("UP");
  }

  @Test
  void keyRemovedWhenTokenWasSignedWithItThenRefusedWithinTheCacheTime() throws Exception {
    RealmKeys keys = keys();
    JwtDecoder decoder = JwtDecoders.console(keys, issuer, CLIENT, Duration.ofSeconds(30));
    String token = token();
    decoder.decode(token);
    String realmId = admin.realm(REALM).toRepresentation().getId();
    var providers =
        admin.realm(REALM).components().query(realmId, "org.keycloak.keys.KeyProvider").stream()
            .filter(c -> c.getProviderId().startsWith("rsa"))
            .toList();
    assertThat(providers).isNotEmpty();

    providers.forEach(c -> admin.realm(REALM).components().component(c.getId()).remove());
    Instant removedAt = Instant.now();

    Poll.until(
        "the token signed with the removed key refused",
        () -> {
          try {
            decoder.decode(token);
            return false;
          } catch (JwtException refused) {
            return true;
          }
        });
    assertThat(Duration.between(removedAt, Instant.now()))
        .as("within the cache time and one read")
        .isLessThanOrEqualTo(BOUNDS.cacheFor().plusSeconds(5));
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
  }

  @Test
  void clockWhenTheServiceClockIsOffThenSecondsAreToleratedAndMinutesPastExpiryAreNot()
      throws Exception {
    RealmKeys keys = keys();
    String token = token();
    var claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
    Duration lifespan =
        Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    Duration skew = Duration.ofSeconds(30);
    assertThat(lifespan.plus(skew))
        .as("the realm's token lifespan")
        .isLessThan(Duration.ofMinutes(10));

    for (long seconds : new long[] {-5, 5}) {
      JwtDecoder off = decoderAt(keys, Duration.ofSeconds(seconds), skew);
      assertThat(off.decode(token).getClaimAsString("preferred_username"))
          .as("the service clock %+d s", seconds)
          .isEqualTo("keys-user");
    }
    JwtDecoder tenMinutesAhead = decoderAt(keys, Duration.ofMinutes(10), skew);
    assertThatThrownBy(() -> tenMinutesAhead.decode(token))
        .as("the service clock 10 minutes ahead: the token has expired")
        .isInstanceOf(JwtException.class);
  }

  private static JwtDecoder decoderAt(RealmKeys keys, Duration offset, Duration skew) {
    return JwtDecoders.keycloak(
        keys, issuer, "mamori-api", skew, Clock.offset(Clock.systemUTC(), offset));
  }

  private static RealmKeys keys() {
    return new RealmKeys(
        "http://127.0.0.1:" + path.getAddress().getPort() + "/certs", BOUNDS, Clock.systemUTC());
  }

  private static String token() throws Exception {
    DirectGrant.Answer answer = DirectGrant.login(issuer, CLIENT, "keys-user", PASSWORD);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return new ObjectMapper().readTree(answer.body()).path("access_token").asString();
  }
}
