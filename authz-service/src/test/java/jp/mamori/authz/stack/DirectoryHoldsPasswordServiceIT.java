package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;

/**
 * The service in production mode with the directory holding the password, on the real OpenLDAP,
 * Keycloak and PostgreSQL: at start-up it writes the policy to the ppolicy entry and configures the
 * federation; a day's plan creates the joiner in the directory and links the federated SSO user; a
 * temporary password goes into the directory; a directory lockout is the account's state (PW-1,
 * PW-4, LG-1, LC-1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryHoldsPasswordServiceIT {

  private static final String REALM = "directory-holds-it";
  private static final Policy policy = PolicyLoader.loadDefault();

  private final TestSlapd slapd = TestSlapd.instance();
  private Keycloak admin;
  private PilotService pilot;

  @BeforeAll
  void start() throws Exception {
    admin = EmbeddedKeycloak.shared().adminClient();
    String ou = "ou=svc" + Long.toHexString(System.nanoTime()) + "," + TestSlapd.PEOPLE_DN;
    try (var root = slapd.root()) {
      root.add("dn: " + ou, "objectClass: organizationalUnit", "ou: " + ou.split("[=,]")[1]);
      // a hand-loosened policy the service must put right at start-up
      root.modify(
          TestSlapd.POLICY_DN,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE, "pwdMaxFailure", "50"));
    }
    DirectorySettings base = slapd.settings();
    pilot =
        PilotService.start(
            EmbeddedKeycloak.shared(),
            REALM,
            base.withPeopleDn(ou),
            Map.of("mamori.directory.password-policy-dn", TestSlapd.POLICY_DN));
  }

  @AfterAll
  void stop() {
    if (pilot != null) {
      pilot.close();
    }
    admin.close();
  }

  @Test
  void
      startUpWritesThePolicyAndFederationThenJoinerTemporaryPasswordAndLockoutGoThroughTheDirectory()
          throws Exception {
    try (var root = slapd.root()) {
      assertThat(
              root.getEntry(TestSlapd.POLICY_DN, "pwdMaxFailure")
                  .getAttributeValue("pwdMaxFailure"))
          .isEqualTo(Integer.toString(policy.lockout().maxFailures()));
    }
    assertThat(new KeycloakDirectoryFederation(admin, REALM).find()).isPresent();

    LifecycleService lifecycle = pilot.bean(LifecycleService.class);
    LifecycleService.StoredPlan plan = lifecycle.plan(pilot.hr, LocalDate.of(2027, 4, 1));
    assertThat(lifecycle.apply(plan.id(), LocalDate.of(2027, 4, 1)).status())
        .isEqualTo(Status.APPLIED);
    assertThat(
            admin
                .realm(REALM)
                .users()
                .searchByUsername(pilot.number, true)
                .getFirst()
                .getFederationLink())
        .isNotNull();

    TemporaryPasswords.Issued issued =
        pilot
            .bean(TemporaryPasswords.class)
            .issue(pilot.number, "admin-a", TemporaryPasswords.Handover.IN_PERSON);
    String dn =
        pilot.bean(LdapDirectory.class).findByEmployeeNumber(pilot.number).orElseThrow().dn();
    assertThat(slapd.bind(dn, issued.password().reveal()).mustChangePassword()).isTrue();

    for (int i = 1; i <= policy.lockout().maxFailures(); i++) {
      assertThat(slapd.bind(dn, "Wrong-" + i + "-password").succeeded()).isFalse();
    }
    assertThat(pilot.bean(AccountStates.class).status(pilot.number))
        .isInstanceOf(AccountStatus.TemporarilyLocked.class);
    assertThat(slapd.bind(dn, issued.password().reveal())).matches(r -> !r.succeeded());
  }
}
