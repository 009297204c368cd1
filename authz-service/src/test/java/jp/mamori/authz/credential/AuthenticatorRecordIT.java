package jp.mamori.authz.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import jp.mamori.authz.ReadOnlyAdmin;
import jp.mamori.authz.RefusedAudit;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.audit.RecordedChange.Unrecorded;
import jp.mamori.authz.sso.TestCards;
import jp.mamori.authz.sso.TestKeycloak;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators;
import jp.mamori.hrsync.keycloak.KeycloakException;
import jp.mamori.hrsync.keycloak.KeycloakIcCards;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * MF-3 with the database or Keycloak failing, on the real Keycloak and PostgreSQL, with IC cards
 * (their state is the user's attributes: no browser needed). A card reported lost is suspended even
 * while the database refuses every record, and the caller is told it is not recorded; a card found
 * or registered is not changed in Keycloak unless its request is on record; a Keycloak refusal
 * after the request leaves the record failed, not done.
 */
class AuthenticatorRecordIT {

  private static final String REALM = "authenticator-record-it";
  private static final Policy policy = PolicyLoader.loadDefault();

  @TempDir static Path files;

  private static TestDatabase database;
  private static JdbcClient jdbc;
  private static Keycloak admin;
  private static Keycloak readOnly;
  private static Authenticators authenticators;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, policy, "it-authenticator-record-direct");
    readOnly = ReadOnlyAdmin.create(admin, REALM, "it-authenticator-read-only");
    authenticators = authenticators(admin);
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
  void reportLostWhenTheDatabaseRefusesEveryRecordThenTheCardIsSuspendedAllTheSame()
      throws Exception {
    String id = user("64001");
    String card = authenticators.registerIcCard("64001", pem("64001"), "admin-sato", "交付").id();
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> authenticators.reportLost("64001", card, "admin-sato", "紛失届"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isEmpty())
        .hasMessageContaining("LOST of authenticator " + card + " of 64001")
        .hasMessageContaining("not recorded");

    assertThat(only("64001").suspended()).as("suspended while the database is down").isTrue();
    assertThat(active(id)).as("Keycloak no longer finds the person by the card").isEmpty();
    assertThat(rows("64001")).containsExactly("REGISTERED|DONE");
  }

  @Test
  void reportLostWhenOnlyItsOutcomeIsRefusedThenSuspendedAndPendingUntilTheSweepSettlesIt()
      throws Exception {
    String id = user("64002");
    String card = authenticators.registerIcCard("64002", pem("64002"), "admin-sato", "交付").id();
    RefusedAudit.kinds(jdbc, "AUTHENTICATOR_LOST");

    assertThatThrownBy(() -> authenticators.reportLost("64002", card, "admin-sato", "紛失届"))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isPresent());

    assertThat(only("64002").suspended()).isTrue();
    assertThat(active(id)).isEmpty();
    assertThat(rows("64002")).containsExactly("REGISTERED|DONE", "LOST|PENDING");

    RefusedAudit.lift(jdbc);
    assertThat(authenticators.settlePending()).isEqualTo(1);

    assertThat(rows("64002")).containsExactly("REGISTERED|DONE", "LOST|DONE");
    assertThat(kinds("64002"))
        .containsExactly(
            "AUTHENTICATOR_REGISTERED_REQUESTED",
            "AUTHENTICATOR_REGISTERED",
            "AUTHENTICATOR_LOST_REQUESTED",
            "AUTHENTICATOR_LOST");
  }

  @Test
  void reportFoundWhenTheAuditLogRefusesTheRequestThenTheCardStaysSuspended() throws Exception {
    String id = user("64003");
    String card = authenticators.registerIcCard("64003", pem("64003"), "admin-sato", "交付").id();
    authenticators.reportLost("64003", card, "admin-sato", "紛失届");
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> authenticators.reportFound("64003", card, "admin-sato", "机の中にあった"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining(RefusedAudit.MESSAGE);

    assertThat(only("64003").suspended()).as("not reinstated without its record").isTrue();
    assertThat(active(id)).isEmpty();
    assertThat(rows("64003")).containsExactly("REGISTERED|DONE", "LOST|DONE");
  }

  @Test
  void registerIcCardWhenTheAuditLogRefusesTheRequestThenNoCardIsRegistered() throws Exception {
    String id = user("64004");
    String pem = pem("64004");
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> authenticators.registerIcCard("64004", pem, "admin-sato", "交付"))
        .isInstanceOf(DataAccessException.class);

    assertThat(authenticators.list("64004")).as("no way to log in without its record").isEmpty();
    assertThat(active(id)).isEmpty();
    assertThat(rows("64004")).isEmpty();
  }

  @Test
  void reportFoundWhenKeycloakRefusesTheChangeThenTheRecordSaysFailedAndTheCardStaysSuspended()
      throws Exception {
    String id = user("64005");
    String card = authenticators.registerIcCard("64005", pem("64005"), "admin-sato", "交付").id();
    authenticators.reportLost("64005", card, "admin-sato", "紛失届");

    assertThatThrownBy(
            () -> authenticators(readOnly).reportFound("64005", card, "admin-sato", "机の中にあった"))
        .isInstanceOfSatisfying(
            KeycloakException.class, e -> assertThat(e.status()).isEqualTo(403));

    assertThat(only("64005").suspended()).isTrue();
    assertThat(active(id)).isEmpty();
    assertThat(rows("64005")).containsExactly("REGISTERED|DONE", "LOST|DONE", "FOUND|FAILED");
    assertThat(kinds("64005"))
        .as("nothing claims the card works again")
        .doesNotContain("AUTHENTICATOR_FOUND")
        .endsWith("AUTHENTICATOR_FOUND_REQUESTED", "AUTHENTICATOR_FOUND_FAILED");
  }

  @Test
  void registerIcCardWhenKeycloakRefusesTheCardThenInvalidAndTheAttemptIsRecordedFailed()
      throws Exception {
    user("64006");
    user("64007");
    String pem = pem("64006");
    authenticators.registerIcCard("64006", pem, "admin-sato", "交付");

    assertThatThrownBy(() -> authenticators.registerIcCard("64007", pem, "admin-sato", "交付"))
        .isInstanceOf(Authenticators.Invalid.class)
        .hasMessageContaining("registered to 64006");

    assertThat(authenticators.list("64007")).isEmpty();
    assertThat(rows("64007")).containsExactly("REGISTERED|FAILED");
  }

  private static Authenticators authenticators(Keycloak client) {
    return new Authenticators(
        new KeycloakAuthenticators(client, REALM),
        new AuthenticatorEventStore(database.jdbc()),
        database.audit(Clock.systemUTC()),
        Clock.systemUTC());
  }

  private static String pem(String name) throws Exception {
    return TestCards.certificatePem(files, name);
  }

  private static Authenticator only(String username) {
    List<Authenticator> all = authenticators.list(username);
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  /** The cards Keycloak's IC-card login finds the person by. */
  private static List<String> active(String id) {
    List<String> active =
        admin
            .realm(REALM)
            .users()
            .get(id)
            .toRepresentation()
            .getAttributes()
            .get(KeycloakIcCards.ACTIVE);
    return active == null ? List.of() : active;
  }

  private static List<String> rows(String username) {
    return jdbc.sql(
            "select action || '|' || state from authenticator_event where username = ?"
                + " order by id")
        .param(username)
        .query(String.class)
        .list();
  }

  private static List<String> kinds(String username) {
    return jdbc.sql("select kind from audit_event where subject = ? order by seq")
        .param("staff/" + username)
        .query(String.class)
        .list();
  }

  private static String user(String username) {
    return TestKeycloak.staff(admin.realm(REALM), username, "花子", "認証", null);
  }
}
