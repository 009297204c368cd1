package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Reconciliation against the real Keycloak across 31 March → 1 April: joiners, a mover who loses
 * the old section's group, a leaver whose sessions are revoked, a secondment and the return, an
 * orphan; and planning again after applying yields no change (LC-1, LC-2, LC-5).
 */
class KeycloakTargetIT {

  private static final String REALM = "lifecycle-it";
  private static final String CLIENT = "it-lifecycle-direct";
  private static final LocalDate MARCH_31 = LocalDate.of(2027, 3, 31);
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final EnumSet<Target> IDP = EnumSet.of(Target.IDENTITY_PROVIDER);

  private static Keycloak admin;
  private static KeycloakTarget target;
  private static TokenEndpoint tokens;

  /**
   * The shipped lifecycle rules with thresholds opened up and no dormancy (the accounts are created
   * today but the test plans for a year-end months away): this test is about the actions.
   */
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
                1000));
  }

  @BeforeAll
  static void realm() {
    EmbeddedKeycloak keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18082", "mamori-api"));
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(CLIENT);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    admin.realm(REALM).clients().create(direct).close();
    target = new KeycloakTarget(admin, REALM);
    tokens = new TokenEndpoint(keycloak.baseUrl(), REALM);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void reconcileWhenYearEndPassesThenKeycloakFollowsHrAndReplanningIsEmpty() {
    HrFile march =
        file(
            staff("40001", "K01"),
            staff("40002", "K01"),
            staff("40003", "Z01"),
            staff("40004", "K01"));
    apply(planner.plan(march, target.read(), IDP, MARCH_31, Map.of()), MARCH_31);
    assertThat(account("40001").sections()).containsExactly("K01");
    assertThat(admin.realm(REALM).users().get(account("40004").id()).credentials())
        .as("onboarded without a credential until a temporary password is issued (PW-4)")
        .isEmpty();
    String leaverSession = loginWithPermanentPassword("40002");

    HrFile april =
        file(
            TestStaffRecords.staff()
                .employeeNumber("40001")
                .sectionCode("Z01")
                .effectiveDate(APRIL_1)
                .build(),
            TestStaffRecords.staff()
                .employeeNumber("40002")
                .sectionCode("K01")
                .status(EmploymentStatus.RETIRED)
                .effectiveDate(MARCH_31)
                .build(),
            TestStaffRecords.staff()
                .employeeNumber("40003")
                .sectionCode("Z01")
                .status(EmploymentStatus.SECONDED)
                .effectiveDate(APRIL_1)
                .build(),
            staff("40004", "K01"));

    Plan announced = planner.plan(april, target.read(), IDP, MARCH_31, Map.of());
    assertThat(announced.changes()).as("nothing changes before the effective date").isEmpty();

    Plan yearStart = planner.plan(april, target.read(), IDP, APRIL_1, Map.of());
    assertThat(yearStart.changes())
        .extracting(a -> a.getClass().getSimpleName() + ":" + a.employeeNumber())
        .containsExactlyInAnyOrder("ChangeSections:40001", "Disable:40002", "Suspend:40003");
    apply(yearStart, APRIL_1);

    assertThat(account("40001").sections()).containsExactly("Z01");
    TargetAccount leaver = account("40002");
    assertThat(leaver.state()).isEqualTo(AccountState.DISABLED);
    assertThat(leaver.stopReason()).contains(StopReason.RETIRED);
    assertThat(admin.realm(REALM).users().get(leaver.id()).getUserSessions()).isEmpty();
    assertThat(tokens.refresh(CLIENT, leaverSession).status()).isEqualTo(400);
    assertThat(account("40003").state()).isEqualTo(AccountState.SUSPENDED);
    assertThat(planner.plan(april, target.read(), IDP, APRIL_1, Map.of()).changes()).isEmpty();

    HrFile returned =
        file(
            TestStaffRecords.staff()
                .employeeNumber("40001")
                .sectionCode("Z01")
                .effectiveDate(APRIL_1)
                .build(),
            TestStaffRecords.staff()
                .employeeNumber("40002")
                .status(EmploymentStatus.RETIRED)
                .effectiveDate(MARCH_31)
                .build(),
            TestStaffRecords.staff()
                .employeeNumber("40003")
                .sectionCode("Z01")
                .effectiveDate(LocalDate.of(2028, 4, 1))
                .build(),
            staff("40004", "K01"));
    Plan back = planner.plan(returned, target.read(), IDP, LocalDate.of(2028, 4, 1), Map.of());
    assertThat(back.changes())
        .extracting(a -> a.getClass().getSimpleName() + ":" + a.employeeNumber())
        .contains("Restore:40003", "Delete:40002");
    apply(back, LocalDate.of(2028, 4, 1));
    assertThat(account("40003").state()).isEqualTo(AccountState.ENABLED);
    assertThat(target.read()).noneMatch(a -> a.employeeNumber().equals("40002"));
  }

  @Test
  void applyAllWhenManyJoinersThenImportedInBatchesWithGroupsAndRepeatingIsHarmless() {
    java.util.List<StaffRecord> joiners = new java.util.ArrayList<>();
    // more than one round of requests at once, whichever import the target uses
    int many = target.importBatch() * target.importParallelism() + 20;
    for (int i = 0; i < many; i++) {
      joiners.add(staff(Integer.toString(41000 + i), i % 2 == 0 ? "K01" : "F01"));
    }
    HrFile hr =
        new HrFile(Path.of("hr.csv"), StandardCharsets.UTF_8, joiners, List.of(), joiners.size());
    java.util.List<PlannedAction> creates =
        planner.plan(hr, target.read(), IDP, APRIL_1, Map.of()).changes().stream()
            .filter(a -> a instanceof PlannedAction.Create c && c.employeeNumber().startsWith("41"))
            .toList();

    java.util.List<PlannedAction> applied = target.applyAll(creates, APRIL_1);
    java.util.List<PlannedAction> again = target.applyAll(creates, APRIL_1);

    assertThat(applied).hasSize(joiners.size());
    assertThat(again).hasSize(joiners.size());
    java.util.List<TargetAccount> read =
        target.read().stream().filter(a -> a.employeeNumber().startsWith("41")).toList();
    assertThat(read).hasSize(joiners.size());
    assertThat(read).allSatisfy(a -> assertThat(a.sections()).hasSize(1));
    assertThat(account("41001").sections()).containsExactly("F01");
    assertThat(admin.realm(REALM).users().get(account("41000").id()).credentials()).isEmpty();
  }

  @Test
  void loginsBetweenWhenStaffLoggedInThenTheirLoginEventsAreReadByWindowOldestFirst() {
    HrFile hr = file(staff("42001", "K01"), staff("42002", "K01"));
    apply(planner.plan(hr, target.read(), IDP, MARCH_31, Map.of()), MARCH_31);
    KeycloakLoginEvents events = new KeycloakLoginEvents(admin, REALM);
    Instant before = Instant.now().minusSeconds(1);

    loginWithPermanentPassword("42001");
    // Keycloak stamps events in whole milliseconds: the first login's is in this one or earlier,
    // the second login's in a later one (a window reads from the millisecond after its start)
    Instant between = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Poll.untilClockPasses(between.plusMillis(1));
    loginWithPermanentPassword("42002");
    assertThat(tokens.passwordGrant(CLIENT, "42001", "wrong-password-2027").status())
        .isEqualTo(400); // a failed login is a LOGIN_ERROR, not a login
    Instant after = Instant.now().plusSeconds(1);

    String id1 = account("42001").id();
    String id2 = account("42002").id();
    List<LoginEventSource.Login> all =
        Poll.until(
            "the LOGIN events of 42001 and 42002 in Keycloak's event store",
            () ->
                events.loginsBetween(before, after).stream()
                    .filter(l -> l.accountId().equals(id1) || l.accountId().equals(id2))
                    .toList(),
            logins ->
                logins.stream()
                    .map(LoginEventSource.Login::accountId)
                    .toList()
                    .containsAll(List.of(id1, id2)));
    assertThat(all).extracting(LoginEventSource.Login::accountId).containsExactly(id1, id2);
    assertThat(all).allSatisfy(l -> assertThat(l.ipAddress()).isNotBlank());
    assertThat(events.loginsBetween(between, after))
        .extracting(LoginEventSource.Login::accountId)
        .contains(id2)
        .doesNotContain(id1);
    assertThat(events.loginsBetween(after, after.plusSeconds(60))).isEmpty();
  }

  @Test
  void applyAllWhenOneAccountFailsThenTheOthersAreAppliedAndReportedExactly() {
    HrFile march =
        file(
            staff("43001", "K01"),
            staff("43002", "K01"),
            staff("43003", "K01"),
            staff("43004", "K01"),
            staff("43005", "K01"));
    apply(planner.plan(march, target.read(), IDP, MARCH_31, Map.of()), MARCH_31);
    java.util.List<StaffRecord> moved = new java.util.ArrayList<>();
    for (String emp : List.of("43001", "43002", "43003", "43004", "43005")) {
      moved.add(
          TestStaffRecords.staff()
              .employeeNumber(emp)
              .sectionCode("Z01")
              .effectiveDate(APRIL_1)
              .build());
    }
    HrFile april =
        new HrFile(Path.of("hr.csv"), StandardCharsets.UTF_8, moved, List.of(), moved.size());
    java.util.List<PlannedAction> moves =
        planner.plan(april, target.read(), IDP, APRIL_1, Map.of()).changes().stream()
            .filter(a -> a.employeeNumber().startsWith("430"))
            .toList();
    assertThat(moves).hasSize(5).allMatch(a -> a instanceof PlannedAction.ChangeSections);
    String gone = account("43003").id();
    admin.realm(REALM).users().delete(gone).close(); // removed by hand after planning

    assertThatThrownBy(() -> target.applyAll(moves, APRIL_1))
        .isInstanceOfSatisfying(
            ReconcileTarget.PartiallyApplied.class,
            e -> {
              assertThat(e.failed().employeeNumber()).isEqualTo("43003");
              assertThat(e.applied())
                  .extracting(PlannedAction::employeeNumber)
                  .containsExactly("43001", "43002", "43004", "43005");
            });
    for (String emp : List.of("43001", "43002", "43004", "43005")) {
      assertThat(account(emp).sections()).containsExactly("Z01");
    }
  }

  @Test
  void readWhenUserHasNoHrRecordThenPlannedAsOrphanReportedFirst() {
    UserRepresentation stray = new UserRepresentation();
    stray.setUsername("hand-made-user");
    stray.setEnabled(true);
    String strayId;
    try (Response response = admin.realm(REALM).users().create(stray)) {
      strayId = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }

    Plan plan = planner.plan(file(staff("40009", "K01")), target.read(), IDP, APRIL_1, Map.of());

    assertThat(plan.actions())
        .filteredOn(a -> a instanceof PlannedAction.Report r && r.accountId().equals(strayId))
        .singleElement()
        .satisfies(a -> assertThat(a.situation()).isEqualTo(Situation.ORPHANED));
    assertThat(plan.changes())
        .noneMatch(a -> a instanceof PlannedAction.Disable d && d.accountId().equals(strayId));
  }

  @Test
  void readWhenKeycloakIsUnreachableThenRetryableErrorNotAnEmptyList() {
    try (Keycloak down =
        KeycloakBuilder.builder()
            .serverUrl("http://127.0.0.1:9")
            .realm("master")
            .clientId("admin-cli")
            .username("nobody")
            .password("nothing-here")
            .build()) {
      KeycloakTarget unreachable = new KeycloakTarget(down, REALM);

      assertThatThrownBy(unreachable::read)
          .isInstanceOfSatisfying(KeycloakException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }

  private static void apply(Plan plan, LocalDate today) {
    plan.changes().forEach(action -> target.apply(action, today));
  }

  private static TargetAccount account(String employeeNumber) {
    return target.read().stream()
        .filter(a -> a.employeeNumber().equals(employeeNumber))
        .findFirst()
        .orElseThrow();
  }

  /** Sets a permanent password, logs in by direct grant and returns the refresh token. */
  private static String loginWithPermanentPassword(String username) {
    return tokens.loginWithPermanentPassword(
        admin, REALM, CLIENT, username, "Permanent-Pass-2027x");
  }

  private static StaffRecord staff(String employeeNumber, String section) {
    return TestStaffRecords.staff()
        .employeeNumber(employeeNumber)
        .sectionCode(section)
        .effectiveDate(LocalDate.of(2024, 4, 1))
        .build();
  }

  private static HrFile file(StaffRecord... records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, List.of(records), List.of(), records.length);
  }
}
