package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import jp.mamori.hrsync.keycloak.TestCertificates.Issued;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * IC cards (職員証) as X.509 client certificates against the real Keycloak over mutual TLS (MF-3): a
 * Keycloak of its own with an HTTPS listener that asks for client certificates and trusts only the
 * test's card CA. A registered card logs in; a card reported lost stops working at once while the
 * person's password still does; a found card works again; once a replacement is registered the lost
 * card is retired and stays refused; a card of another CA or not registered never logs in.
 */
class KeycloakIcCardIT {

  private static final String REALM = "iccard-it";
  private static final String PASSWORD_CLIENT = "iccard-it-password";
  private static final String PASSWORD = "Ic-Card-Passphrase-2027x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path files;

  private static EmbeddedKeycloak keycloak;
  private static Keycloak admin;
  private static KeycloakAuthenticators authenticators;
  private static Issued ca;
  private static Issued server;

  @BeforeAll
  static void keycloakWithMutualTls() throws IOException {
    ca = TestCertificates.ca("Example City IC Card CA");
    server = TestCertificates.server();
    Path trust = files.resolve("iccard-cas.p12");
    TestCertificates.writeTrustStore(trust, "trust-store-pass", ca.certificate());
    TestCertificates.writePem(files.resolve("server.pem"), server.certificate());
    TestCertificates.writePem(files.resolve("server.key"), server.keys().getPrivate());
    keycloak =
        EmbeddedKeycloak.start(
            EmbeddedKeycloak.homeFromEnvironment(),
            new EmbeddedKeycloak.Tls(
                files.resolve("server.pem"),
                files.resolve("server.key"),
                trust,
                "trust-store-pass"));
    admin = keycloak.adminClient();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:1", "mamori-api"));
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(PASSWORD_CLIENT);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    direct.setStandardFlowEnabled(false);
    admin.realm(REALM).clients().create(direct).close();
    authenticators = new KeycloakAuthenticators(admin, REALM);
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  void cardLifecycleWhenLostFoundAndReplacedThenOnlyTheCardsInUseLogIn() {
    String userId = user("ic-0001");
    Issued first = TestCertificates.card(ca, "ic-0001 card 1");
    Authenticator registered =
        authenticators.icCards().register(userId, first.certificate(), Instant.now());
    assertThat(registered.type()).isEqualTo(KeycloakIcCards.TYPE);
    assertThat(registered.id()).isEqualTo(KeycloakIcCards.thumbprint(first.certificate()));
    assertThat(registered.suspended()).isFalse();
    assertThat(cardLogin(first)).isEqualTo("ic-0001");

    authenticators.suspend(userId, registered.id()); // reported lost
    assertThat(authenticators.list(userId))
        .filteredOn(a -> a.id().equals(registered.id()))
        .singleElement()
        .satisfies(a -> assertThat(a.suspended()).isTrue());
    assertThat(cardLogin(first)).isNull();
    // Keycloak records a login on a thread of its own after answering, and refuses the same
    // user's next login (without counting it) until it has: a login that follows a successful
    // one is asked again until it succeeds
    assertThat(Poll.untilEquals("ic-0001's password login", 200, () -> passwordLogin("ic-0001")))
        .isEqualTo(200); // the account is not suspended

    authenticators.reinstate(userId, registered.id()); // found
    assertThat(Poll.untilEquals("ic-0001's found card login", "ic-0001", () -> cardLogin(first)))
        .isEqualTo("ic-0001");

    authenticators.suspend(userId, registered.id()); // lost again, then replaced
    Issued second = TestCertificates.card(ca, "ic-0001 card 2");
    Authenticator replacement =
        authenticators
            .icCards()
            .register(userId, second.certificate(), Instant.now().plusMillis(1));
    assertThat(replacement.createdAt().orElseThrow()).isAfter(registered.createdAt().orElseThrow());
    authenticators.retire(userId, registered.id());
    authenticators.reinstate(userId, registered.id()); // a retired card cannot come back
    assertThat(authenticators.list(userId))
        .extracting(Authenticator::id)
        .containsExactly(replacement.id());
    assertThat(cardLogin(first)).isNull();
    assertThat(Poll.untilEquals("ic-0001's new card login", "ic-0001", () -> cardLogin(second)))
        .isEqualTo("ic-0001");
  }

  @Test
  void cardWhenUnregisteredOrOfAnotherCaThenNoToken() {
    user("ic-0002");
    Issued unregistered = TestCertificates.card(ca, "ic-0002 card");
    assertThat(cardLogin(unregistered)).isNull();

    Issued otherCa = TestCertificates.ca("Somewhere Else CA");
    Issued foreign = TestCertificates.card(otherCa, "ic-0002 foreign card");
    String userId = user("ic-0003");
    authenticators.icCards().register(userId, foreign.certificate(), Instant.now());
    assertThat(cardLogin(foreign)).isNull(); // registered, but Keycloak does not trust its CA
  }

  @Test
  void registerWhenCardIsSomeoneElsesOrExpiredOrACaThenRefusedWithWhatWasExpected() {
    String holder = user("ic-0004");
    String other = user("ic-0005");
    Issued card = TestCertificates.card(ca, "ic-0004 card");
    authenticators.icCards().register(holder, card.certificate(), Instant.now());
    assertThatThrownBy(
            () -> authenticators.icCards().register(other, card.certificate(), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered to ic-0004");

    Issued expired =
        TestCertificates.card(
            ca,
            "ic-0005 old card",
            Instant.now().minus(Duration.ofDays(400)),
            Instant.now().minus(Duration.ofDays(35)));
    assertThatThrownBy(
            () -> authenticators.icCards().register(other, expired.certificate(), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a certificate valid now");
    assertThatThrownBy(
            () -> authenticators.icCards().register(other, ca.certificate(), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found a CA certificate");
    assertThat(authenticators.list(other)).isEmpty();
  }

  /** The token's user for a card login over mutual TLS, or null when no token was issued. */
  private static String cardLogin(Issued card) {
    String[] outcome = cardAttempt(card);
    System.out.println(
        "IC-card login of " + card.certificate().getSubjectX500Principal() + ": " + outcome[1]);
    return outcome[0];
  }

  /** {user or null, what happened}. */
  private static String[] cardAttempt(Issued card) {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(TestCertificates.tls(card, server.certificate()))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    keycloak.httpsBaseUrl()
                        + "/realms/"
                        + REALM
                        + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=password&scope=openid&client_id=" + KeycloakIcCards.CLIENT))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new String[] {null, response.statusCode() + " " + response.body()};
      }
      String token = JSON.readTree(response.body()).path("access_token").asText();
      JsonNode claims =
          JSON.readTree(
              new String(
                  Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
      return new String[] {claims.path("preferred_username").asText(), "200"};
    } catch (javax.net.ssl.SSLException e) {
      return new String[] {null, "TLS refused: " + e}; // the TLS layer refused the certificate
    } catch (IOException e) {
      if (e.getCause() instanceof javax.net.ssl.SSLException) {
        return new String[] {null, "TLS refused: " + e.getCause()};
      }
      throw new IllegalStateException("Keycloak's HTTPS listener unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int passwordLogin(String username) {
    return new TokenEndpoint(keycloak.baseUrl(), REALM)
        .passwordGrant(PASSWORD_CLIENT, username, PASSWORD)
        .status();
  }

  private static String user(String username) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("Card");
    user.setLastName("Holder");
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
    return id;
  }
}
