package jp.mamori.authz.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
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
 * One state model over the real Keycloak (issue 4): a lockout after failed logins reads as
 * "temporarily locked", not "disabled"; unlock and reinstate need a reason, another person, and the
 * right state, and are recorded; HR-driven stops are not lifted by an administrator; "password may
 * have leaked" forces a change and ends sessions (PW-7).
 */
class AccountStatesIT {

  private static final String REALM = "account-states-it";
  private static final String CLIENT = "it-states-direct";
  private static final String PASSWORD = "States-Passphrase-2027x";
  private static final Policy policy = PolicyLoader.loadDefault();

  private static TestDatabase database;
  private static Keycloak admin;
  private static String issuer;
  private static AccountStates states;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, policy, CLIENT);
    states =
        new AccountStates(
            new KeycloakAccountStates(admin, REALM),
            new AccountActionStore(database.jdbc()),
            database.audit(Clock.systemUTC()),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  @Test
  void unlockWhenLockedByFailedLoginsThenNeedsReasonAndAnotherPersonAndIsRecorded()
      throws Exception {
    user("62001");
    for (int i = 0; i < policy.lockout().maxFailures(); i++) {
      DirectGrant.countedFailure(
          admin.realm(REALM), issuer, CLIENT, "62001", "Wrong-Password-" + i + "x");
    }
    // Keycloak's brute-force protector counts the failures on its own thread: the last one may be
    // counted a moment after its answer
    Poll.untilEquals(
        "the status of 62001 after " + policy.lockout().maxFailures() + " failed logins",
        "TEMPORARILY_LOCKED",
        () -> states.status("62001").code());

    assertThat(states.status("62001").code()).isEqualTo("TEMPORARILY_LOCKED");
    assertThat(states.status("62001").ja()).startsWith("一時ロック中");
    assertThat(DirectGrant.login(issuer, CLIENT, "62001", PASSWORD).status()).isEqualTo(400);
    assertThatThrownBy(() -> states.unlock("62001", "admin-sato", " "))
        .isInstanceOf(AccountStates.Refused.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> states.unlock("62001", "62001", "自分で解除"))
        .isInstanceOfSatisfying(
            AccountStates.Refused.class,
            e -> assertThat(e.fault()).isEqualTo(Refusal.Fault.FORBIDDEN));

    assertThat(states.unlock("62001", "admin-sato", "本人確認済み (電話)").code()).isEqualTo("ACTIVE");
    assertThat(DirectGrant.login(issuer, CLIENT, "62001", PASSWORD).status()).isEqualTo(200);
    assertThat(
            database
                .jdbc()
                .sql(
                    "select actor || '|' || action || '|' || status_before || '|' || status_after"
                        + " from account_action where username = '62001'")
                .query(String.class)
                .list())
        .containsExactly("admin-sato|UNLOCK|TEMPORARILY_LOCKED|ACTIVE");
    assertThatThrownBy(() -> states.unlock("62001", "admin-sato", "再度"))
        .isInstanceOf(AccountStates.Refused.class)
        .hasMessageContaining("expected a locked account");
  }

  @Test
  void reinstateWhenStoppedByHrThenRefusedAndWhenDormantThenActive() {
    String seconded = user("62002");
    String dormant = user("62003");
    KeycloakTarget target = new KeycloakTarget(admin, REALM);
    LocalDate today = LocalDate.of(2027, 4, 1);
    target.apply(
        new PlannedAction.Suspend(
            Target.IDENTITY_PROVIDER,
            "62002",
            seconded,
            StopReason.SECONDED,
            Situation.LINKED,
            Reason.of("出向", "secondment", "LC-1")),
        today);
    target.apply(
        new PlannedAction.Disable(
            Target.IDENTITY_PROVIDER,
            "62003",
            dormant,
            StopReason.DORMANT,
            Situation.LINKED,
            Reason.of("長期未使用", "dormant", "LC-3")),
        today);

    assertThat(states.status("62002").ja()).isEqualTo("一時停止 (出向)");
    assertThat(states.status("62003").code()).isEqualTo("DORMANT");
    assertThatThrownBy(() -> states.reinstate("62002", "admin-sato", "早期復帰"))
        .isInstanceOf(AccountStates.Refused.class)
        .hasMessageContaining("HR lifts this stop");
    assertThat(states.reinstate("62003", "admin-sato", "業務で再び使用 (所属長申請)").code())
        .isEqualTo("ACTIVE");
  }

  @Test
  void passwordMayHaveLeakedWhenReportedThenChangeRequiredAndSessionsEnded() throws Exception {
    String id = user("62004");
    assertThat(DirectGrant.login(issuer, CLIENT, "62004", PASSWORD).status()).isEqualTo(200);
    assertThat(admin.realm(REALM).users().get(id).getUserSessions()).isNotEmpty();

    states.passwordMayHaveLeaked("62004", "admin-sato", "付箋に書いたパスワードを紛失");

    assertThat(admin.realm(REALM).users().get(id).getUserSessions()).isEmpty();
    assertThat(admin.realm(REALM).users().get(id).toRepresentation().getRequiredActions())
        .contains("UPDATE_PASSWORD");
    assertThat(DirectGrant.login(issuer, CLIENT, "62004", PASSWORD).body())
        .contains("Account is not fully set up");
  }

  @Test
  void reportNotMeWhenOwnerReportsThenLockedUntilAnAdministratorUnlocks() throws Exception {
    user("62005");

    long incident = states.reportNotMe("62005", "previous login shown: unknown", "192.0.2.7");

    assertThat(incident).isPositive();
    assertThat(states.status("62005").code()).isEqualTo("LOCKED");
    assertThat(DirectGrant.login(issuer, CLIENT, "62005", PASSWORD).status()).isEqualTo(400);
    assertThat(states.unlock("62005", "admin-sato", "本人と面談し確認").code()).isEqualTo("ACTIVE");
    assertThat(DirectGrant.login(issuer, CLIENT, "62005", PASSWORD).status()).isEqualTo(200);
  }

  private static String user(String username) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("太郎");
    user.setLastName("試験");
    user.setEnabled(true);
    user.setAttributes(java.util.Map.of("employeeNumber", List.of(username)));
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
