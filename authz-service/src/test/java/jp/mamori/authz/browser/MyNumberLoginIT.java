package jp.mamori.authz.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.credential.AuthenticatorEventStore;
import jp.mamori.authz.credential.Authenticators;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.KeycloakTierFlows;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.testing.KeycloakLogins;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * The My Number tier's login, end to end in headless Chromium with a virtual authenticator against
 * the real Keycloak configured by Mamori from the shipped policy (MF-1, MF-2, ZN-1): a My
 * Number-tier system asks for the password and a user-verified WebAuthn authenticator (registered
 * at first use) and its token says so ({@code acr=mfa}); an authenticator that cannot verify the
 * user is refused; a session opened with a password for an LGWAN-tier system does not open the My
 * Number-tier system; a member of staff outside the tier's sections is refused even with the right
 * password. Failures of the WebAuthn step count towards the lockout like wrong passwords (PW-5),
 * and a lock that falls between the password and the WebAuthn step holds: the login ends with no
 * session and its code gets no token.
 */
class MyNumberLoginIT {

  private static final String REALM = "mynumber-e2e";
  private static final String MYNUMBER_SYSTEM = "juki"; // in tiers.MYNUMBER.systems
  private static final String LGWAN_SYSTEM = "groupware"; // in tiers.LGWAN.systems
  private static final String PASSWORD = "Sakura-Michi-2027x";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EmbeddedKeycloak keycloak;
  private static Keycloak admin;
  private static TierLogins logins;
  private static String callbackUrl;
  private static Path screenshots;

  @BeforeAll
  static void realm() throws Exception {
    keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    Policy policy = PolicyLoader.loadDefault();
    logins = TierLogins.start(keycloak.baseUrl(), REALM);
    callbackUrl = logins.callbackUrl();
    ConsoleClient console =
        new ConsoleClient(
            "mamori-console", "e2e-secret-0123456789", "http://localhost:1", "mamori-api");
    KeycloakRealmConfigurator configurator = new KeycloakRealmConfigurator(admin, REALM);
    configurator.configure(policy, console); // the systems are not registered yet
    for (String clientId : List.of(MYNUMBER_SYSTEM, LGWAN_SYSTEM)) {
      ClientRepresentation client = new ClientRepresentation();
      client.setClientId(clientId);
      client.setPublicClient(true);
      client.setStandardFlowEnabled(true);
      client.setRedirectUris(List.of(callbackUrl));
      admin.realm(REALM).clients().create(client).close();
    }
    configurator.configure(policy, console); // binds the My Number system to the tier's flow
    assertThat(configurator.drift(policy)).isEmpty();
    for (String[] person :
        List.of(
            new String[] {"mn-k01", "K01"},
            new String[] {"mn-f01", "F01"},
            new String[] {"mn-z01", "Z01"},
            new String[] {"mn-h01", "H01"},
            new String[] {"mn-q99", "Q99"},
            new String[] {"mn-leave", "K01"},
            new String[] {"mn-uv-fails", "K01"},
            new String[] {"mn-midway", "K01"})) {
      user(admin.realm(REALM), person[0], person[1]);
    }
    screenshots = Files.createDirectories(Path.of("target/screenshots"));
  }

  @AfterAll
  static void close() {
    if (logins != null) {
      logins.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void loginWhenMyNumberSystemThenPasswordAndUserVerifiedWebAuthnAreBothRequired()
      throws Exception {
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-k01");

      browser.waitFor("#registerWebAuthn", WAIT);
      browser.screenshot(screenshots.resolve("mynumber-1-register-authenticator.png"));
      assertThat(browser.currentUrl()).doesNotStartWith(callbackUrl);
      browser.click("#registerWebAuthn");

      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
      JsonNode token = exchange(MYNUMBER_SYSTEM, code(browser.currentUrl()));
      assertThat(token.path("acr").asText()).isEqualTo(KeycloakTierFlows.ACR_MFA);
      assertThat(webAuthnCredentials("mn-k01")).hasSize(1);

      // the next login to the same system asks for the authenticator again once the session ends
      logout(browser);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-k01");
      browser.waitFor("#authenticateWebAuthnButton", WAIT);
      browser.screenshot(screenshots.resolve("mynumber-2-authenticate.png"));
      browser.click("#authenticateWebAuthnButton");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
      assertThat(exchange(MYNUMBER_SYSTEM, code(browser.currentUrl())).path("acr").asText())
          .isEqualTo(KeycloakTierFlows.ACR_MFA);
    }
  }

  @Test
  void registerWhenAuthenticatorCannotVerifyTheUserThenRefusedAndNoCodeIssued() throws Exception {
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(false); // user presence only, no biometric or PIN
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-f01");
      browser.waitFor("#registerWebAuthn", WAIT);
      browser.click("#registerWebAuthn");

      // the ceremony can only fail: nothing announces that no code is issued, so watch for one
      // (and for a stored credential) while the authenticator is asked and refuses
      Poll.holdsFor(
          "mn-f01 kept from the callback, with no WebAuthn credential stored",
          Duration.ofSeconds(5),
          () ->
              !browser.currentUrl().startsWith(callbackUrl)
                  && webAuthnCredentials("mn-f01").isEmpty());
      browser.screenshot(screenshots.resolve("mynumber-3-no-user-verification.png"));
      assertThat(browser.currentUrl()).doesNotStartWith(callbackUrl);
      assertThat(webAuthnCredentials("mn-f01")).isEmpty();
    }
  }

  @Test
  void openWhenOnlyAnLgwanPasswordSessionExistsThenTheMyNumberSystemAsksForWebAuthn()
      throws Exception {
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(authorize(LGWAN_SYSTEM));
      password(browser, "mn-z01");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
      JsonNode lgwan = exchange(LGWAN_SYSTEM, code(browser.currentUrl()));
      assertThat(lgwan.path("acr").asText()).isNotEqualTo(KeycloakTierFlows.ACR_MFA);

      browser.open(authorize(MYNUMBER_SYSTEM));
      // the password-only session is not of the tier's level: Keycloak asks again, then for
      // WebAuthn
      browser.waitFor("#password", WAIT);
      browser.screenshot(screenshots.resolve("mynumber-4-step-up-from-lgwan.png"));
      assertThat(browser.currentUrl())
          .as("the LGWAN session alone does not open the My Number system")
          .doesNotStartWith(callbackUrl);
      Object editable =
          browser.executeScript(
              "var u = document.getElementById('username');"
                  + " return !!u && !u.readOnly && !u.disabled && u.type !== 'hidden';");
      if (Boolean.TRUE.equals(editable)) {
        browser.type("#username", "mn-z01");
      }
      browser.type("#password", PASSWORD);
      browser.click("#kc-login");
      browser.waitFor("#registerWebAuthn", WAIT);
      browser.click("#registerWebAuthn");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
      assertThat(exchange(MYNUMBER_SYSTEM, code(browser.currentUrl())).path("acr").asText())
          .isEqualTo(KeycloakTierFlows.ACR_MFA);
    }
  }

  @Test
  void loginWhenStaffOutsideTheTiersSectionsThenRefusedEvenWithTheRightPassword() throws Exception {
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-q99");

      browser.waitForText("許可された所属の職員だけ", WAIT);
      String text = browser.visibleText();
      browser.screenshot(screenshots.resolve("mynumber-5-outside-tier.png"));
      assertThat(text).contains("許可された所属の職員だけが利用できます");
      assertThat(browser.currentUrl()).doesNotStartWith(callbackUrl);
      assertThat(browser.isPresent("#registerWebAuthn"))
          .as("refused before any authenticator is registered")
          .isFalse();
      assertThat(webAuthnCredentials("mn-q99")).isEmpty();
    }
  }

  @Test
  void loginWhenLeaveSuspendsTheMyNumberTierThenRefusedAndBackOnReturn() throws Exception {
    // as the lifecycle run applies a leave that suspends this tier only (lifecycle.absences)
    KeycloakTarget target = new KeycloakTarget(admin, REALM);
    String id = admin.realm(REALM).users().searchByUsername("mn-leave", true).getFirst().getId();
    target.apply(
        new PlannedAction.RestrictTiers(
            Target.IDENTITY_PROVIDER,
            "mn-leave",
            id,
            java.util.Set.of(Tier.MYNUMBER),
            java.util.Optional.empty(),
            Situation.LINKED,
            Reason.of("育児休業", "childcare leave", "LC-2")),
        java.time.LocalDate.now());

    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-leave");

      browser.waitForText("休業・休職中のため", WAIT);
      browser.screenshot(screenshots.resolve("mynumber-6-on-leave.png"));
      assertThat(browser.currentUrl()).doesNotStartWith(callbackUrl);
    }

    // back from leave: the same login goes on to the second factor
    target.apply(
        new PlannedAction.RestrictTiers(
            Target.IDENTITY_PROVIDER,
            "mn-leave",
            id,
            java.util.Set.of(),
            java.util.Optional.empty(),
            Situation.LINKED,
            Reason.of("復職", "back from leave", "LC-2")),
        java.time.LocalDate.now());
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-leave");

      browser.waitFor("#registerWebAuthn", WAIT);
      assertThat(browser.visibleText()).doesNotContain("休業・休職中のため");
    }
  }

  @Test
  void lostWhenAKeyIsReportedLostThenOnlyItStopsAndFoundPutsItBackAndAReplacementRetiresIt()
      throws Exception {
    try (TestDatabase db = TestDatabase.start();
        Browser browser = Browser.start()) {
      Authenticators authenticators =
          new Authenticators(
              new KeycloakAuthenticators(admin, REALM),
              new AuthenticatorEventStore(db.jdbc()),
              db.audit(java.time.Clock.systemUTC()),
              java.time.Clock.systemUTC());
      browser.addVirtualAuthenticator(true);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-h01");
      browser.waitFor("#registerWebAuthn", WAIT);
      browser.click("#registerWebAuthn");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
      String key = authenticators.list("mn-h01").getFirst().id();

      authenticators.reportLost("mn-h01", key, "admin-tanaka", "職員から紛失の届出 / reported lost");
      assertThat(authenticators.list("mn-h01"))
          .singleElement()
          .satisfies(a -> assertThat(a.suspended()).isTrue());
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-h01"); // the session ended with the report
      browser.waitFor("#registerWebAuthn", WAIT);
      browser.screenshot(screenshots.resolve("mynumber-6-lost-key-suspended.png"));
      assertThat(browser.isPresent("#authenticateWebAuthnButton"))
          .as("the suspended key is not offered")
          .isFalse();

      authenticators.reportFound("mn-h01", key, "admin-tanaka", "机の中で見つかった / found");
      browser.open(authorize(MYNUMBER_SYSTEM));
      if (browser.isPresent("#username")) {
        password(browser, "mn-h01");
      }
      browser.waitFor("#authenticateWebAuthnButton", WAIT);
      browser.click("#authenticateWebAuthnButton");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);

      authenticators.reportLost("mn-h01", key, "admin-tanaka", "再び紛失 / lost again");
      // the replacement is registered after the report, to the millisecond: let the clock move on
      Poll.untilClockPasses(Instant.now().plusMillis(1_100));
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-h01");
      browser.waitFor("#registerWebAuthn", WAIT);
      browser.click("#registerWebAuthn");
      browser.waitForUrl(url -> url.startsWith(callbackUrl), WAIT);
      assertThat(authenticators.retireReplaced()).isEqualTo(1);

      assertThat(authenticators.list("mn-h01"))
          .singleElement()
          .satisfies(a -> {
            assertThat(a.id()).isNotEqualTo(key);
            assertThat(a.suspended()).isFalse();
          });
      assertThat(
              db.jdbc()
                  .sql("select action from authenticator_event where credential_id = ? order by id")
                  .param(key)
                  .query(String.class)
                  .list())
          .containsExactly("LOST", "FOUND", "LOST", "RETIRED");
    }
  }

  /**
   * An assertion that fails the server's verification (its signature altered in the page, as a
   * forged or replayed one would) counts like a wrong password. A ceremony the authenticator itself
   * refuses (cancelled, fingerprint not recognised) never reaches Keycloak as an assertion: the
   * authenticator's own retry limit applies to it, and Keycloak shows an error without counting.
   */
  @Test
  void webAuthnStepWhenTheAssertionFailsVerificationThenEachFailureCountsUntilTheAccountIsLocked()
      throws Exception {
    RealmResource realm = admin.realm(REALM);
    String id = realm.users().searchByUsername("mn-uv-fails", true).getFirst().getId();
    try (Browser browser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      register(browser, "mn-uv-fails");
      logout(browser);

      int maxFailures = PolicyLoader.loadDefault().lockout().maxFailures();
      for (int attempt = 0; attempt < maxFailures; attempt++) {
        KeycloakLogins.countedFailure(
            "mn-uv-fails at the WebAuthn step",
            realm,
            id,
            () -> {
              browser.open(authorize(MYNUMBER_SYSTEM));
              password(browser, "mn-uv-fails");
              browser.waitFor("#authenticateWebAuthnButton", WAIT);
              browser.executeScript(ALTER_SIGNATURE);
              browser.click("#authenticateWebAuthnButton");
              return null;
            });
      }
      KeycloakLogins.awaitLocked("mn-uv-fails after failed WebAuthn steps", realm, id);
      assertThat(KeycloakLogins.failures(realm, id)).isEqualTo(maxFailures);

      // locked: the right password and the real authenticator open nothing
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-uv-fails");
      Poll.holdsFor(
          "mn-uv-fails, locked, kept from the WebAuthn step and the callback",
          Duration.ofSeconds(3),
          () ->
              !browser.currentUrl().startsWith(callbackUrl)
                  && !browser.isPresent("#authenticateWebAuthnButton"));
    }
  }

  /** Makes the page's next WebAuthn assertion carry a signature with its last byte altered. */
  private static final String ALTER_SIGNATURE =
      """
      const get = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = async (options) => {
        const c = await get(options);
        const signature = new Uint8Array(c.response.signature.slice(0));
        signature[signature.length - 1] ^= 0x5a;
        return {
          id: c.id, rawId: c.rawId, type: c.type,
          authenticatorAttachment: c.authenticatorAttachment,
          response: {
            authenticatorData: c.response.authenticatorData,
            clientDataJSON: c.response.clientDataJSON,
            signature: signature.buffer,
            userHandle: c.response.userHandle
          },
          getClientExtensionResults: () => c.getClientExtensionResults()
        };
      };
      """;

  @Test
  void webAuthnStepWhenTheAccountIsLockedAfterThePasswordStepThenNoSessionAndNoToken()
      throws Exception {
    RealmResource realm = admin.realm(REALM);
    String id = realm.users().searchByUsername("mn-midway", true).getFirst().getId();
    try (Browser browser = Browser.start();
        Browser guesser = Browser.start()) {
      browser.addVirtualAuthenticator(true);
      register(browser, "mn-midway");
      logout(browser);
      browser.open(authorize(MYNUMBER_SYSTEM));
      password(browser, "mn-midway");
      browser.waitFor("#authenticateWebAuthnButton", WAIT);

      // meanwhile someone guesses the password at an LGWAN-tier system until the account locks
      int maxFailures = PolicyLoader.loadDefault().lockout().maxFailures();
      for (int attempt = 0; attempt < maxFailures; attempt++) {
        String guess = "Wrong-Guess-" + attempt;
        KeycloakLogins.countedFailure(
            "mn-midway guessed in a second browser",
            realm,
            id,
            () -> {
              guesser.open(authorize(LGWAN_SYSTEM));
              guesser.waitFor("#username", WAIT);
              guesser.type("#username", "mn-midway");
              guesser.type("#password", guess);
              guesser.click("#kc-login");
              return null;
            });
      }
      KeycloakLogins.awaitLocked("mn-midway mid-login", realm, id);

      browser.click("#authenticateWebAuthnButton");
      browser.waitUntil(
          "the WebAuthn step answered (callback or Keycloak's page)",
          () ->
              browser.currentUrl().startsWith(callbackUrl)
                  || Boolean.TRUE.equals(
                      browser.executeScript(
                          "return document.readyState === 'complete'"
                              + " && !!document.querySelector('#username')")),
          WAIT);
      assertThat(browser.currentUrl())
          .as("a login locked after its password step gets no code")
          .doesNotStartWith(callbackUrl);
      assertThat(browser.isPresent("#username"))
          .as("it is sent back to the login form, as after a wrong password")
          .isTrue();
    }
    assertThat(realm.users().get(id).getUserSessions())
        .as("no session for a login that went on after the lock")
        .isEmpty();
    assertThat(KeycloakLogins.locked(realm, id))
        .as("the lock holds: the person's WebAuthn step did not lift it")
        .isTrue();
  }

  private static void register(Browser browser, String username) {
    logins.register(browser, MYNUMBER_SYSTEM, username, PASSWORD);
  }

  private static void logout(Browser browser) {
    logins.logout(browser, MYNUMBER_SYSTEM);
  }

  private static void password(Browser browser, String username) {
    TierLogins.password(browser, username, PASSWORD);
  }

  private static String authorize(String clientId) {
    return logins.authorize(clientId);
  }

  private static String code(String url) {
    return TierLogins.code(url);
  }

  private static JsonNode exchange(String clientId, String code) throws Exception {
    return logins.exchange(clientId, code);
  }

  private static List<CredentialRepresentation> webAuthnCredentials(String username) {
    RealmResource realm = admin.realm(REALM);
    String id = realm.users().searchByUsername(username, true).getFirst().getId();
    return realm.users().get(id).credentials().stream()
        .filter(c -> "webauthn".equals(c.getType()))
        .toList();
  }

  private static void user(RealmResource realm, String username, String section) {
    TierLogins.person(realm, username, section, PASSWORD);
  }
}
