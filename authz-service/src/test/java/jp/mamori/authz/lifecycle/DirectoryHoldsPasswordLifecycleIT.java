package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The daily reconciliation where the directory holds the password, on the real OpenLDAP, Keycloak
 * federating it and PostgreSQL: joiners are created in the directory first, their Keycloak users
 * are the federated ones, linked with Mamori's attributes and section group, and the next plan has
 * nothing left to do (LC-1, LC-6).
 */
class DirectoryHoldsPasswordLifecycleIT {

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final String REALM = "lifecycle-federated-it";
  private static final Policy policy = PolicyLoader.loadDefault();

  private static TestDatabase database;
  private static Keycloak admin;
  private static LdapDirectory directory;
  private static String federationId;
  private static LifecycleService service;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, policy, "it-lifecycle-federated");
    TestSlapd slapd = TestSlapd.instance();
    // an OU of its own under the people subtree: other tests' accounts are not this run's staff
    String ou = "ou=lc" + Long.toHexString(System.nanoTime()) + "," + TestSlapd.PEOPLE_DN;
    try (var root = slapd.root()) {
      root.add("dn: " + ou, "objectClass: organizationalUnit", "ou: " + ou.split("[=,]")[1]);
    }
    DirectorySettings base = slapd.settings();
    DirectorySettings settings = base.withPeopleDn(ou);
    directory = LdapDirectory.connect(settings);
    federationId = new KeycloakDirectoryFederation(admin, REALM).configure(settings);
    LifecycleRules shipped = policy.lifecycle();
    service =
        new LifecycleService(
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            new Planner(
                new LifecycleRules(
                    shipped.deleteAfterDisable(),
                    Duration.ofDays(3650),
                    shipped.contractorGrace(),
                    shipped.orphanGrace(),
                    shipped.maxDeletionsPercent(),
                    shipped.maxDeletionsCount())),
            List.of(
                new DirectoryTarget(directory),
                new KeycloakTarget(
                    admin, REALM, true, KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE, true)),
            List.of(),
            LifecycleStores.on(database.jdbc(), Clock.systemUTC()),
            database.audit(Clock.systemUTC()),
            Clock.systemUTC(),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            true,
            java.util.Optional.empty(),
            List.of());
  }

  @AfterAll
  static void stop() {
    directory.close();
    admin.close();
    database.close();
  }

  @Test
  void joinersCreatedInTheDirectoryFirstThenTheirFederatedUsersLinkedAndNothingLeft()
      throws Exception {
    int base = 500000 + (int) Math.floorMod(System.nanoTime(), 90000L);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(
          String.join(
              ",",
              Integer.toString(base + i),
              "連携 太郎",
              "レンケイ タロウ",
              "K01",
              "市民課",
              "主事",
              "01",
              "01",
              "2024-04-01",
              ""));
    }
    Path hr = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(hr, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);

    LifecycleService.StoredPlan plan = service.plan(hr, APRIL_1);
    assertThat(plan.plan().changes()).hasSize(6);
    LifecycleService.ApplyResult result = service.apply(plan.id(), APRIL_1);

    assertThat(result.status()).as("%s", result).isEqualTo(Status.APPLIED);
    for (int i = 0; i < 3; i++) {
      String number = Integer.toString(base + i);
      assertThat(directory.findByEmployeeNumber(number)).isPresent();
      UserRepresentation user =
          admin.realm(REALM).users().searchByUsername(number, true).getFirst();
      assertThat(user.getFederationLink()).isEqualTo(federationId);
      assertThat(user.getAttributes().get("employeeNumber")).containsExactly(number);
      assertThat(admin.realm(REALM).users().get(user.getId()).groups())
          .extracting(g -> g.getName())
          .anySatisfy(name -> assertThat(name).contains("K01"));
    }
    LifecycleService.StoredPlan next = service.plan(hr, APRIL_1);
    assertThat(next.status()).as("next plan: %s", next.plan().changes()).isEqualTo(Status.EMPTY);
  }
}
