package jp.mamori.authz.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.Clock;
import java.time.LocalDate;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.DirectoryPasswordPolicy;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * With the directory holding the password, on the real OpenLDAP (ppolicy), Keycloak federating it
 * and PostgreSQL: a lockout after failed logons in the directory is the account's state in Mamori,
 * and Mamori's unlock — another person, a reason, on record — releases it in the directory (LG-1).
 */
class DirectoryLockoutIT {

  private static final String REALM = "directory-lockout-it";
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final Policy policy = PolicyLoader.loadDefault();
  private static final TestSlapd slapd = TestSlapd.instance();

  private static TestDatabase database;
  private static Keycloak admin;
  private static LdapDirectory directory;
  private static AccountStates states;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, policy, "it-lockout-direct");
    directory = LdapDirectory.connect(slapd.settings());
    DirectoryPasswordPolicy.openLdap(TestSlapd.POLICY_DN, policy.password(), policy.lockout())
        .apply(directory);
    new KeycloakDirectoryFederation(admin, REALM).configure(slapd.settings());
    states =
        new AccountStates(
            new KeycloakAccountStates(admin, REALM),
            AccountConfiguration.directoryLockouts(directory),
            new AccountActionStore(database.jdbc()),
            database.audit(Clock.systemUTC()),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    directory.close();
    admin.close();
    database.close();
  }

  @Test
  void lockedOutInTheDirectoryThenShownLockedAndUnlockedByAnotherPersonOnRecord() throws Exception {
    String number = Long.toString(300000 + Math.floorMod(System.nanoTime(), 99999L));
    String dn = directory(number);
    String password = "Usable-" + number + "-Hq8Tr";
    new DirectoryCredentials(directory).issueTemporary(dn, password.toCharArray());
    try (var root = slapd.root()) {
      root.modify(dn, new Modification(ModificationType.DELETE, "pwdReset"));
    }
    assertThat(states.status(number))
        .as("federated into Keycloak, active")
        .isInstanceOf(AccountStatus.Active.class);

    int max = policy.lockout().maxFailures();
    for (int i = 1; i <= max; i++) {
      assertThat(slapd.bind(dn, "Wrong-" + i + "-password").succeeded()).isFalse();
    }

    assertThat(states.status(number))
        .isInstanceOfSatisfying(
            AccountStatus.TemporarilyLocked.class,
            t -> {
              assertThat(t.failures()).isEqualTo(max);
              assertThat(t.lastFailure()).isPresent();
            });
    assertThat(slapd.bind(dn, password).locked()).isTrue();
    assertThatThrownBy(() -> states.unlock(number, number, "自分で解除"))
        .isInstanceOfSatisfying(
            AccountStates.Refused.class,
            r -> assertThat(r.fault()).isEqualTo(Refusal.Fault.FORBIDDEN));
    assertThatThrownBy(() -> states.unlock(number, "admin-a", " ")).hasMessageContaining("reason");

    AccountStatus after = states.unlock(number, "admin-a", "本人確認のうえ解除 (電話 内線 1234)");

    assertThat(after).isInstanceOf(AccountStatus.Active.class);
    assertThat(slapd.bind(dn, password)).matches(BindResult::usable);
    assertThat(
            database
                .jdbc()
                .sql(
                    "select actor || '|' || action || '|' || status_before || '|' || status_after"
                        + " from account_action where username = ?")
                .param(number)
                .query(String.class)
                .list())
        .containsExactly("admin-a|UNLOCK|TEMPORARILY_LOCKED|ACTIVE");
  }

  private static String directory(String number) {
    return TestAccounts.create(directory, TestAccounts.staff(number, "施錠 五郎", DAY), DAY);
  }
}
