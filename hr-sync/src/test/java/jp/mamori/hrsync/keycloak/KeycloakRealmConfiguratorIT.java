package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.sync.IdpAccount;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.KeycloakLogins;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Against the real Keycloak: the realm Mamori configures from the shipped policy enforces the
 * policy's lockout (LG-1), password rules (PW-1, PW-2) and forced change of temporary passwords on
 * the direct-grant path (PW-4).
 */
class KeycloakRealmConfiguratorIT {

  private static final String REALM = "realm-it";
  private static final String DIRECT_CLIENT = "it-direct-grant";
  private static final String GOOD_PASSWORD = "Correct-Horse-42x";

  private static Keycloak admin;
  private static Policy policy;
  private static TokenEndpoint tokens;

  @BeforeAll
  static void configureRealm() {
    EmbeddedKeycloak keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    policy = PolicyLoader.loadDefault();
    new KeycloakRealmConfigurator(admin, REALM).configure(policy, console());
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(DIRECT_CLIENT);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    direct.setStandardFlowEnabled(false);
    admin.realm(REALM).clients().create(direct).close();
    tokens = new TokenEndpoint(keycloak.baseUrl(), REALM);
  }

  @AfterAll
  static void closeClient() {
    admin.close();
  }

  @Test
  void driftWhenLockoutAndPasswordRulesAreLoosenedByHandThenReportedAndRestoredByConfigure() {
    KeycloakRealmConfigurator configurator = new KeycloakRealmConfigurator(admin, "drift-it");
    configurator.configure(policy, console());
    assertThat(configurator.drift(policy)).isEmpty();

    RealmResource realm = admin.realm("drift-it");
    RealmRepresentation loosened = realm.toRepresentation();
    loosened.setFailureFactor(30);
    loosened.setPasswordPolicy("length(4)");
    loosened.setAdminEventsEnabled(false);
    loosened.setWebAuthnPolicyUserVerificationRequirement("discouraged");
    realm.update(loosened);
    RequiredActionProviderRepresentation update =
        realm.flows().getRequiredAction("UPDATE_PASSWORD");
    update.setEnabled(false);
    realm.flows().updateRequiredAction("UPDATE_PASSWORD", update);

    List<RealmDrift> drift = configurator.drift(policy);

    assertThat(drift)
        .extracting(RealmDrift::setting)
        .containsExactlyInAnyOrder(
            "failureFactor",
            "passwordPolicy",
            "adminEventsEnabled",
            "webAuthnPolicyUserVerificationRequirement",
            "requiredActions.UPDATE_PASSWORD.enabled");
    assertThat(drift)
        .filteredOn(d -> d.setting().equals("failureFactor"))
        .singleElement()
        .satisfies(d -> {
          assertThat(d.expected()).isEqualTo(Integer.toString(policy.lockout().maxFailures()));
          assertThat(d.found()).isEqualTo("30");
          assertThat(d.requirementIds()).containsExactly("LG-1");
          assertThat(d.describe())
              .isEqualTo(
                  "failureFactor: expected "
                      + policy.lockout().maxFailures()
                      + ", found 30 (LG-1)");
        });
    configurator.configure(policy, console());
    assertThat(configurator.drift(policy)).isEmpty();
    assertThat(realm.toRepresentation().getFailureFactor())
        .isEqualTo(policy.lockout().maxFailures());
  }

  @Test
  void configureWhenPolicyNamesAuthenticatorModelsThenRealmAcceptsOnlyThoseAndDriftIsRestored()
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("aaguid-policy", ".yaml");
    java.nio.file.Files.writeString(
        file,
        "tiers:\n  MYNUMBER:\n    allowedAuthenticators: [CB69481E-8FF7-4039-93EC-0A2729A154A8]\n");
    Policy models = PolicyLoader.load(file);
    KeycloakRealmConfigurator configurator = new KeycloakRealmConfigurator(admin, "aaguid-it");

    configurator.configure(models, console());

    RealmResource realm = admin.realm("aaguid-it");
    RealmRepresentation configured = realm.toRepresentation();
    assertThat(configured.getWebAuthnPolicyAcceptableAaguids())
        .containsExactly("cb69481e-8ff7-4039-93ec-0a2729a154a8");
    assertThat(configured.getWebAuthnPolicyAttestationConveyancePreference()).isEqualTo("direct");
    assertThat(configurator.drift(models)).isEmpty();
    configured.setWebAuthnPolicyAcceptableAaguids(new java.util.ArrayList<>());
    realm.update(configured);
    assertThat(configurator.drift(models))
        .extracting(RealmDrift::setting)
        .containsExactly("webAuthnPolicyAcceptableAaguids");
    assertThat(configurator.drift(policy))
        .as("the shipped default allows any model: an empty list is no drift there")
        .isEmpty();
    configurator.configure(models, console());
    assertThat(realm.toRepresentation().getWebAuthnPolicyAcceptableAaguids())
        .containsExactly("cb69481e-8ff7-4039-93ec-0a2729a154a8");
  }

  @Test
  void loginWhenHundredWrongPasswordsArriveAtOnceThenNoMoreThanTheThresholdAreCheckedAndLockHolds()
      throws Exception {
    String id = createUserWithPassword("race-user", GOOD_PASSWORD);
    int threshold = policy.lockout().maxFailures();
    java.util.concurrent.ExecutorService attackers =
        java.util.concurrent.Executors.newFixedThreadPool(20);
    List<java.util.concurrent.Future<TokenEndpoint.Answer>> answers = new java.util.ArrayList<>();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < 100; i++) {
      String guess = "Wrong-Guess-" + i + "x";
      answers.add(
          attackers.submit(() -> {
            start.await();
            return tokens.passwordGrant(DIRECT_CLIENT, "race-user", guess);
          }));
    }
    start.countDown();
    for (java.util.concurrent.Future<TokenEndpoint.Answer> answer : answers) {
      assertThat(answer.get().status()).isEqualTo(400); // no guess is ever accepted
    }
    attackers.shutdown();

    RealmResource realm = admin.realm(REALM);
    int counted =
        Poll.until(
            "race-user's failed logins counted by Keycloak's brute-force detector",
            () -> failures(realm, id),
            n -> n > 0);
    assertThat(counted)
        .as("password checks counted for 100 simultaneous guesses")
        .isBetween(1, threshold);
    for (int i = counted; i < threshold; i++) { // the rest of the allowance, one at a time
      wrongPassword(realm, tokens, DIRECT_CLIENT, "race-user", id, "Sequential-Wrong-" + i + "x");
    }
    Poll.until("race-user locked by Keycloak's brute-force detector", () -> locked(realm, id));
    TokenEndpoint.Answer right = tokens.passwordGrant(DIRECT_CLIENT, "race-user", GOOD_PASSWORD);
    assertThat(right.status()).isEqualTo(400);
    assertThat(right.body().has("access_token")).isFalse();
    assertThat(admin.realm(REALM).attackDetection().bruteForceUserStatus(id))
        .containsEntry("disabled", true);
  }

  @Test
  void configureWhenPrivilegedRealmThenStricterLockoutUntilUnlockedAndPasswordsExpireAtRotation()
      throws Exception {
    String name = KeycloakRealmConfigurator.privilegedRealm("pr4-it");
    KeycloakRealmConfigurator privileged =
        new KeycloakRealmConfigurator(admin, name, KeycloakRealmConfigurator.Kind.PRIVILEGED);
    privileged.configure(policy, console());

    RealmRepresentation realm = admin.realm(name).toRepresentation();
    assertThat(realm.getFailureFactor()).isEqualTo(policy.privileged().maxFailures());
    assertThat(policy.privileged().maxFailures()).isLessThan(policy.lockout().maxFailures());
    assertThat(realm.isPermanentLockout()).isTrue();
    assertThat(realm.getPasswordPolicy())
        .contains(
            "forceExpiredPasswordChange(" + policy.privileged().rotationInterval().toDays() + ")")
        .contains("length(" + policy.password().minLength() + ")");
    assertThat(privileged.drift(policy)).isEmpty();
    assertThat(admin.realm(name).clients().findByClientId("mamori-console")).isEmpty();

    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId("pr4-direct");
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    admin.realm(name).clients().create(direct).close();
    RealmResource pr = admin.realm(name);
    UserRepresentation user = new UserRepresentation();
    user.setUsername("srv-admin-01");
    user.setEnabled(true);
    user.setFirstName("Server");
    user.setLastName("Admin");
    String id;
    try (Response response = pr.users().create(user)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(GOOD_PASSWORD);
    pr.users().get(id).resetPassword(credential);
    TokenEndpoint privilegedTokens = new TokenEndpoint(EmbeddedKeycloak.shared().baseUrl(), name);
    for (int i = 0; i < policy.privileged().maxFailures(); i++) {
      wrongPassword(
          pr, privilegedTokens, "pr4-direct", "srv-admin-01", id, "Wrong-Guess-" + i + "x");
    }
    Poll.until(
        "srv-admin-01 locked by Keycloak's brute-force detector and disabled (permanent lockout)",
        () ->
            locked(pr, id)
                && Boolean.FALSE.equals(pr.users().get(id).toRepresentation().isEnabled()));

    assertThat(privilegedTokens.passwordGrant("pr4-direct", "srv-admin-01", GOOD_PASSWORD).status())
        .as("locked after %d failures, and it stays locked", policy.privileged().maxFailures())
        .isEqualTo(400);
    assertThat(pr.users().get(id).toRepresentation().isEnabled())
        .as("a permanent lockout: an administrator must unlock")
        .isFalse();
    java.util.Map<String, Object> locked = pr.attackDetection().bruteForceUserStatus(id);
    assertThat(locked).containsEntry("disabled", true);
    KeycloakAccountStates states = new KeycloakAccountStates(admin, name);
    assertThat(states.current("srv-admin-01").orElseThrow().status().code()).isEqualTo("LOCKED");

    states.unlock(id);

    assertThat(pr.users().get(id).toRepresentation().isEnabled()).isTrue();
    assertThat(states.current("srv-admin-01").orElseThrow().status().code()).isEqualTo("ACTIVE");
    assertThat(privilegedTokens.passwordGrant("pr4-direct", "srv-admin-01", GOOD_PASSWORD).status())
        .isEqualTo(200);
  }

  private static ConsoleClient console() {
    return new ConsoleClient(
        "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api");
  }

  @Test
  void configureWhenAppliedThenRealmCarriesThePolicy() {
    RealmRepresentation realm = admin.realm(REALM).toRepresentation();

    assertThat(realm.getPasswordPolicy())
        .contains("length(" + policy.password().minLength() + ")")
        .contains("passwordHistory(" + policy.password().historyCount() + ")")
        .contains("notUsername");
    assertThat(realm.isBruteForceProtected()).isTrue();
    assertThat(realm.getFailureFactor()).isEqualTo(policy.lockout().maxFailures());
    assertThat(realm.isEventsEnabled()).isTrue();
    assertThat(realm.isAdminEventsEnabled()).isTrue();
    assertThat(realm.getSsoSessionIdleTimeout())
        .isEqualTo((int) policy.session().idleTimeout().toSeconds());
    assertThat(realm.getDefaultLocale()).isEqualTo("ja");
    assertThat(realm.getWebAuthnPolicyUserVerificationRequirement()).isEqualTo("required");
    assertThat(realm.getWebAuthnPolicyRpEntityName()).isEqualTo(policy.municipality());
  }

  @Test
  void configureWhenRunTwiceThenNothingIsDuplicated() {
    new KeycloakRealmConfigurator(admin, REALM).configure(policy, console());

    List<ClientRepresentation> consoles =
        admin.realm(REALM).clients().findByClientId("mamori-console");
    assertThat(consoles).hasSize(1);
    assertThat(consoles.getFirst().getAttributes())
        .containsEntry("pkce.code.challenge.method", "S256");
    assertThat(
            admin
                .realm(REALM)
                .clients()
                .get(consoles.getFirst().getId())
                .getProtocolMappers()
                .getMappers())
        .filteredOn(m -> m.getName().equals("mamori-api-audience"))
        .hasSize(1);
  }

  @Test
  void loginWhenWrongPasswordReachesThresholdThenAccountIsLockedEvenForTheRightPassword() {
    int threshold = policy.lockout().maxFailures();
    String userId = createUserWithPassword("lock-target", GOOD_PASSWORD);

    RealmResource realm = admin.realm(REALM);
    for (int attempt = 1; attempt <= threshold; attempt++) {
      TokenEndpoint.Answer wrong =
          wrongPassword(
              realm, tokens, DIRECT_CLIENT, "lock-target", userId, "Wrong-pass-" + attempt);
      assertThat(wrong.error())
          .as("wrong password attempt %d: %s", attempt, wrong.body())
          .isEqualTo("invalid_grant");
    }
    Poll.until(
        "lock-target locked by Keycloak's brute-force detector", () -> locked(realm, userId));
    TokenEndpoint.Answer right = tokens.passwordGrant(DIRECT_CLIENT, "lock-target", GOOD_PASSWORD);

    assertThat(right.status()).isNotEqualTo(200);
    assertThat(right.body().has("access_token")).isFalse();
    Map<String, Object> status = admin.realm(REALM).attackDetection().bruteForceUserStatus(userId);
    assertThat(status).containsEntry("disabled", true);
    assertThat(((Number) status.get("numFailures")).intValue()).isEqualTo(threshold);
  }

  @Test
  void loginWhenWrongPasswordsStayBelowThresholdThenTheRightPasswordStillWorks() {
    int threshold = policy.lockout().maxFailures();
    String userId = createUserWithPassword("below-threshold", GOOD_PASSWORD);
    RealmResource realm = admin.realm(REALM);

    for (int attempt = 1; attempt < threshold; attempt++) {
      assertThat(
              wrongPassword(
                      realm, tokens, DIRECT_CLIENT, "below-threshold", userId, "Wrong-" + attempt)
                  .error())
          .isEqualTo("invalid_grant");
    }
    // a login arriving in the moment Keycloak is still releasing the last failure's record is
    // refused, uncounted, on an account it does not report locked: that one is asked again
    TokenEndpoint.Answer right =
        Poll.until(
            "below-threshold's right password accepted, or the account reported locked",
            () -> tokens.passwordGrant(DIRECT_CLIENT, "below-threshold", GOOD_PASSWORD),
            answer -> answer.status() == 200 || locked(realm, userId));

    assertThat(right.status()).isEqualTo(200);
    assertThat(right.body().path("access_token").asText()).isNotBlank();
  }

  @Test
  void createWhenTemporaryPasswordThenDirectGrantIsRefusedUntilChanged() {
    KeycloakAccounts accounts = new KeycloakAccounts(admin, REALM);
    String password = "Temp-Passphrase-2026x";

    IdpAccount account =
        accounts.create(staff("20001"), "20001", new TemporaryPassword(password.toCharArray()));
    TokenEndpoint.Answer answer = tokens.passwordGrant(DIRECT_CLIENT, "20001", password);

    assertThat(account.requiredActions()).contains("UPDATE_PASSWORD");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).isEqualTo("invalid_grant");
    assertThat(answer.errorDescription()).containsIgnoringCase("not fully set up");
    UserRepresentation user = admin.realm(REALM).users().get(account.id()).toRepresentation();
    assertThat(user.getAttributes()).containsEntry("sectionCode", List.of("K01"));
    assertThat(user.getFirstName()).isEqualTo("花子");
    assertThat(user.getLastName()).isEqualTo("試験");
  }

  @Test
  void createWhenPasswordBreaksRealmPolicyThenRefusedAndNoAccountIsLeft() {
    KeycloakAccounts accounts = new KeycloakAccounts(admin, REALM);

    assertThatThrownBy(() ->
            accounts.create(staff("20002"), "20002", new TemporaryPassword("short".toCharArray())))
        .isInstanceOfSatisfying(
            KeycloakException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).doesNotContain("short");
            });
    assertThat(accounts.findByUsername("20002")).isEqualTo(Optional.empty());
  }

  @Test
  void passwordWhenItContainsABlocklistedWordThenKeycloakRefusesItWhoeverSetsIt() {
    KeycloakRealmConfigurator configurator = new KeycloakRealmConfigurator(admin, REALM);
    assertThat(configurator.blocklistInKeycloak()).as("Mamori's provider is installed").isTrue();
    RealmRepresentation realm = admin.realm(REALM).toRepresentation();
    assertThat(realm.getPasswordPolicy()).contains("mamoriBlocklist(realm)");
    assertThat(realm.getAttributes().get("mamoriPasswordBlocklist").split("\n"))
        .containsExactlyElementsOf(policy.password().blocklist());
    String id = createUserWithPassword("blocklist-user", GOOD_PASSWORD);

    for (String refused :
        List.of("Arakawa-Ku-2027x!", "My-ARAKAWA-2027x", "Xy-荒川-区役所-2027A", "Welcome-To-27x")) {
      CredentialRepresentation credential = new CredentialRepresentation();
      credential.setType(CredentialRepresentation.PASSWORD);
      credential.setTemporary(false);
      credential.setValue(refused);
      assertThatThrownBy(() -> admin.realm(REALM).users().get(id).resetPassword(credential))
          .as(refused)
          .isInstanceOfSatisfying(
              jakarta.ws.rs.BadRequestException.class,
              e ->
                  assertThat(e.getResponse().readEntity(String.class))
                      .contains("invalidPasswordBlacklistedMessage"));
    }
    CredentialRepresentation fine = new CredentialRepresentation();
    fine.setType(CredentialRepresentation.PASSWORD);
    fine.setTemporary(false);
    fine.setValue("Sakura-Michi-2027x");
    admin.realm(REALM).users().get(id).resetPassword(fine);
    assertThat(tokens.passwordGrant(DIRECT_CLIENT, "blocklist-user", "Sakura-Michi-2027x").status())
        .isEqualTo(200);

    RealmRepresentation emptied = admin.realm(REALM).toRepresentation();
    emptied.getAttributes().put("mamoriPasswordBlocklist", "");
    admin.realm(REALM).update(emptied);
    assertThat(configurator.drift(policy))
        .extracting(RealmDrift::setting)
        .contains("attributes.mamoriPasswordBlocklist");
    configurator.configure(policy, console());
    assertThat(configurator.drift(policy)).isEmpty();
  }

  private static StaffRecord staff(String employeeNumber) {
    return new StaffRecord(
        employeeNumber,
        "試験 花子",
        "シケン ハナコ",
        "K01",
        "市民課",
        "主事",
        EmploymentType.REGULAR,
        EmploymentStatus.ACTIVE,
        LocalDate.of(2026, 4, 1),
        Optional.empty());
  }

  /** A wrong password for the user, sent until Keycloak's brute-force detector counted it. */
  private static TokenEndpoint.Answer wrongPassword(
      RealmResource realm,
      TokenEndpoint endpoint,
      String clientId,
      String username,
      String userId,
      String password) {
    return KeycloakLogins.countedFailure(
        username, realm, userId, () -> endpoint.passwordGrant(clientId, username, password));
  }

  private static int failures(RealmResource realm, String userId) {
    return KeycloakLogins.failures(realm, userId);
  }

  private static boolean locked(RealmResource realm, String userId) {
    return KeycloakLogins.locked(realm, userId);
  }

  private static String createUserWithPassword(String username, String password) {
    RealmResource realm = admin.realm(REALM);
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("Lock");
    user.setLastName("Test");
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
    return id;
  }
}
