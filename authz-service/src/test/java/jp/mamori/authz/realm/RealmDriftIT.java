package jp.mamori.authz.realm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.hrsync.directory.DirectoryPasswordPolicy;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.DirectoryHeldPasswords;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drift of the realm from the policy, on the real Keycloak and PostgreSQL: a lockout loosened by
 * hand is found, recorded with what was expected and found, restored, and the restoration recorded;
 * two instances firing the check for one due time record it once.
 */
class RealmDriftIT {

  private static final String REALM = "drift-service-it";

  private static TestDatabase database;
  private static Keycloak admin;
  private static final Policy policy = PolicyLoader.loadDefault();

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  private static RealmDriftCheck check() {
    return RealmConfiguration.keycloakCheck(
        new KeycloakRealmConfigurator(admin, REALM),
        REALM,
        policy,
        new ConsoleClient(
            "mamori-console", "it-secret-0123456789", "http://localhost:18083", "mamori-api"),
        new RealmDriftStore(database.jdbc()),
        database.audit(Clock.systemUTC()),
        Clock.systemUTC());
  }

  private static void loosenLockout() {
    RealmRepresentation realm = admin.realm(REALM).toRepresentation();
    realm.setFailureFactor(30);
    realm.setBruteForceProtected(false);
    admin.realm(REALM).update(realm);
  }

  @Test
  void runWhenLockoutWasLoosenedByHandThenRecordedRestoredAndRestorationRecorded() {
    RealmDriftCheck check = check();
    assertThat(check.run("startup").found()).isEmpty(); // creates the realm from the policy
    loosenLockout();

    RealmDriftCheck.Result result = check.run("schedule");

    assertThat(result.found())
        .extracting(d -> d.setting())
        .containsExactlyInAnyOrder("failureFactor", "bruteForceProtected");
    assertThat(result.remaining()).isEmpty();
    RealmRepresentation now = admin.realm(REALM).toRepresentation();
    assertThat(now.getFailureFactor()).isEqualTo(policy.lockout().maxFailures());
    assertThat(now.isBruteForceProtected()).isTrue();
    List<RealmDriftCheck.Recorded> recorded = check.recorded(10);
    assertThat(recorded)
        .filteredOn(r -> r.setting().equals("failureFactor"))
        .first()
        .satisfies(r -> {
          assertThat(r.expected()).isEqualTo(Integer.toString(policy.lockout().maxFailures()));
          assertThat(r.found()).isEqualTo("30");
          assertThat(r.detectedBy()).isEqualTo("schedule");
          assertThat(r.requirementIds()).containsExactly("LG-1");
          assertThat(r.restoredAt()).isNotNull();
        });
    assertThat(check.run("schedule").found()).isEmpty();
  }

  @Test
  void runIfClaimedWhenTwoInstancesFireForOneDueTimeThenTheDriftIsRecordedOnce() {
    check().run("startup");
    loosenLockout();
    JdbcClient jdbc = database.jdbc();
    int before = count(jdbc);
    Instant due = Instant.parse("2026-12-01T03:15:00Z");
    RealmDriftJob first =
        new RealmDriftJob(
            List.of(check()),
            new JobClaims(database.dataSource(), Clock.systemUTC(), "a"),
            "0 */15 * * * *",
            Clock.systemUTC());
    RealmDriftJob second =
        new RealmDriftJob(
            List.of(check()),
            new JobClaims(database.dataSource(), Clock.systemUTC(), "b"),
            "0 */15 * * * *",
            Clock.systemUTC());

    first.runIfClaimed(due);
    second.runIfClaimed(due);

    assertThat(count(jdbc) - before).isEqualTo(2); // failureFactor and bruteForceProtected, once
    assertThat(
            jdbc.sql("select outcome from job_run where job = ? and due = ?")
                .params(RealmDriftJob.JOB, java.sql.Timestamp.from(due))
                .query(String.class)
                .single())
        .isEqualTo(REALM + ": 2 setting(s) drifted, 2 restored");
  }

  private static int count(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from realm_drift where realm = ?")
        .param(REALM)
        .query(Integer.class)
        .single();
  }

  @Test
  void runWhenDirectoryPolicyAndFederationChangedByHandThenRecordedAndRestored() throws Exception {
    String realm = "drift-directory-it";
    new KeycloakRealmConfigurator(admin, realm)
        .configure(
            policy,
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18083", "mamori-api"));
    TestSlapd slapd = TestSlapd.instance();
    try (LdapDirectory directory = LdapDirectory.connect(slapd.settings())) {
      DirectoryHeldPasswords passwords =
          new DirectoryHeldPasswords(
              directory,
              slapd.settings(),
              DirectoryPasswordPolicy.openLdap(
                  TestSlapd.POLICY_DN, policy.password(), policy.lockout()),
              new KeycloakDirectoryFederation(admin, realm));
      RealmDriftCheck check =
          RealmConfiguration.directoryPasswordsCheck(
              passwords,
              admin,
              realm,
              new RealmDriftStore(database.jdbc()),
              database.audit(Clock.systemUTC()),
              Clock.systemUTC());

      assertThat(check.run("startup").found()).as("the first start sets the mode up").isEmpty();
      assertThat(passwords.drift()).isEmpty();
      try (var root = slapd.root()) {
        root.modify(
            TestSlapd.POLICY_DN,
            new com.unboundid.ldap.sdk.Modification(
                com.unboundid.ldap.sdk.ModificationType.REPLACE, "pwdMaxFailure", "50"));
      }
      var federation = new KeycloakDirectoryFederation(admin, realm);
      var live = federation.find().orElseThrow();
      live.getConfig().putSingle("syncRegistrations", "true");
      admin.realm(realm).components().component(live.getId()).update(live);

      RealmDriftCheck.Result result = check.run("schedule");

      assertThat(result.found())
          .extracting(d -> d.setting())
          .containsExactlyInAnyOrder(
              "directory " + TestSlapd.POLICY_DN + " pwdMaxFailure",
              "userFederation mamori-directory syncRegistrations");
      assertThat(result.remaining()).isEmpty();
      assertThat(passwords.drift()).isEmpty();
      assertThat(check.recorded(10))
          .extracting(RealmDriftCheck.Recorded::realm, RealmDriftCheck.Recorded::found)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("directory:" + realm, "50"),
              org.assertj.core.groups.Tuple.tuple("directory:" + realm, "true"));
      assertThat(check.recorded(10)).allSatisfy(r -> assertThat(r.restoredAt()).isNotNull());
    }
  }
}
