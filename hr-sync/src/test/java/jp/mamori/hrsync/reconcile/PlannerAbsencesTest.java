package jp.mamori.hrsync.reconcile;

import static jp.mamori.hrsync.reconcile.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
import jp.mamori.policy.AbsenceRule;
import jp.mamori.policy.LeaveKind;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Absences in the plan (LC-1, LC-2, LC-3): under the shipped policy every leave suspends the whole
 * account with its own stop reason; under a policy that keeps the account for some kinds, only the
 * listed tiers are recorded on Keycloak, and lifted on return.
 */
class PlannerAbsencesTest {

  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final LocalDate BACK = LocalDate.of(2028, 3, 31);
  private static final Set<Target> BOTH = EnumSet.allOf(Target.class);
  private static final Set<Target> IDP = EnumSet.of(Target.IDENTITY_PROVIDER);

  private static final LifecycleRules SHIPPED = PolicyLoader.loadDefault().lifecycle();

  /** The shipped rules, except: 育児休業 stops only MYNUMBER, 産前産後休暇 MYNUMBER and LGWAN. */
  private static final LifecycleRules RELAXED =
      new LifecycleRules(
          SHIPPED.deleteAfterDisable(),
          SHIPPED.dormantAfter(),
          SHIPPED.contractorGrace(),
          SHIPPED.orphanGrace(),
          SHIPPED.maxDeletionsPercent(),
          SHIPPED.maxDeletionsCount(),
          Map.of(
              LeaveKind.CHILDCARE_LEAVE, new AbsenceRule.Tiers(Set.of(Tier.MYNUMBER)),
              LeaveKind.MATERNITY_LEAVE, new AbsenceRule.Tiers(Set.of(Tier.MYNUMBER, Tier.LGWAN))));

  private final Planner shipped = new Planner(SHIPPED);
  private final Planner relaxed = new Planner(RELAXED);

  // --- a leave that stops everything (ALL) -------------------------------------------------

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "LEAVE, LEAVE",
    "CHILDCARE_LEAVE, CHILDCARE_LEAVE",
    "MATERNITY_LEAVE, MATERNITY_LEAVE",
    "SICK_LEAVE, SICK_LEAVE"
  })
  void planWhenLeaveStopsAllThenSuspendEveryTargetWithTheKindsStopReason(
      EmploymentStatus status, StopReason expected) {
    Plan plan =
        shipped.plan(
            file(onLeave("10701", status, Optional.empty())),
            accounts("10701"),
            BOTH,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .hasSize(2)
        .allSatisfy(a ->
            assertThat(a)
                .isInstanceOfSatisfying(
                    PlannedAction.Suspend.class,
                    s -> {
                      assertThat(s.stopReason()).isEqualTo(expected);
                      assertThat(s.stopReason().liftedByHr()).isTrue();
                      assertThat(s.reason().ja()).startsWith(expected.ja() + "により利用停止");
                    }));
  }

  @Test
  void planWhenLeaveStopsAllAndHrGivesAReturnDateThenTheSuspensionNamesIt() {
    Plan plan =
        shipped.plan(
            file(onLeave("10702", EmploymentStatus.CHILDCARE_LEAVE, Optional.of(BACK))),
            List.of(account("10702").build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> {
              assertThat(s.stopReason()).isEqualTo(StopReason.CHILDCARE_LEAVE);
              assertThat(s.reason().ja()).contains("育児休業").contains("復職予定日 2028-03-31");
              assertThat(s.reason().en())
                  .contains("childcare leave")
                  .contains("expected back 2028-03-31");
            });
  }

  @Test
  void planWhenBackFromALeaveThatStoppedAllThenRestored() {
    Plan plan =
        shipped.plan(
            file(staff("10703").effectiveDate(BACK).build()),
            List.of(
                account("10703")
                    .stopped(AccountState.SUSPENDED, StopReason.SICK_LEAVE, APRIL_1)
                    .build()),
            IDP,
            BACK,
            Map.of());

    assertThat(plan.changes()).singleElement().isInstanceOf(PlannedAction.Restore.class);
  }

  // --- a leave that keeps the account (a list of tiers) -------------------------------------

  @Test
  void planWhenLeaveStopsSomeTiersThenNoSuspensionAndTheTiersRecordedOnKeycloakOnly() {
    Plan plan =
        relaxed.plan(
            file(onLeave("10711", EmploymentStatus.CHILDCARE_LEAVE, Optional.of(BACK))),
            accounts("10711"),
            BOTH,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.RestrictTiers.class,
            r -> {
              assertThat(r.target()).isEqualTo(Target.IDENTITY_PROVIDER);
              assertThat(r.tiers()).containsExactly(Tier.MYNUMBER);
              assertThat(r.returnDate()).contains(BACK);
              assertThat(r.destructive()).isFalse();
              assertThat(r.changes()).isTrue();
              assertThat(r.reason().ja()).contains("育児休業").contains("復職予定日 2028-03-31");
              assertThat(r.reason().en()).contains("MYNUMBER").contains("expected back 2028-03-31");
              assertThat(r.reason().requirementIds()).contains("LC-2");
              assertThat(r.canonical())
                  .isEqualTo("RESTRICT_TIERS|IDENTITY_PROVIDER|id-10711|[MYNUMBER]");
            });
    assertThat(plan.verdict()).isInstanceOf(Verdict.Proceed.class);
  }

  @Test
  void planWhenTheTiersAreAlreadyRecordedThenNothingChanges() {
    Plan plan =
        relaxed.plan(
            file(onLeave("10712", EmploymentStatus.MATERNITY_LEAVE, Optional.of(BACK))),
            List.of(account("10712").suspendedTiers(Tier.LGWAN, Tier.MYNUMBER).build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void planWhenHrSaysBackThenTheTiersAreLifted() {
    Plan plan =
        relaxed.plan(
            file(staff("10713").effectiveDate(BACK).build()),
            List.of(account("10713").suspendedTiers(Tier.MYNUMBER).build()),
            IDP,
            BACK,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.RestrictTiers.class,
            r -> {
              assertThat(r.tiers()).isEmpty();
              assertThat(r.reason().ja()).contains("復職").contains("解除");
              assertThat(r.canonical()).endsWith("|[]");
            });
  }

  @Test
  void planWhenThePolicyKeepsTheAccountOfAPersonSuspendedForLeaveThenTiersFirstThenRestore() {
    Plan plan =
        relaxed.plan(
            file(onLeave("10714", EmploymentStatus.CHILDCARE_LEAVE, Optional.empty())),
            List.of(
                account("10714")
                    .stopped(AccountState.SUSPENDED, StopReason.LEAVE, APRIL_1.minusDays(30))
                    .build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .extracting(a -> a.getClass().getSimpleName())
        .containsExactly("RestrictTiers", "Restore");
    assertThat(plan.changes().get(1).reason().ja()).contains("育児休業中も").contains("MYNUMBER");
  }

  @Test
  void planWhenALeaveThatKeepsTheAccountTurnsIntoOneThatStopsAllThenSuspended() {
    Plan plan =
        relaxed.plan(
            file(onLeave("10715", EmploymentStatus.SICK_LEAVE, Optional.empty())),
            List.of(account("10715").suspendedTiers(Tier.MYNUMBER).build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> assertThat(s.stopReason()).isEqualTo(StopReason.SICK_LEAVE));
  }

  @Test
  void planWhenOnALeaveThatKeepsTheAccountThenNotDormantAndNoAccountOpened() {
    TargetAccount unused =
        account("10716").lastLogin(Instant.parse("2026-01-05T00:00:00Z")).build(); // > 90 days
    StaffRecord noAccountYet = onLeave("10717", EmploymentStatus.CHILDCARE_LEAVE, Optional.empty());

    Plan plan =
        relaxed.plan(
            file(
                onLeave("10716", EmploymentStatus.CHILDCARE_LEAVE, Optional.empty()), noAccountYet),
            List.of(unused.withSuspendedTiers(Set.of(Tier.MYNUMBER))),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.actions()).as("neither Disable (dormant) nor Create").isEmpty();
  }

  @Test
  void planWhenALeaveThatKeepsTheAccountIsDatedTomorrowThenOnlyReported() {
    StaffRecord fromTomorrow =
        staff("10718")
            .status(EmploymentStatus.CHILDCARE_LEAVE)
            .effectiveDate(APRIL_1.plusDays(1))
            .build();

    Plan plan =
        relaxed.plan(file(fromTomorrow), List.of(account("10718").build()), IDP, APRIL_1, Map.of());

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.actions()).singleElement().isInstanceOf(PlannedAction.Report.class);
  }

  // --- the return date --------------------------------------------------------------------

  @Test
  void planWhenTheReturnDateHasPassedAndHrStillSaysLeaveThenReportedForHrToCheck() {
    LocalDate dayAfter = BACK.plusDays(1);
    List<TargetAccount> suspended =
        List.of(
            account("10721")
                .stopped(AccountState.SUSPENDED, StopReason.CHILDCARE_LEAVE, APRIL_1)
                .build());

    Plan onTheDay =
        shipped.plan(
            file(onLeave("10721", EmploymentStatus.CHILDCARE_LEAVE, Optional.of(BACK))),
            suspended,
            IDP,
            BACK,
            Map.of());
    Plan after =
        shipped.plan(
            file(onLeave("10721", EmploymentStatus.CHILDCARE_LEAVE, Optional.of(BACK))),
            suspended,
            IDP,
            dayAfter,
            Map.of());

    assertThat(onTheDay.actions()).isEmpty();
    assertThat(after.changes()).isEmpty();
    assertThat(after.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Report.class,
            r -> {
              assertThat(r.reason().ja())
                  .contains("2028-03-31")
                  .contains("復職予定日")
                  .contains("人事データでは休業中です: 人事課に確認してください");
              assertThat(r.reason().en())
                  .contains("the return date (2028-03-31) has passed but HR still says on leave")
                  .contains("check with HR");
              assertThat(r.reason().requirementIds()).contains("LC-3");
            });
  }

  @Test
  void planWhenTheReturnDateOfALeaveThatKeepsTheAccountHasPassedThenReportedToo() {
    Plan plan =
        relaxed.plan(
            file(onLeave("10722", EmploymentStatus.CHILDCARE_LEAVE, Optional.of(BACK))),
            List.of(account("10722").suspendedTiers(Tier.MYNUMBER).build()),
            IDP,
            BACK.plusDays(10),
            Map.of());

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.actions()).singleElement().isInstanceOf(PlannedAction.Report.class);
  }

  // --- properties and contracts ------------------------------------------------------------

  @Test
  void planAfterApplyingIsEmptyThroughALeaveAndTheReturn() {
    InMemoryTargets targets =
        new InMemoryTargets(
            List.of(
                account("10731").build(),
                account("10731").target(Target.DIRECTORY).build(),
                account("10732").build(),
                account("10732").target(Target.DIRECTORY).build()));
    List<List<StaffRecord>> year =
        List.of(
            List.of(
                onLeave("10731", EmploymentStatus.CHILDCARE_LEAVE, Optional.of(BACK)),
                onLeave("10732", EmploymentStatus.SICK_LEAVE, Optional.of(BACK))),
            List.of(
                staff("10731").effectiveDate(BACK).build(),
                staff("10732").effectiveDate(BACK).build()));
    List<LocalDate> days = List.of(APRIL_1, BACK);

    for (int i = 0; i < days.size(); i++) {
      HrFile hr = new HrFile(Path.of("hr.csv"), StandardCharsets.UTF_8, year.get(i), List.of(), 2);
      Plan plan = relaxed.plan(hr, targets.read(), BOTH, days.get(i), Map.of());
      assertThat(plan.changes()).as("on %s", days.get(i)).isNotEmpty();
      targets.apply(plan);

      Plan again = relaxed.plan(hr, targets.read(), BOTH, days.get(i), Map.of());

      assertThat(again.changes()).as("replanned on %s: %s", days.get(i), again.changes()).isEmpty();
    }
    assertThat(targets.read())
        .allSatisfy(a -> {
          assertThat(a.state()).isEqualTo(AccountState.ENABLED);
          assertThat(a.suspendedTiers()).isEmpty();
        });
  }

  @Test
  void restrictTiersWhenForTheDirectoryThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new PlannedAction.RestrictTiers(
                Target.DIRECTORY,
                "10741",
                "uid=10741",
                Set.of(Tier.MYNUMBER),
                Optional.empty(),
                Situation.LINKED,
                Reason.of("x", "x", "LC-2")))
        .withMessageContaining("expected IDENTITY_PROVIDER")
        .withMessageContaining("found DIRECTORY");
  }

  @Test
  void fingerprintWhenTheTiersDifferThenDifferent() {
    List<TargetAccount> accounts = List.of(account("10742").build());
    StaffRecord childcare = onLeave("10742", EmploymentStatus.CHILDCARE_LEAVE, Optional.empty());
    StaffRecord maternity = onLeave("10742", EmploymentStatus.MATERNITY_LEAVE, Optional.empty());

    String a = relaxed.plan(file(childcare), accounts, IDP, APRIL_1, Map.of()).fingerprint();
    String b = relaxed.plan(file(maternity), accounts, IDP, APRIL_1, Map.of()).fingerprint();

    assertThat(a).isNotEqualTo(b);
  }

  // --- fixtures ----------------------------------------------------------------------------

  private static TestStaffRecords.Builder staff(String employeeNumber) {
    return TestStaffRecords.staff()
        .employeeNumber(employeeNumber)
        .effectiveDate(LocalDate.of(2024, 4, 1));
  }

  /** On leave from {@link #APRIL_1}, with the return date HR gives, if any. */
  private static StaffRecord onLeave(
      String employeeNumber, EmploymentStatus status, Optional<LocalDate> returnDate) {
    StaffRecord r = staff(employeeNumber).status(status).effectiveDate(APRIL_1).build();
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
        returnDate,
        r.personId(),
        r.birthDate());
  }

  /** The person's enabled accounts in both targets. */
  private static List<TargetAccount> accounts(String employeeNumber) {
    return List.of(
        account(employeeNumber).build(), account(employeeNumber).target(Target.DIRECTORY).build());
  }

  private static HrFile file(StaffRecord... records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, List.of(records), List.of(), records.length);
  }
}
