package jp.mamori.authz.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.RefusedAudit;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.account.AccountActionStore;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange.Unrecorded;
import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Status;
import jp.mamori.authz.sso.TestKeycloak;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A whole-account sanction's change in Keycloak and its record when the database fails, on the real
 * Keycloak and PostgreSQL (GV-4, AU-1, AU-5). The audit insert is refused by a trigger, as in
 * AuditWriteFailureIT. An approved reinstatement is never in effect in Keycloak without its record:
 * refused by the database, the account stays suspended and the sanction as it was. A suspension is
 * made even while the database refuses every record, and the caller is told it is not recorded. A
 * change left pending is settled from what Keycloak shows, never by changing Keycloak.
 */
class SanctionRecordIT {

  private static final String REALM = "sanction-record-it";
  private static final String CLIENT = "it-sanction-record-direct";
  private static final String PASSWORD = "Sanction-Record-Passphrase-2027x";
  private static final Policy POLICY = PolicyLoader.loadDefault();

  private static TestDatabase database;
  private static JdbcClient jdbc;
  private static Keycloak admin;
  private static String issuer;
  private static KeycloakAccountStates keycloak;
  private static AccountStates states;
  private static Sanctions sanctions;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, POLICY, CLIENT);
    keycloak = new KeycloakAccountStates(admin, REALM);
    Clock clock = Clock.systemUTC();
    AuditLog audit = database.audit(clock);
    sanctions =
        new Sanctions(
            new SanctionStore(jdbc),
            audit,
            new Alerts(new AlertStore(jdbc), clock),
            GovernanceConfiguration.keycloakAccounts(keycloak),
            clock,
            ZoneId.of("Asia/Tokyo"));
    states = new AccountStates(keycloak, new AccountActionStore(jdbc), audit, clock);
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  @AfterEach
  void writable() {
    RefusedAudit.lift(jdbc);
  }

  @Test
  void approveReinstatementWhenTheAuditLogRefusesItThenStillSuspendedAndTheSanctionAsItWas()
      throws Exception {
    user("74001");
    Sanction s = suspended("74001");
    sanctions.requestReinstatement(s.id(), "it-admin", "調査の結果、過失は軽微");
    List<String> before = kinds("74001");
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> sanctions.approveReinstatement(s.id(), "ciso", "研修受講を条件に解除"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining(RefusedAudit.MESSAGE);

    assertThat(states.status("74001").code())
        .as("no reinstatement in Keycloak without its record")
        .isEqualTo("SUSPENDED");
    assertThat(DirectGrant.login(issuer, CLIENT, "74001", PASSWORD).status()).isEqualTo(400);
    Sanction after = sanctions.sanction(s.id());
    assertThat(after.status()).isEqualTo(Status.REINSTATEMENT_REQUESTED);
    assertThat(after.decidedBy()).isEmpty();
    assertThat(kinds("74001")).isEqualTo(before);
  }

  @Test
  void
      approveReinstatementWhenOnlyTheLiftIsRefusedThenReinstatedWithTheApprovalOnRecordUntilSettled()
          throws Exception {
    user("74002");
    Sanction s = suspended("74002");
    sanctions.requestReinstatement(s.id(), "it-admin", "調査の結果、過失は軽微");
    RefusedAudit.kinds(jdbc, "SANCTION_LIFTED");

    assertThatThrownBy(() -> sanctions.approveReinstatement(s.id(), "ciso", "研修受講を条件に解除"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isPresent())
        .hasMessageContaining("REINSTATE of 74002")
        .hasMessageContaining("stays pending");

    assertThat(states.status("74002").code()).isEqualTo("ACTIVE");
    assertThat(sanctions.sanction(s.id()).status())
        .as("not lifted on record until the reinstatement is")
        .isEqualTo(Status.REINSTATEMENT_REQUESTED);
    assertThat(actions("74002"))
        .as("who approved it and why is on record")
        .containsExactly("SUSPEND|it-admin||DONE", "REINSTATE|ciso|研修受講を条件に解除|PENDING");
    assertThatThrownBy(() -> sanctions.rejectReinstatement(s.id(), "ciso-2", "やはり却下"))
        .as("not decided twice while the first decision is pending")
        .isInstanceOf(SanctionRefused.class)
        .hasMessageContaining("pending");

    RefusedAudit.lift(jdbc);
    assertThat(sanctions.settlePending()).isEqualTo(1);

    Sanction lifted = sanctions.sanction(s.id());
    assertThat(lifted.status()).isEqualTo(Status.LIFTED);
    assertThat(lifted.decidedBy()).contains("ciso");
    assertThat(actions("74002"))
        .containsExactly("SUSPEND|it-admin||DONE", "REINSTATE|ciso|研修受講を条件に解除|DONE");
    assertThat(kinds("74002"))
        .containsExactly(
            "SANCTION_IMPOSED",
            "SANCTION_ACCOUNT_SUSPENDED",
            "REINSTATEMENT_REQUESTED",
            "REINSTATEMENT_APPROVED",
            "SANCTION_LIFTED");
    assertThat(database.audit(Clock.systemUTC()).verify().intact()).isTrue();
  }

  @Test
  void imposeWhenTheAuditLogRefusesEveryRecordThenSuspendedAllTheSameAndTheCallerIsTold()
      throws Exception {
    String id = user("74003");
    assertThat(DirectGrant.login(issuer, CLIENT, "74003", PASSWORD).status()).isEqualTo(200);
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> impose("74003"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isEmpty())
        .hasMessageContaining("SUSPEND of 74003")
        .hasMessageContaining("not recorded");

    assertThat(states.status("74003").code()).isEqualTo("SUSPENDED");
    assertThat(states.status("74003").ja()).contains("違反に対する処分");
    assertThat(DirectGrant.login(issuer, CLIENT, "74003", PASSWORD).status()).isEqualTo(400);
    assertThat(admin.realm(REALM).users().get(id).getUserSessions()).isEmpty();
    assertThat(sanctionCount("74003")).isZero();
  }

  @Test
  void
      imposeWhenOnlyTheSuspensionsRecordIsRefusedThenSuspendedWithTheSanctionOnRecordAndSettledDone()
          throws Exception {
    user("74004");
    RefusedAudit.kinds(jdbc, "SANCTION_ACCOUNT_SUSPENDED");

    assertThatThrownBy(() -> impose("74004"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isPresent());

    assertThat(states.status("74004").code()).isEqualTo("SUSPENDED");
    assertThat(DirectGrant.login(issuer, CLIENT, "74004", PASSWORD).status()).isEqualTo(400);
    assertThat(sanctionCount("74004")).as("the sanction is on record").isOne();
    assertThat(actions("74004")).containsExactly("SUSPEND|it-admin||PENDING");

    RefusedAudit.lift(jdbc);
    assertThat(sanctions.settlePending()).isEqualTo(1);

    assertThat(actions("74004")).containsExactly("SUSPEND|it-admin||DONE");
    assertThat(kinds("74004")).containsExactly("SANCTION_IMPOSED", "SANCTION_ACCOUNT_SUSPENDED");
  }

  @Test
  void settlePendingWhenAStopLeftChangesUnrecordedThenSettledFromWhatKeycloakShows() {
    // a stop after the suspension was made in Keycloak, before its outcome was recorded
    user("74005");
    long imposed = sanctionRow("74005", "IN_FORCE");
    long suspend = pendingAction(imposed, "74005", "SUSPEND", "it-admin", null);
    keycloak.suspend(
        keycloak.current("74005").orElseThrow().account(),
        StopReason.SANCTIONED,
        Reason.of("処分 #" + imposed, "sanction #" + imposed, "GV-4"),
        LocalDate.now());
    // a stop after an approved reinstatement was recorded, before Keycloak was changed
    user("74006");
    long requested = sanctionRow("74006", "REINSTATEMENT_REQUESTED");
    keycloak.suspend(
        keycloak.current("74006").orElseThrow().account(),
        StopReason.SANCTIONED,
        Reason.of("処分 #" + requested, "sanction #" + requested, "GV-4"),
        LocalDate.now());
    long reinstate = pendingAction(requested, "74006", "REINSTATE", "ciso", "解除");

    assertThat(sanctions.settlePending()).isEqualTo(2);

    assertThat(state(suspend)).isEqualTo("DONE");
    assertThat(kinds("74005")).containsExactly("SANCTION_ACCOUNT_SUSPENDED");
    assertThat(state(reinstate)).isEqualTo("FAILED");
    assertThat(kinds("74006")).containsExactly("SANCTION_REINSTATE_FAILED");
    assertThat(sanctions.sanction(requested).status())
        .as("not lifted: Keycloak does not show the reinstatement")
        .isEqualTo(Status.REINSTATEMENT_REQUESTED);
    assertThat(states.status("74006").code())
        .as("settling never changes Keycloak")
        .isEqualTo("SUSPENDED");
    assertThat(sanctions.settlePending()).as("each row is settled once").isZero();
  }

  private static Sanction suspended(String username) throws Exception {
    Sanction s = impose(username);
    assertThat(states.status(username).code()).isEqualTo("SUSPENDED");
    assertThat(DirectGrant.login(issuer, CLIENT, username, PASSWORD).status()).isEqualTo(400);
    return s;
  }

  private static Sanction impose(String username) {
    return sanctions.impose(
        "it-admin", username, null, "SUSPEND", "ACCOUNT", null, "DATA_TAKEN_OUT", "調査終了まで停止");
  }

  /** A sanction row as Sanctions writes it, straight in the database. */
  private static long sanctionRow(String username, String status) {
    return jdbc.sql(
            "insert into sanction (username, measure, right_kind, right_value, reason_code, note,"
                + " imposed_by, imposed_at, status, reinstatement_requested_by,"
                + " reinstatement_requested_at, reinstatement_reason) values (?, 'SUSPEND',"
                + " 'ACCOUNT', '', 'OTHER', '調査', 'it-admin', ?, ?, ?, ?, ?) returning id")
        .params(
            username,
            Timestamp.from(Instant.now()),
            status,
            status.equals("IN_FORCE") ? null : "it-admin",
            status.equals("IN_FORCE") ? null : Timestamp.from(Instant.now()),
            status.equals("IN_FORCE") ? null : "軽微")
        .query(Long.class)
        .single();
  }

  private static long pendingAction(
      long sanction, String username, String action, String actor, String reason) {
    return jdbc.sql(
            "insert into sanction_action (sanction_id, action, username, actor, reason, at, state)"
                + " values (?, ?, ?, ?, ?, ?, 'PENDING') returning id")
        .params(sanction, action, username, actor, reason, Timestamp.from(Instant.now()))
        .query(Long.class)
        .single();
  }

  private static String state(long action) {
    return jdbc.sql("select state from sanction_action where id = ?")
        .param(action)
        .query(String.class)
        .single();
  }

  private static List<String> actions(String username) {
    return jdbc.sql(
            "select action || '|' || actor || '|' || coalesce(reason, '') || '|' || state"
                + " from sanction_action where username = ? order by id")
        .param(username)
        .query(String.class)
        .list();
  }

  private static long sanctionCount(String username) {
    return jdbc.sql("select count(*) from sanction where username = ?")
        .param(username)
        .query(Long.class)
        .single();
  }

  private static List<String> kinds(String username) {
    return jdbc.sql("select kind from audit_event where subject = ? order by seq")
        .param(username)
        .query(String.class)
        .list();
  }

  private static String user(String username) {
    return TestKeycloak.staff(admin.realm(REALM), username, "太郎", "処分", PASSWORD);
  }
}
