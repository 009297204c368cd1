package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.AbsenceRule;
import jp.mamori.policy.LeaveKind;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Absences on the real Keycloak (LC-1, LC-2): under a policy that keeps the account during 育児休業 but
 * stops the My Number tier, the tiers are recorded on the user ({@code mamoriSuspendedTiers}), the
 * user stays enabled, every session ends, both reads (Mamori's provider and the standard admin API)
 * and the account-state lookup of the access decision see them, and they are lifted when HR says
 * the person is back; a leave the policy stops altogether suspends with its own reason. Planning
 * again after each step is empty.
 */
class KeycloakAbsenceIT {

  private static final String REALM = "absence-it";
  private static final String CLIENT = "it-absence-direct";
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final LocalDate BACK = LocalDate.of(2028, 4, 1);
  private static final EnumSet<Target> IDP = EnumSet.of(Target.IDENTITY_PROVIDER);

  /** The shipped rules, no dormancy (the test plans a year ahead), 育児休業 stopping MYNUMBER only. */
  private static final Planner planner;

  static {
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
    planner =
        new Planner(
            new LifecycleRules(
                shipped.deleteAfterDisable(),
                java.time.Duration.ofDays(3650),
                shipped.contractorGrace(),
                shipped.orphanGrace(),
                100,
                1000,
                Map.of(LeaveKind.CHILDCARE_LEAVE, new AbsenceRule.Tiers(Set.of(Tier.MYNUMBER)))));
  }

  private static Keycloak admin;
  private static KeycloakTarget target;
  private static KeycloakTarget standard;
  private static TokenEndpoint tokens;

  @BeforeAll
  static void realm() {
    EmbeddedKeycloak keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18083", "mamori-api"));
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(CLIENT);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    admin.realm(REALM).clients().create(direct).close();
    target = new KeycloakTarget(admin, REALM);
    standard = new KeycloakTarget(admin, REALM, false, KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE);
    tokens = new TokenEndpoint(keycloak.baseUrl(), REALM);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void restrictTiersWhenChildcareLeaveThenRecordedSessionsEndedAndOnReturnLifted() {
    apply(planner.plan(file(staff("46001").build()), target.read(), IDP, APRIL_1, Map.of()));
    String session =
        tokens.loginWithPermanentPassword(admin, REALM, CLIENT, "46001", "Permanent-Pass-2027x");
    HrFile leave =
        file(
            returning(
                staff("46001").status(EmploymentStatus.CHILDCARE_LEAVE).effectiveDate(APRIL_1),
                BACK.minusDays(1)));

    Plan restrict = planner.plan(leave, target.read(), IDP, APRIL_1, Map.of());
    assertThat(restrict.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.RestrictTiers.class,
            r -> assertThat(r.tiers()).containsExactly(Tier.MYNUMBER));
    apply(restrict);

    TargetAccount absent = account(target, "46001");
    assertThat(absent.state()).as("kept for the other tiers").isEqualTo(AccountState.ENABLED);
    assertThat(absent.suspendedTiers()).containsExactly(Tier.MYNUMBER);
    assertThat(account(standard, "46001").suspendedTiers()).containsExactly(Tier.MYNUMBER);
    assertThat(admin.realm(REALM).users().get(absent.id()).toRepresentation().getAttributes())
        .containsEntry(KeycloakTarget.SUSPENDED_TIERS, List.of("MYNUMBER"));
    assertThat(new KeycloakAccountStates(admin, REALM).current("46001"))
        .hasValueSatisfying(c -> {
          assertThat(c.status().code()).isEqualTo("ACTIVE");
          assertThat(c.account().suspendedTiers()).containsExactly(Tier.MYNUMBER);
        });
    assertThat(admin.realm(REALM).users().get(absent.id()).getUserSessions()).isEmpty();
    assertThat(tokens.refresh(CLIENT, session).status())
        .as("a session from before the restriction ends")
        .isEqualTo(400);
    assertThat(planner.plan(leave, target.read(), IDP, APRIL_1, Map.of()).changes()).isEmpty();

    HrFile back = file(staff("46001").effectiveDate(BACK).build());
    Plan lift = planner.plan(back, target.read(), IDP, BACK, Map.of());
    assertThat(lift.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.RestrictTiers.class, r -> assertThat(r.tiers()).isEmpty());
    apply(lift);

    assertThat(account(target, "46001").suspendedTiers()).isEmpty();
    assertThat(admin.realm(REALM).users().get(absent.id()).toRepresentation().getAttributes())
        .doesNotContainKey(KeycloakTarget.SUSPENDED_TIERS);
    assertThat(planner.plan(back, target.read(), IDP, BACK, Map.of()).changes()).isEmpty();
  }

  @Test
  void suspendWhenSickLeaveStopsAllThenSuspendedWithItsOwnReasonAndRestoredOnReturn() {
    apply(planner.plan(file(staff("46002").build()), target.read(), IDP, APRIL_1, Map.of()));
    HrFile sick =
        file(staff("46002").status(EmploymentStatus.SICK_LEAVE).effectiveDate(APRIL_1).build());

    apply(planner.plan(sick, target.read(), IDP, APRIL_1, Map.of()));

    TargetAccount suspended = account(target, "46002");
    assertThat(suspended.state()).isEqualTo(AccountState.SUSPENDED);
    assertThat(suspended.stopReason()).contains(StopReason.SICK_LEAVE);
    assertThat(suspended.suspendedTiers()).isEmpty();
    assertThat(planner.plan(sick, target.read(), IDP, APRIL_1, Map.of()).changes()).isEmpty();

    HrFile back = file(staff("46002").effectiveDate(BACK).build());
    apply(planner.plan(back, target.read(), IDP, BACK, Map.of()));

    assertThat(account(target, "46002").state()).isEqualTo(AccountState.ENABLED);
    assertThat(planner.plan(back, target.read(), IDP, BACK, Map.of()).changes()).isEmpty();
  }

  private static void apply(Plan plan) {
    plan.changes().forEach(action -> target.apply(action, plan.today()));
  }

  private static TargetAccount account(KeycloakTarget from, String employeeNumber) {
    return from.read().stream()
        .filter(a -> a.employeeNumber().equals(employeeNumber))
        .findFirst()
        .orElseThrow();
  }

  private static TestStaffRecords.Builder staff(String employeeNumber) {
    return TestStaffRecords.staff()
        .employeeNumber(employeeNumber)
        .sectionCode("K01")
        .effectiveDate(LocalDate.of(2024, 4, 1));
  }

  /** The builder's record with a return date (復職予定日). */
  private static StaffRecord returning(TestStaffRecords.Builder builder, LocalDate back) {
    StaffRecord r = builder.build();
    return new StaffRecord(
        r.employeeNumber(),
        r.fullName(),
        r.fullNameKana(),
        r.sectionCode(),
        r.sectionName(),
        r.title(),
        r.employmentType(),
        r.status(),
        r.effectiveDate(),
        r.contractEnd(),
        r.concurrentPost(),
        Optional.of(back),
        r.personId(),
        r.birthDate());
  }

  private static HrFile file(StaffRecord... records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, List.of(records), List.of(), records.length);
  }
}
