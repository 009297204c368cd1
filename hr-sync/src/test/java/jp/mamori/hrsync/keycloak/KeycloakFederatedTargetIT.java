package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * Keycloak as a target where the directory holds the password, on the real Keycloak federating the
 * real OpenLDAP: a joiner's Keycloak user is the one the federation finds in the directory, given
 * Mamori's attributes and section group, and read back linked; without a directory account nothing
 * is created in Keycloak and the failure says why (LC-1, LC-6).
 */
class KeycloakFederatedTargetIT {

  private static final String REALM = "federated-target-it";
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final TestSlapd slapd = TestSlapd.instance();

  private static Keycloak admin;
  private static String federationId;
  private static KeycloakTarget target;

  @BeforeAll
  static void configure() {
    admin = EmbeddedKeycloak.shared().adminClient();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api"));
    federationId = new KeycloakDirectoryFederation(admin, REALM).configure(slapd.settings());
    target =
        new KeycloakTarget(admin, REALM, true, KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE, true);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void createWhenTheDirectoryHasTheAccountThenTheFederatedUserIsLinkedInItsSection() {
    String number = Long.toString(700000 + Math.floorMod(System.nanoTime(), 99999L));
    StaffRecord staff = TestAccounts.staff(number, "連携 八郎", DAY);
    try (LdapDirectory directory = LdapDirectory.connect(slapd.settings())) {
      TestAccounts.create(directory, staff, DAY);
    }

    assertThat(target.applyAll(List.of(joiner(staff)), DAY)).hasSize(1);

    var user = admin.realm(REALM).users().searchByUsername(number, true).getFirst();
    assertThat(user.getFederationLink())
        .as("the directory's user, not Keycloak's own")
        .isEqualTo(federationId);
    TargetAccount read =
        target.read().stream()
            .filter(a -> number.equals(a.employeeNumber()))
            .findFirst()
            .orElseThrow();
    assertThat(read.state()).isEqualTo(AccountState.ENABLED);
    assertThat(read.sections()).containsExactly("K01");
    // once more (a re-run after a cut-off): still one user, nothing doubled
    target.applyAll(List.of(joiner(staff)), DAY);
    assertThat(admin.realm(REALM).users().searchByUsername(number, true)).hasSize(1);
  }

  @Test
  void createWhenTheDirectoryHasNoAccountThenNothingIsCreatedAndTheFailureSaysWhy() {
    String number = Long.toString(800000 + Math.floorMod(System.nanoTime(), 99999L));
    StaffRecord staff = TestAccounts.staff(number, "未作成 九郎", DAY);

    assertThatThrownBy(() -> target.applyAll(List.of(joiner(staff)), DAY))
        .isInstanceOf(ReconcileTarget.PartiallyApplied.class)
        .cause()
        .hasMessageContaining("no user " + number + " through the directory federation");
    assertThat(admin.realm(REALM).users().searchByUsername(number, true)).isEmpty();
  }

  @Test
  void deleteWhenTheLeaverIsGoneFromTheDirectoryFirstThenTheFederatedUserIsGoneToo() {
    String number = Long.toString(600000 + Math.floorMod(System.nanoTime(), 99999L));
    StaffRecord staff = TestAccounts.staff(number, "退職 十郎", DAY);
    try (LdapDirectory directory = LdapDirectory.connect(slapd.settings())) {
      String dn = TestAccounts.create(directory, staff, DAY);
      target.applyAll(List.of(joiner(staff)), DAY);
      String userId = admin.realm(REALM).users().searchByUsername(number, true).getFirst().getId();

      // the lifecycle applies the directory's changes first, then Keycloak's
      new DirectoryTarget(directory)
          .apply(
              new PlannedAction.Delete(
                  Target.DIRECTORY, number, dn, DAY, Situation.LINKED, Reason.of("削除", "delete")),
              DAY.plusDays(90));
      target.applyAll(
          List.of(
              new PlannedAction.Delete(
                  Target.IDENTITY_PROVIDER,
                  number,
                  userId,
                  DAY,
                  Situation.LINKED,
                  Reason.of("削除", "delete"))),
          DAY.plusDays(90));

      assertThat(directory.findByEmployeeNumber(number)).isEmpty();
      assertThat(admin.realm(REALM).users().searchByUsername(number, true)).isEmpty();
      assertThat(target.read()).noneMatch(a -> number.equals(a.employeeNumber()));
    }
  }

  private static PlannedAction.Create joiner(StaffRecord staff) {
    return new PlannedAction.Create(
        Target.IDENTITY_PROVIDER,
        staff,
        Set.of("K01"),
        Situation.UNMATCHED,
        Reason.of("採用", "joiner"));
  }
}
