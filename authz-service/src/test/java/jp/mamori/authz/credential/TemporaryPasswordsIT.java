package jp.mamori.authz.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.net.http.HttpClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The temporary-password procedure (PW-4) on the real Keycloak and PostgreSQL: issued to the policy
 * and forced to change (direct grant refused until then), recorded without the password, superseded
 * by a new issue, found used after the change, and withdrawn when it expires unused.
 */
class TemporaryPasswordsIT {

  private static final String REALM = "temporary-password-it";
  private static final String CLIENT = "it-temporary-direct";
  private static final Policy policy = PolicyLoader.loadDefault();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestDatabase database;
  private static Keycloak admin;
  private static String issuer;

  private final MutableClock clock = new MutableClock(Instant.now());
  private final TemporaryPasswords passwords =
      TestTemporaryPasswords.of(admin, REALM, policy, database, clock);

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, policy, CLIENT);
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  @Test
  void issueWhenAdministratorIssuesThenChangeIsForcedAndOnlyTheRecordIsKept() throws Exception {
    String userId = staff("61001");

    TemporaryPasswords.Issued issued =
        passwords.issue("61001", "admin-tanaka", TemporaryPasswords.Handover.IN_PERSON);

    String password = issued.password().reveal();
    assertThat(password).hasSize(policy.temporaryPassword().length());
    assertThat(issued.toString()).doesNotContain(password);
    assertThat(issued.expiresAt())
        .isEqualTo(issued.issuedAt().plus(policy.temporaryPassword().lifetime()));
    String[] grant = directGrant("61001", password);
    assertThat(grant[0]).isEqualTo("400");
    assertThat(grant[1]).contains("Account is not fully set up"); // change first, on every path
    assertThat(admin.realm(REALM).users().get(userId).toRepresentation().getRequiredActions())
        .contains("UPDATE_PASSWORD");
    assertThat(passwords.history("61001"))
        .singleElement()
        .satisfies(i -> {
          assertThat(i.issuedBy()).isEqualTo("admin-tanaka");
          assertThat(i.handover()).isEqualTo("IN_PERSON");
          assertThat(i.outcome()).isEqualTo(TemporaryPasswords.Outcome.OUTSTANDING);
        });
    List<Map<String, Object>> rows =
        database
            .jdbc()
            .sql("select * from temporary_password_issue where employee_number = '61001'")
            .query()
            .listOfRows();
    assertThat(rows.toString()).doesNotContain(password);
  }

  @Test
  void issueWhenIssuerIsTheOwnerThenRefused() {
    staff("61002");

    assertThatThrownBy(
            () -> passwords.issue("61002", "61002", TemporaryPasswords.Handover.SEALED_LETTER))
        .isInstanceOf(TemporaryPasswords.NotAllowed.class)
        .hasMessageContaining("another administrator");
    assertThatThrownBy(
            () -> passwords.issue("69999", "admin-tanaka", TemporaryPasswords.Handover.IN_PERSON))
        .isInstanceOf(TemporaryPasswords.NoSuchAccount.class)
        .hasMessageContaining("69999");
  }

  @Test
  void sweepWhenChangedAtFirstLoginThenUsedAndWhenUnusedPastLifetimeThenWithdrawn()
      throws Exception {
    String changer = staff("61003");
    staff("61004");
    TemporaryPasswords.Issued first =
        passwords.issue("61003", "admin-tanaka", TemporaryPasswords.Handover.IN_PERSON);
    TemporaryPasswords.Issued second =
        passwords.issue("61003", "admin-suzuki", TemporaryPasswords.Handover.SEALED_LETTER);
    TemporaryPasswords.Issued unused =
        passwords.issue("61004", "admin-tanaka", TemporaryPasswords.Handover.VIA_SECTION_HEAD);
    assertThat(passwords.history("61003"))
        .extracting(TemporaryPasswords.Issuance::outcome)
        .containsExactly(
            TemporaryPasswords.Outcome.OUTSTANDING, TemporaryPasswords.Outcome.SUPERSEDED);
    assertThat(directGrant("61003", first.password().reveal())[1])
        .as("the superseded one no longer works")
        .contains("Invalid user credentials");
    // the changed credential must be newer than the issued one: Keycloak dates credentials to the
    // millisecond by the wall clock
    Instant secondSetAt =
        database
            .jdbc()
            .sql("select password_set_at from temporary_password_issue where id = ?")
            .param(second.id())
            .query(Timestamp.class)
            .single()
            .toInstant();
    Poll.untilClockPasses(secondSetAt.plusMillis(1));
    changeAtFirstLogin(changer, "New-Own-Passphrase-2027x");

    clock.advance(Duration.ofDays(1));
    TemporaryPasswords.Sweep early = passwords.sweep();
    clock.advance(policy.temporaryPassword().lifetime());
    TemporaryPasswords.Sweep late = passwords.sweep();

    assertThat(early).isEqualTo(new TemporaryPasswords.Sweep(1, 0));
    assertThat(late).isEqualTo(new TemporaryPasswords.Sweep(0, 1));
    assertThat(passwords.history("61003").getFirst().outcome())
        .isEqualTo(TemporaryPasswords.Outcome.USED);
    assertThat(passwords.history("61004").getFirst().outcome())
        .isEqualTo(TemporaryPasswords.Outcome.EXPIRED);
    assertThat(directGrant("61004", unused.password().reveal())[1])
        .as("an expired temporary password stops working")
        .contains("Invalid user credentials");
    assertThat(directGrant("61003", "New-Own-Passphrase-2027x")[0]).isEqualTo("200");
    assertThat(second.password().reveal()).isNotEqualTo(first.password().reveal());
    assertThat(passwords.sweep()).isEqualTo(new TemporaryPasswords.Sweep(0, 0));
  }

  /** What the first login's forced change does in Keycloak: a new, permanent password. */
  private static void changeAtFirstLogin(String userId, String newPassword) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(newPassword);
    admin.realm(REALM).users().get(userId).resetPassword(credential);
    UserRepresentation user = admin.realm(REALM).users().get(userId).toRepresentation();
    user.setRequiredActions(List.of());
    admin.realm(REALM).users().get(userId).update(user);
  }

  private static String staff(String username) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("太郎");
    user.setLastName("試験");
    user.setEnabled(true);
    try (Response response = admin.realm(REALM).users().create(user)) {
      return CreatedResponseUtil.getCreatedId(response);
    }
  }

  private static String[] directGrant(String username, String password) throws Exception {
    DirectGrant.Answer answer = DirectGrant.login(issuer, CLIENT, username, password);
    return new String[] {Integer.toString(answer.status()), answer.body()};
  }
}
