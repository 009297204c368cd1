package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.KeycloakLogins;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Lockout on every path of the real Keycloak with the shipped policy (PW-5, PW-6): the login name's
 * case does not make a second account to guess against, the right password while locked gets the
 * very answer a wrong one gets (no telling a locked account from a wrong guess), and a session
 * already open does not outlive the lock through its refresh token.
 */
class LockoutPathsIT {

  private static final String REALM = "lockout-paths-it";
  private static final String CLIENT = "it-lockout-direct";
  private static final String PASSWORD = "Sakura-Momiji-2027x";

  private static Keycloak admin;
  private static Policy policy;
  private static TokenEndpoint tokens;

  @BeforeAll
  static void realm() {
    admin = EmbeddedKeycloak.shared().adminClient();
    policy = PolicyLoader.loadDefault();
    tokens = PolicyRealm.configure(admin, REALM, policy, CLIENT);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void lockWhenTheLoginNameIsTypedInOtherCasesThenEveryFailureCountsAgainstTheOneAccount() {
    String id = user("case-target");
    RealmResource realm = admin.realm(REALM);
    List<String> spellings = List.of("Case-Target", "CASE-TARGET", "case-target", "cAsE-tArGeT");

    for (int attempt = 0; attempt < policy.lockout().maxFailures(); attempt++) {
      String name = spellings.get(attempt % spellings.size());
      String guess = "Wrong-Guess-" + attempt;
      KeycloakLogins.countedFailure(
          name, realm, id, () -> tokens.passwordGrant(CLIENT, name, guess));
    }

    KeycloakLogins.awaitLocked("case-target after failures in four spellings", realm, id);
    assertThat(KeycloakLogins.failures(realm, id)).isEqualTo(policy.lockout().maxFailures());
    assertThat(tokens.passwordGrant(CLIENT, "CASE-TARGET", PASSWORD).status())
        .as("the right password in another case while locked")
        .isNotEqualTo(200);
  }

  @Test
  void lockedWhenTheRightPasswordIsGivenThenTheSameAnswerAsAWrongOne() {
    String id = user("same-answer");
    RealmResource realm = admin.realm(REALM);
    TokenEndpoint.Answer wrongBeforeLock =
        KeycloakLogins.countedFailure(
            "same-answer",
            realm,
            id,
            () -> tokens.passwordGrant(CLIENT, "same-answer", "Wrong-Guess-0"));
    for (int attempt = 1; attempt < policy.lockout().maxFailures(); attempt++) {
      String guess = "Wrong-Guess-" + attempt;
      KeycloakLogins.countedFailure(
          "same-answer", realm, id, () -> tokens.passwordGrant(CLIENT, "same-answer", guess));
    }
    KeycloakLogins.awaitLocked("same-answer", realm, id);

    TokenEndpoint.Answer right = tokens.passwordGrant(CLIENT, "same-answer", PASSWORD);
    TokenEndpoint.Answer wrong = tokens.passwordGrant(CLIENT, "same-answer", "Wrong-Guess-x");

    assertThat(right.status()).isEqualTo(wrong.status()).isEqualTo(wrongBeforeLock.status());
    assertThat(right.error()).isEqualTo(wrong.error()).isEqualTo(wrongBeforeLock.error());
    assertThat(right.errorDescription())
        .as("nothing tells a locked account from a wrong password")
        .isEqualTo(wrong.errorDescription())
        .isEqualTo(wrongBeforeLock.errorDescription());
  }

  @Test
  void lockedWhenASessionIsOpenThenItsRefreshTokenNoLongerWorks() {
    String id = user("live-session");
    RealmResource realm = admin.realm(REALM);
    TokenEndpoint.Answer login = tokens.passwordGrant(CLIENT, "live-session", PASSWORD);
    assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
    String refresh = login.body().path("refresh_token").asText();
    assertThat(tokens.refresh(CLIENT, refresh).status())
        .as("refresh before the lock")
        .isEqualTo(200);

    Poll.until(
        "live-session locked by wrong passwords from elsewhere",
        () -> {
          KeycloakLogins.countedFailure(
              "live-session",
              realm,
              id,
              () -> tokens.passwordGrant(CLIENT, "live-session", "Someone-Else-1"));
          return KeycloakLogins.locked(realm, id);
        });

    // the lock and the end of its sessions are recorded together, after Keycloak answered
    Poll.until(
        "the refresh token of the session opened before the lock refused",
        () -> tokens.refresh(CLIENT, refresh).status() != 200);
    // a refresh answered while the lock was being written may have written its session back for
    // a moment; the listener ends the sessions once more after the lock's transaction
    Poll.until(
        "no session of live-session left after the lock",
        () -> realm.users().get(id).getUserSessions().isEmpty());
    assertThat(tokens.refresh(CLIENT, refresh).status())
        .as("the refresh token stays refused")
        .isNotEqualTo(200);
  }

  @Test
  void driftWhenTheLockoutListenerIsTakenOffByHandThenReportedAndRestored() {
    KeycloakRealmConfigurator configurator = new KeycloakRealmConfigurator(admin, REALM);
    var settings = admin.realm(REALM).toRepresentation();
    assertThat(settings.getEventsListeners()).contains("mamori-lockout-sessions");
    settings.setEventsListeners(List.of("jboss-logging"));
    admin.realm(REALM).update(settings);

    assertThat(configurator.drift(policy))
        .extracting(RealmDrift::setting)
        .contains("eventsListeners");

    configurator.configure(
        policy,
        new ConsoleClient(
            "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api"));
    assertThat(admin.realm(REALM).toRepresentation().getEventsListeners())
        .contains("jboss-logging", "mamori-lockout-sessions");
    assertThat(configurator.drift(policy)).isEmpty();
  }

  private static String user(String username) {
    String id = PolicyRealm.user(admin, REALM, username);
    PolicyRealm.password(admin, REALM, id, PASSWORD);
    return id;
  }
}
