package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSambaDc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;

/**
 * The service in production mode with Active Directory holding the password (a pilot), on the Samba
 * DC over LDAPS, a Keycloak that trusts the DC's CA, and PostgreSQL: at start-up the policy's
 * password settings object is written and applied to the staff group, a day's plan creates the
 * joiner in AD (member of the staff group) and links the federated SSO user, a temporary password
 * goes into AD ({@code data 773}), and a lockout in AD after the policy's failures is the account's
 * state in Mamori (PW-1, PW-4, LG-1, LC-1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActiveDirectoryHoldsPasswordServiceIT {

  private static final String REALM = "ad-holds-it";
  private static final Policy policy = PolicyLoader.loadDefault();

  private final TestSambaDc dc = TestSambaDc.instance();
  private EmbeddedKeycloak keycloak;
  private Keycloak admin;
  private PilotService pilot;
  private String ou;

  @BeforeAll
  void start() throws Exception {
    keycloak =
        EmbeddedKeycloak.start(
            EmbeddedKeycloak.homeFromEnvironment(), null, List.of(dc.caCertificate()));
    admin = keycloak.adminClient();
    ou = "OU=Svc" + Long.toHexString(System.nanoTime()) + "," + TestSambaDc.PEOPLE_DN;
    try (var c = dc.admin()) {
      c.add("dn: " + ou, "objectClass: organizationalUnit");
    }
    DirectorySettings base = dc.settings();
    pilot =
        PilotService.start(
            keycloak,
            REALM,
            base.withPeopleDn(ou),
            Map.of(
                "mamori.directory.password-policy-dn",
                TestSambaDc.PSO_DN,
                "mamori.directory.staff-group-dn",
                TestSambaDc.STAFF_GROUP_DN));
  }

  @AfterAll
  void stop() {
    if (pilot != null) {
      pilot.close();
    }
    admin.close();
    keycloak.close();
  }

  @Test
  void startUpWritesThePsoThenJoinerTemporaryPasswordAndLockoutGoThroughActiveDirectory()
      throws Exception {
    try (var c = dc.admin()) {
      assertThat(
              c.getEntry(TestSambaDc.PSO_DN, "msDS-LockoutThreshold")
                  .getAttributeValue("msDS-LockoutThreshold"))
          .isEqualTo(Integer.toString(policy.lockout().maxFailures()));
    }

    LifecycleService lifecycle = pilot.bean(LifecycleService.class);
    LifecycleService.StoredPlan plan = lifecycle.plan(pilot.hr, LocalDate.of(2027, 4, 1));
    assertThat(lifecycle.apply(plan.id(), LocalDate.of(2027, 4, 1)).status())
        .isEqualTo(Status.APPLIED);
    String dn =
        pilot.bean(LdapDirectory.class).findByEmployeeNumber(pilot.number).orElseThrow().dn();
    try (var c = dc.admin()) {
      assertThat(c.getEntry(TestSambaDc.STAFF_GROUP_DN, "member").getAttributeValues("member"))
          .contains(dn);
    }
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
    assertThat(dc.bind(dn, issued.password().reveal()).diagnostic()).contains("data 773");

    for (int i = 1; i <= policy.lockout().maxFailures(); i++) {
      assertThat(dc.bind(dn, "Wrong-" + i + "-password").succeeded()).isFalse();
    }
    assertThat(pilot.bean(AccountStates.class).status(pilot.number))
        .isInstanceOf(AccountStatus.TemporarilyLocked.class);
    assertThat(dc.bind(dn, issued.password().reveal()).diagnostic()).contains("data 775");
  }
}
