package jp.mamori.authz.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.ReadOnlyAdmin;
import jp.mamori.authz.RefusedAudit;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.audit.RecordedChange.Unrecorded;
import jp.mamori.authz.sso.TestKeycloak;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.keycloak.KeycloakException;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.KeycloakLogins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Account actions and their record when the database or Keycloak fails, on the real Keycloak and
 * PostgreSQL (AU-5, LG-1, PW-7). The audit insert is refused by a trigger, as in
 * AuditWriteFailureIT; Keycloak refuses changes to a client that may only read. An unlock or a
 * reinstatement is never in effect without its request on record; a Keycloak failure leaves the
 * record failed or pending, never done; the lock on the owner's "this wasn't me" report and a
 * forced password change are made even while the database refuses every record, and the caller is
 * told that they are not recorded.
 */
class AccountRecordIT {

  private static final String REALM = "account-record-it";
  private static final String CLIENT = "it-record-direct";
  private static final String PASSWORD = "Record-Passphrase-2027x";
  private static final Policy policy = PolicyLoader.loadDefault();
  private static final LocalDate TODAY = LocalDate.of(2027, 4, 1);

  private static TestDatabase database;
  private static JdbcClient jdbc;
  private static Keycloak admin;
  private static Keycloak readOnly;
  private static String issuer;
  private static AccountStates states;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, policy, CLIENT);
    readOnly = ReadOnlyAdmin.create(admin, REALM, "it-record-read-only");
    states = states(admin);
  }

  @AfterAll
  static void stop() {
    readOnly.close();
    admin.close();
    database.close();
  }

  @AfterEach
  void writable() {
    RefusedAudit.lift(jdbc);
  }

  @Test
  void unlockWhenTheAuditLogRefusesTheRequestThenStillLockedAndTheCallerGetsTheError()
      throws Exception {
    String id = user("63001");
    lockOnReport(id, "63001");
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> states.unlock("63001", "admin-sato", "本人確認済み"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining(RefusedAudit.MESSAGE);

    assertThat(states.status("63001").code())
        .as("no unlock without its record")
        .isEqualTo("LOCKED");
    assertThat(DirectGrant.login(issuer, CLIENT, "63001", PASSWORD).status()).isEqualTo(400);
    assertThat(rows("63001")).isEmpty();
    assertThat(kinds("63001")).isEmpty();
  }

  @Test
  void reinstateWhenTheAuditLogRefusesTheRequestThenStillDisabledAndTheCallerGetsTheError()
      throws Exception {
    String id = user("63002");
    new KeycloakTarget(admin, REALM)
        .apply(
            new PlannedAction.Disable(
                Target.IDENTITY_PROVIDER,
                "63002",
                id,
                StopReason.DORMANT,
                Situation.LINKED,
                Reason.of("長期未使用", "dormant", "LC-3")),
            TODAY);
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> states.reinstate("63002", "admin-sato", "業務で再び使用"))
        .isInstanceOf(DataAccessException.class);

    assertThat(states.status("63002").code()).isEqualTo("DORMANT");
    assertThat(admin.realm(REALM).users().get(id).toRepresentation().isEnabled()).isFalse();
    assertThat(DirectGrant.login(issuer, CLIENT, "63002", PASSWORD).status()).isEqualTo(400);
    assertThat(rows("63002")).isEmpty();
  }

  @Test
  void unlockWhenItsOutcomeCannotBeRecordedThenUnlockedWithTheRequestOnRecordUntilSettled() {
    String id = user("63003");
    lockOnReport(id, "63003");
    RefusedAudit.kinds(jdbc, "ACCOUNT_UNLOCK");

    assertThatThrownBy(() -> states.unlock("63003", "admin-sato", "本人と面談し確認"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isPresent())
        .hasMessageContaining("UNLOCK of 63003 by admin-sato")
        .hasMessageContaining("stays pending");

    assertThat(states.status("63003").code()).isEqualTo("ACTIVE");
    assertThat(rows("63003"))
        .as("in effect, and who did it and why is on record")
        .containsExactly("admin-sato|UNLOCK|本人と面談し確認|LOCKED||PENDING");
    assertThat(kinds("63003")).containsExactly("ACCOUNT_UNLOCK_REQUESTED");

    RefusedAudit.lift(jdbc);
    assertThat(states.settlePending()).isEqualTo(1);

    assertThat(rows("63003")).containsExactly("admin-sato|UNLOCK|本人と面談し確認|LOCKED|ACTIVE|DONE");
    assertThat(kinds("63003")).containsExactly("ACCOUNT_UNLOCK_REQUESTED", "ACCOUNT_UNLOCK");
    assertThat(database.audit(Clock.systemUTC()).verify().intact()).isTrue();
  }

  /**
   * A temporary lock also ends by itself: an unlock of a temporarily locked account that is settled
   * later from Keycloak ("unlocked") is done, and its record says that the lock may have ended by
   * itself — it does not claim the unlock for certain.
   */
  @Test
  void unlockOfATemporaryLockWhenSettledLaterThenTheRecordSaysItMayHaveEndedByItself() {
    String id = user("63010");
    for (int i = 0; i < policy.lockout().maxFailures(); i++) {
      DirectGrant.countedFailure(admin.realm(REALM), issuer, CLIENT, "63010", "Wrong-Guess-" + i);
    }
    KeycloakLogins.awaitLocked("63010 after wrong passwords", admin.realm(REALM), id);
    assertThat(states.status("63010").code()).isEqualTo("TEMPORARILY_LOCKED");
    RefusedAudit.kinds(jdbc, "ACCOUNT_UNLOCK");

    assertThatThrownBy(() -> states.unlock("63010", "admin-sato", "本人確認済み"))
        .isInstanceOf(Unrecorded.class);
    RefusedAudit.lift(jdbc);
    assertThat(states.settlePending()).isEqualTo(1);

    assertThat(rows("63010"))
        .containsExactly("admin-sato|UNLOCK|本人確認済み|TEMPORARILY_LOCKED|ACTIVE|DONE");
    assertThat(error("63010"))
        .contains("settled later: the effect shows in Keycloak")
        .contains("may have ended by itself");
  }

  @Test
  void unlockWhenKeycloakRefusesTheChangeThenTheRecordSaysFailedAndTheAccountStaysLocked()
      throws Exception {
    String id = user("63004");
    lockOnReport(id, "63004");

    assertThatThrownBy(() -> states(readOnly).unlock("63004", "admin-sato", "本人確認済み"))
        .isInstanceOfSatisfying(
            KeycloakException.class, e -> assertThat(e.status()).isEqualTo(403));

    assertThat(states.status("63004").code()).isEqualTo("LOCKED");
    assertThat(DirectGrant.login(issuer, CLIENT, "63004", PASSWORD).status()).isEqualTo(400);
    assertThat(rows("63004")).containsExactly("admin-sato|UNLOCK|本人確認済み|LOCKED|LOCKED|FAILED");
    assertThat(error("63004")).contains("Keycloak refused").contains("403");
    assertThat(kinds("63004"))
        .as("nothing claims the unlock")
        .containsExactly("ACCOUNT_UNLOCK_REQUESTED", "ACCOUNT_UNLOCK_FAILED");
  }

  @Test
  void settleWhenKeycloakIsUnreachableThenPendingAndWhenItAnswersThenFailedWithKeycloakUnchanged() {
    String id = user("63005");
    lockOnReport(id, "63005");
    // what a stop right after the request leaves: the request on record, Keycloak not changed
    jdbc.sql(
            "insert into account_action (at, actor, username, action, reason, status_before,"
                + " state) values (?, 'admin-sato', '63005', 'UNLOCK', '本人確認済み', 'LOCKED',"
                + " 'PENDING')")
        .param(Timestamp.from(Instant.now()))
        .update();

    try (Keycloak unreachable =
        Keycloak.getInstance("http://127.0.0.1:9", REALM, "x", "x", "admin-cli")) {
      assertThat(states(unreachable).settlePending()).isZero();
    }
    assertThat(rows("63005")).containsExactly("admin-sato|UNLOCK|本人確認済み|LOCKED||PENDING");

    assertThat(states.settlePending()).isEqualTo(1);

    assertThat(rows("63005")).containsExactly("admin-sato|UNLOCK|本人確認済み|LOCKED|LOCKED|FAILED");
    assertThat(error("63005")).contains("does not show in Keycloak");
    assertThat(kinds("63005")).containsExactly("ACCOUNT_UNLOCK_FAILED");
    assertThat(states.status("63005").code())
        .as("settling never changes Keycloak")
        .isEqualTo("LOCKED");
  }

  @Test
  void reportNotMeWhenTheDatabaseRefusesEveryRecordThenLockedAllTheSameAndTheCallerIsTold()
      throws Exception {
    String id = user("63006");
    assertThat(DirectGrant.login(issuer, CLIENT, "63006", PASSWORD).status()).isEqualTo(200);
    RefusedAudit.all(jdbc);

    assertThatThrownBy(
            () -> states.reportNotMe("63006", "previous login shown: unknown", "192.0.2.9"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isEmpty())
        .hasMessageContaining("REPORTED_NOT_ME of 63006")
        .hasMessageContaining("not recorded");

    assertThat(states.status("63006").code()).isEqualTo("LOCKED");
    assertThat(DirectGrant.login(issuer, CLIENT, "63006", PASSWORD).status()).isEqualTo(400);
    assertThat(admin.realm(REALM).users().get(id).getUserSessions()).isEmpty();
    assertThat(rows("63006")).isEmpty();
    assertThat(incidents("63006")).isZero();
  }

  @Test
  void reportNotMeWhenOnlyItsOutcomeIsRefusedThenLockedWithTheReportOnRecordUntilSettled() {
    user("63007");
    RefusedAudit.kinds(jdbc, "ACCOUNT_REPORTED_NOT_ME");

    assertThatThrownBy(
            () -> states.reportNotMe("63007", "previous login shown: unknown", "192.0.2.9"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isPresent());

    assertThat(states.status("63007").code()).isEqualTo("LOCKED");
    assertThat(incidents("63007")).as("the incident is recorded with the request").isOne();
    assertThat(rows("63007"))
        .containsExactly("63007|REPORTED_NOT_ME|previous login shown: unknown|ACTIVE||PENDING");

    RefusedAudit.lift(jdbc);
    // the next action on the account settles it first
    assertThat(states.unlock("63007", "admin-sato", "本人と面談し確認").code()).isEqualTo("ACTIVE");

    assertThat(rows("63007"))
        .containsExactly(
            "63007|REPORTED_NOT_ME|previous login shown: unknown|ACTIVE|LOCKED|DONE",
            "admin-sato|UNLOCK|本人と面談し確認|LOCKED|ACTIVE|DONE");
    assertThat(kinds("63007"))
        .containsExactly(
            "INCIDENT_REPORTED_NOT_ME",
            "ACCOUNT_REPORTED_NOT_ME_REQUESTED",
            "ACCOUNT_REPORTED_NOT_ME",
            "ACCOUNT_UNLOCK_REQUESTED",
            "ACCOUNT_UNLOCK");
  }

  @Test
  void passwordMayHaveLeakedWhenTheDatabaseRefusesEveryRecordThenAChangeIsRequiredAllTheSame()
      throws Exception {
    String id = user("63008");
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> states.passwordMayHaveLeaked("63008", "admin-sato", "付箋を紛失"))
        .isInstanceOf(Unrecorded.class);

    assertThat(admin.realm(REALM).users().get(id).toRepresentation().getRequiredActions())
        .contains("UPDATE_PASSWORD");
    assertThat(DirectGrant.login(issuer, CLIENT, "63008", PASSWORD).body())
        .contains("Account is not fully set up");
    assertThat(rows("63008")).isEmpty();
  }

  @Test
  void passwordMayHaveLeakedWhenOnlyTheRequestIsRefusedThenMadeAndRecordedAfter() {
    String id = user("63009");
    RefusedAudit.kinds(jdbc, "ACCOUNT_PASSWORD_LEAK_REQUESTED");

    assertThat(states.passwordMayHaveLeaked("63009", "admin-sato", "付箋を紛失").code())
        .isEqualTo("ACTIVE");

    assertThat(admin.realm(REALM).users().get(id).toRepresentation().getRequiredActions())
        .contains("UPDATE_PASSWORD");
    assertThat(rows("63009")).containsExactly("admin-sato|PASSWORD_LEAK|付箋を紛失|ACTIVE|ACTIVE|DONE");
    assertThat(error("63009")).contains("recorded after the change");
    assertThat(kinds("63009")).containsExactly("ACCOUNT_PASSWORD_LEAK");
  }

  private static AccountStates states(Keycloak client) {
    return new AccountStates(
        new KeycloakAccountStates(client, REALM),
        new AccountActionStore(database.jdbc()),
        database.audit(Clock.systemUTC()),
        Clock.systemUTC());
  }

  /** Locked as on the owner's report, straight in Keycloak (nothing recorded). */
  private static void lockOnReport(String id, String username) {
    new KeycloakAccountStates(admin, REALM)
        .lockReportedNotMe(
            new KeycloakAccountStates(admin, REALM).current(username).orElseThrow().account(),
            TODAY);
    assertThat(admin.realm(REALM).users().get(id).toRepresentation().isEnabled()).isFalse();
  }

  private static List<String> rows(String username) {
    return jdbc.sql(
            "select actor || '|' || action || '|' || reason || '|' || status_before || '|'"
                + " || coalesce(status_after, '') || '|' || state from account_action"
                + " where username = ? order by id")
        .param(username)
        .query(String.class)
        .list();
  }

  private static String error(String username) {
    return jdbc.sql("select error from account_action where username = ? order by id desc limit 1")
        .param(username)
        .query(String.class)
        .single();
  }

  private static List<String> kinds(String username) {
    return jdbc.sql("select kind from audit_event where subject = ? order by seq")
        .param("staff/" + username)
        .query(String.class)
        .list();
  }

  private static long incidents(String username) {
    return jdbc.sql("select count(*) from security_incident where username = ?")
        .param(username)
        .query(Long.class)
        .single();
  }

  private static String user(String username) {
    return TestKeycloak.staff(admin.realm(REALM), username, "太郎", "記録", PASSWORD);
  }
}
