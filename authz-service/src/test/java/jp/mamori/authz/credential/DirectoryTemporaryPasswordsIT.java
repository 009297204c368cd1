package jp.mamori.authz.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.DirectoryTemporaryPasswords;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * With the directory holding the password, on the real OpenLDAP (ppolicy), Keycloak federating it
 * and PostgreSQL: the service's temporary password procedure issues into the directory — the
 * directory itself refuses everything but the change, Keycloak asks for a new password at SSO — and
 * its sweep sees the change made at a directory logon as the password used (PW-3, PW-4).
 */
class DirectoryTemporaryPasswordsIT {

  private static final String REALM = "directory-temporary-it";
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final Policy policy = PolicyLoader.loadDefault();
  private static final TestSlapd slapd = TestSlapd.instance();

  private static TestDatabase database;
  private static Keycloak admin;
  private static LdapDirectory directory;
  private static TemporaryPasswords passwords;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, policy, "it-temporary-direct");
    directory = LdapDirectory.connect(slapd.settings());
    new KeycloakDirectoryFederation(admin, REALM).configure(slapd.settings());
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    passwords =
        new TemporaryPasswords(
            new DirectoryTemporaryPasswords(admin, REALM, directory),
            () ->
                new TemporaryPassword(
                    generator.generate(policy.password(), policy.temporaryPassword())),
            policy.temporaryPassword(),
            new TemporaryPasswordIssueStore(database.jdbc()),
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
  void issuedIntoTheDirectoryForcedToChangeEverywhereAndTheChangeSeenAsUsed() throws Exception {
    String number = Long.toString(100000 + Math.floorMod(System.nanoTime(), 99999L));
    String dn = TestAccounts.create(directory, TestAccounts.staff(number, "仮 七郎", DAY), DAY);

    TemporaryPasswords.Issued issued =
        passwords.issue(number, "admin-a", TemporaryPasswords.Handover.IN_PERSON);
    String temporary = issued.password().reveal();

    assertThat(slapd.bind(dn, temporary).mustChangePassword())
        .as("the directory refuses all but the change")
        .isTrue();
    assertThat(
            admin
                .realm(REALM)
                .users()
                .searchByUsername(number, true)
                .getFirst()
                .getRequiredActions())
        .as("Keycloak asks for a new password at SSO")
        .contains("UPDATE_PASSWORD");
    assertThat(passwords.sweep()).isEqualTo(new TemporaryPasswords.Sweep(0, 0));

    // the person changes it at a directory logon (as at Windows' "change password")
    String chosen = "Chosen-" + number + "-Mv3pLx";
    try (LDAPConnection self = new LDAPConnection("127.0.0.1", slapd.port(), dn, temporary)) {
      assertThat(
              self.processExtendedOperation(
                      new PasswordModifyExtendedRequest(null, temporary, chosen))
                  .getResultCode())
          .isEqualTo(ResultCode.SUCCESS);
    }
    assertThat(slapd.bind(dn, chosen)).matches(BindResult::usable);

    assertThat(passwords.sweep()).isEqualTo(new TemporaryPasswords.Sweep(1, 0));
    assertThat(passwords.history(number))
        .singleElement()
        .satisfies(i -> assertThat(i.outcome()).isEqualTo(TemporaryPasswords.Outcome.USED));
  }
}
