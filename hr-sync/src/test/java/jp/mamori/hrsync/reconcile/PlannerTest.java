package jp.mamori.hrsync.reconcile;

import static jp.mamori.hrsync.reconcile.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.HrRowProblem;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

/** The reconciliation core, event by event, across 31 March → 1 April, and its guard. */
class PlannerTest {

  private static final LocalDate MARCH_31 = LocalDate.of(2027, 3, 31);
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final Set<Target> IDP = EnumSet.of(Target.IDENTITY_PROVIDER);

  private final Planner planner = new Planner(PolicyLoader.loadDefault().lifecycle());

  // --- joiners ---------------------------------------------------------------------------

  @Test
  void planWhenNewActiveStaffThenCreateInEveryTargetCitingLc1() {
    Plan plan =
        planner.plan(
            file(staff("10001").build()),
            List.of(),
            EnumSet.allOf(Target.class),
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .hasSize(2)
        .allSatisfy(a -> {
          assertThat(a).isInstanceOf(PlannedAction.Create.class);
          assertThat(a.situation()).isEqualTo(Situation.UNMATCHED);
          assertThat(a.reason().requirementIds()).contains("LC-1");
        });
    assertThat(plan.changes())
        .extracting(PlannedAction::target)
        .containsExactlyInAnyOrder(Target.values());
  }

  @Test
  void planWhenHireIsDatedTomorrowThenOnlyReportedUntilTheDay() {
    StaffRecord joiner = staff("10002").effectiveDate(APRIL_1).build();

    Plan before = planner.plan(file(joiner), List.of(), IDP, MARCH_31, Map.of());
    Plan onTheDay = planner.plan(file(joiner), List.of(), IDP, APRIL_1, Map.of());

    assertThat(before.isEmpty()).isTrue();
    assertThat(before.actions()).singleElement().isInstanceOf(PlannedAction.Report.class);
    assertThat(onTheDay.changes()).singleElement().isInstanceOf(PlannedAction.Create.class);
  }

  // --- movers ----------------------------------------------------------------------------

  @Test
  void planWhenTransferIsAnnouncedForApril1ThenOldAccessIsKeptOnMarch31AndWithdrawnOnApril1() {
    StaffRecord moved =
        staff("10003").sectionCode("Z01").sectionName("税務課").effectiveDate(APRIL_1).build();
    List<TargetAccount> accounts = List.of(account("10003").sections("K01").build());

    Plan march31 = planner.plan(file(moved), accounts, IDP, MARCH_31, Map.of());
    Plan april1 = planner.plan(file(moved), accounts, IDP, APRIL_1, Map.of());

    assertThat(march31.isEmpty()).isTrue();
    assertThat(march31.actions())
        .singleElement()
        .satisfies(a -> assertThat(a.reason().ja()).contains("2027-04-01").contains("予定"));
    assertThat(april1.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.ChangeSections.class,
            c -> {
              assertThat(c.add()).containsExactly("Z01");
              assertThat(c.remove()).containsExactly("K01");
              assertThat(c.reason().requirementIds()).contains("LC-5");
              assertThat(c.destructive()).isFalse();
            });
  }

  @Test
  void planWhenConcurrentPostThenAccessOfBothSections() {
    StaffRecord main = staff("10004").sectionCode("K01").build();
    StaffRecord second =
        new StaffRecord(
            "10004",
            "山田 太郎",
            "ヤマダ タロウ",
            "F01",
            "福祉課",
            "主事",
            EmploymentType.REGULAR,
            EmploymentStatus.ACTIVE,
            LocalDate.of(2024, 4, 1),
            java.util.Optional.empty(),
            true);

    Plan plan =
        planner.plan(
            file(main, second),
            List.of(account("10004").sections("K01").build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.ChangeSections.class,
            c -> {
              assertThat(c.add()).containsExactly("F01");
              assertThat(c.remove()).isEmpty();
            });
  }

  @Test
  void planWhenNameChangesThenRenameKeepingTheAccount() {
    Plan plan =
        planner.plan(
            file(staff("10005").fullName("佐藤 花子").build()),
            List.of(account("10005").fullName("鈴木 花子").build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Rename.class,
            r -> {
              assertThat(r.accountId()).isEqualTo("id-10005");
              assertThat(r.fullName()).isEqualTo("佐藤 花子");
            });
  }

  // --- suspensions and returns ---------------------------------------------------------------

  @Test
  void planWhenSecondedThenSuspendAndOnReturnRestore() {
    StaffRecord seconded =
        staff("10006").status(EmploymentStatus.SECONDED).effectiveDate(APRIL_1).build();
    StaffRecord back = staff("10006").effectiveDate(LocalDate.of(2028, 4, 1)).build();

    Plan out =
        planner.plan(file(seconded), List.of(account("10006").build()), IDP, APRIL_1, Map.of());
    Plan returned =
        planner.plan(
            file(back),
            List.of(
                account("10006")
                    .stopped(AccountState.SUSPENDED, StopReason.SECONDED, APRIL_1)
                    .build()),
            IDP,
            LocalDate.of(2028, 4, 1),
            Map.of());

    assertThat(out.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> assertThat(s.stopReason()).isEqualTo(StopReason.SECONDED));
    assertThat(returned.changes()).singleElement().isInstanceOf(PlannedAction.Restore.class);
  }

  @Test
  void planWhenOnLeaveThenSuspendWithLeaveReason() {
    Plan plan =
        planner.plan(
            file(staff("10007").status(EmploymentStatus.LEAVE).build()),
            List.of(account("10007").build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> assertThat(s.stopReason()).isEqualTo(StopReason.LEAVE));
  }

  // --- leavers -----------------------------------------------------------------------------

  @Test
  void planWhenRetiringOnMarch31ThenWorksThatDayAndIsDisabledOnApril1() {
    StaffRecord retiring =
        staff("10008").status(EmploymentStatus.RETIRED).effectiveDate(MARCH_31).build();
    List<TargetAccount> accounts = List.of(account("10008").build());

    Plan lastDay = planner.plan(file(retiring), accounts, IDP, MARCH_31, Map.of());
    Plan nextDay = planner.plan(file(retiring), accounts, IDP, APRIL_1, Map.of());

    assertThat(lastDay.isEmpty()).isTrue();
    assertThat(nextDay.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Disable.class,
            d -> {
              assertThat(d.stopReason()).isEqualTo(StopReason.RETIRED);
              assertThat(d.situation()).isEqualTo(Situation.DEPARTED);
              assertThat(d.reason().en()).contains("revoke all sessions");
            });
  }

  @Test
  void planWhenDisabledLeaverPassesRetentionThenDeleteNotBefore() {
    StaffRecord retired =
        staff("10009").status(EmploymentStatus.RETIRED).effectiveDate(MARCH_31).build();
    List<TargetAccount> accounts =
        List.of(
            account("10009").stopped(AccountState.DISABLED, StopReason.RETIRED, APRIL_1).build());

    Plan day89 = planner.plan(file(retired), accounts, IDP, APRIL_1.plusDays(89), Map.of());
    Plan day90 = planner.plan(file(retired), accounts, IDP, APRIL_1.plusDays(90), Map.of());

    assertThat(day89.isEmpty()).isTrue();
    assertThat(day90.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Delete.class,
            d -> assertThat(d.reason().requirementIds()).contains("LC-2"));
  }

  @Test
  void planWhenReEmployedAfterRetirementThenRestoreTheSameAccount() {
    Plan plan =
        planner.plan(
            file(staff("10010").effectiveDate(APRIL_1).build()),
            List.of(
                account("10010")
                    .stopped(AccountState.DISABLED, StopReason.RETIRED, MARCH_31)
                    .build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Restore.class, r -> assertThat(r.accountId()).isEqualTo("id-10010"));
  }

  @Test
  void planWhenContractEndedThenDisableCitingLc7() {
    StaffRecord contractor =
        staff("10011").employmentType(EmploymentType.CONTRACTOR).contractEnd(MARCH_31).build();

    Plan lastDay =
        planner.plan(file(contractor), List.of(account("10011").build()), IDP, MARCH_31, Map.of());
    Plan after =
        planner.plan(file(contractor), List.of(account("10011").build()), IDP, APRIL_1, Map.of());

    assertThat(lastDay.isEmpty()).isTrue();
    assertThat(after.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Disable.class,
            d -> {
              assertThat(d.stopReason()).isEqualTo(StopReason.CONTRACT_ENDED);
              assertThat(d.reason().requirementIds()).contains("LC-7");
            });
  }

  // --- orphans, dormant, development, disputes ------------------------------------------------

  @Test
  void planWhenAccountHasNoHrRecordThenReportedAtOnceAndDisabledAfterGrace() {
    List<StaffRecord> staff = manyStaff(100);
    List<TargetAccount> accounts = new ArrayList<>(accountsFor(staff));
    accounts.add(account("99999").build());
    Map<String, LocalDate> seen = Map.of("IDENTITY_PROVIDER:id-99999", APRIL_1);

    Plan firstDay = planner.plan(file(staff), accounts, IDP, APRIL_1, seen);
    Plan afterGrace = planner.plan(file(staff), accounts, IDP, APRIL_1.plusDays(7), seen);

    assertThat(firstDay.isEmpty()).isTrue();
    assertThat(firstDay.actions())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.situation()).isEqualTo(Situation.ORPHANED);
          assertThat(a.reason().ja()).contains("2027-04-08");
        });
    assertThat(afterGrace.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Disable.class,
            d -> assertThat(d.stopReason()).isEqualTo(StopReason.ORPHANED));
    assertThat(afterGrace.held()).isFalse();
  }

  @Test
  void planWhenServiceOrPrivilegedAccountHasNoHrRecordThenLeftAlone() {
    Plan plan =
        planner.plan(
            file(staff("10001").build()),
            List.of(
                account("10001").build(),
                account("").id("svc-backup").kind(AccountKind.SERVICE).build(),
                account("").id("adm-ldap").kind(AccountKind.PRIVILEGED).build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void planWhenNoLoginForLongerThanPolicyThenDisableAsDormantAndNeverRestoreByHr() {
    Instant longAgo = Instant.parse("2026-11-01T00:00:00Z");
    StaffRecord active = staff("10012").build();

    Plan plan =
        planner.plan(
            file(active),
            List.of(account("10012").lastLogin(longAgo).build()),
            IDP,
            APRIL_1,
            Map.of());
    Plan after =
        planner.plan(
            file(active),
            List.of(
                account("10012")
                    .stopped(AccountState.DISABLED, StopReason.DORMANT, APRIL_1)
                    .build()),
            IDP,
            APRIL_1.plusDays(1),
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Disable.class,
            d -> assertThat(d.stopReason()).isEqualTo(StopReason.DORMANT));
    assertThat(after.isEmpty()).isTrue();
    assertThat(after.actions())
        .singleElement()
        .satisfies(a -> assertThat(a.reason().en()).contains("administrator"));
  }

  @Test
  void planWhenPersonLogsInOnOneTargetThenNoneOfTheirAccountsIsDormant() {
    Instant recent = Instant.parse("2027-03-20T00:00:00Z");
    Instant longAgo = Instant.parse("2026-11-01T00:00:00Z");
    StaffRecord active = staff("10015").build();

    Plan plan =
        planner.plan(
            file(active),
            List.of(
                account("10015").lastLogin(recent).build(),
                account("10015").target(Target.DIRECTORY).id("uid=10015").build()),
            java.util.EnumSet.allOf(Target.class),
            APRIL_1,
            Map.of());
    Plan unused =
        planner.plan(
            file(active),
            List.of(
                account("10015").lastLogin(longAgo).build(),
                account("10015").target(Target.DIRECTORY).id("uid=10015").build()),
            java.util.EnumSet.allOf(Target.class),
            APRIL_1,
            Map.of());

    assertThat(plan.changes()).isEmpty();
    assertThat(unused.changes())
        .extracting(PlannedAction::target)
        .containsExactlyInAnyOrder(Target.IDENTITY_PROVIDER, Target.DIRECTORY);
    assertThat(unused.changes())
        .allSatisfy(a ->
            assertThat(a)
                .isInstanceOfSatisfying(
                    PlannedAction.Disable.class,
                    d -> assertThat(d.stopReason()).isEqualTo(StopReason.DORMANT)));
  }

  @Test
  void planWhenBackFromALongLeaveThenNotDormantUntilThePeriodPassesSinceTheReturn() {
    Instant beforeTheLeave = Instant.parse("2025-12-01T00:00:00Z");
    StaffRecord back = staff("10016").build();
    List<TargetAccount> accounts =
        List.of(
            account("10016").lastLogin(beforeTheLeave).enabledSince(APRIL_1.minusDays(1)).build(),
            // the directory keeps no date for an enabled entry: the person's return counts
            account("10016").target(Target.DIRECTORY).id("uid=10016").build());

    Plan nextMorning =
        planner.plan(file(back), accounts, EnumSet.allOf(Target.class), APRIL_1, Map.of());
    Plan unusedSinceTheReturn =
        planner.plan(
            file(back), accounts, EnumSet.allOf(Target.class), APRIL_1.plusDays(91), Map.of());

    assertThat(nextMorning.changes()).isEmpty();
    assertThat(unusedSinceTheReturn.changes())
        .hasSize(2)
        .allSatisfy(a ->
            assertThat(a)
                .isInstanceOfSatisfying(
                    PlannedAction.Disable.class,
                    d -> assertThat(d.stopReason()).isEqualTo(StopReason.DORMANT)));
  }

  @Test
  void planWhenLastLoginIsUnknownThenNotDormantEvenIfCreatedLongAgo() {
    Plan plan =
        planner.plan(
            file(staff("10014").build()),
            List.of(account("10014").createdAt(Instant.parse("2020-04-01T00:00:00Z")).build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void planWhenDevelopmentIdPassesItsEndDateThenDisableAndWithoutEndDateReport() {
    Plan plan =
        planner.plan(
            file(staff("10001").build()),
            List.of(
                account("10001").build(),
                account("").id("dev-ended").kind(AccountKind.DEVELOPMENT).endDate(MARCH_31).build(),
                account("").id("dev-open").kind(AccountKind.DEVELOPMENT).build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Disable.class,
            d -> {
              assertThat(d.accountId()).isEqualTo("dev-ended");
              assertThat(d.reason().requirementIds()).contains("LC-4");
            });
    assertThat(plan.actions())
        .filteredOn(a -> !a.changes())
        .singleElement()
        .satisfies(a -> assertThat(a.reason().requirementIds()).contains("LC-4"));
  }

  @Test
  void planWhenTwoAccountsCarryOneEmployeeNumberThenDisputedAndNothingChanged() {
    Plan plan =
        planner.plan(
            file(staff("10013").status(EmploymentStatus.RETIRED).effectiveDate(MARCH_31).build()),
            List.of(account("10013").id("a").build(), account("10013").id("b").build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.actions())
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.situation()).isEqualTo(Situation.DISPUTED));
  }

  @Test
  void planWhenThreeAccountsCarryOneEmployeeNumberThenEachIsReportedOnceInReadOrder() {
    Plan plan =
        planner.plan(
            file(staff("10013").build(), staff("10014").build()),
            List.of(
                account("10013").id("a").build(),
                account("10014").id("x").build(),
                account("10013").id("b").build(),
                account("10013").id("c").build()),
            IDP,
            APRIL_1,
            Map.of());

    assertThat(plan.actions())
        .filteredOn(a -> a.situation() == Situation.DISPUTED)
        .extracting(a -> ((PlannedAction.Report) a).accountId())
        .containsExactly("a", "b", "c");
    assertThat(plan.actions())
        .filteredOn(a -> a.situation() == Situation.DISPUTED)
        .allSatisfy(a -> assertThat(a.reason().en()).startsWith("3 accounts carry"));
    assertThat(plan.actions()).noneMatch(a -> a.employeeNumber().equals("10014"));
  }

  // --- the guard ---------------------------------------------------------------------------

  @Test
  void planWhenHrFileIsEmptyThenHeldAndNothingIsDisabledToday() {
    List<TargetAccount> accounts = accountsFor(manyStaff(200));

    Plan plan = planner.plan(file(), accounts, IDP, APRIL_1, Map.of());

    assertThat(plan.held()).isTrue();
    assertThat(plan.changes()).isEmpty();
    assertThat(((Verdict.Held) plan.verdict()).reasons())
        .anySatisfy(r -> assertThat(r.en()).contains("no valid rows"));
  }

  @Test
  void planWhenHrFileIsTruncatedThenHeldEvenWhileOrphansAreInGrace() {
    List<StaffRecord> staff = manyStaff(200);
    List<TargetAccount> accounts = accountsFor(staff);

    Plan plan = planner.plan(file(staff.subList(0, 120)), accounts, IDP, APRIL_1, Map.of());

    assertThat(plan.held()).isTrue();
    assertThat(plan.changes()).isEmpty();
    assertThat(((Verdict.Held) plan.verdict()).reasons())
        .anySatisfy(r -> assertThat(r.en()).contains("truncated"));
  }

  @Test
  void planWhenTruncatedFilePersistsPastGraceThenMassDisableIsHeld() {
    List<StaffRecord> staff = manyStaff(200);
    List<TargetAccount> accounts = accountsFor(staff);
    Map<String, LocalDate> seen = new java.util.HashMap<>();
    accounts.forEach(a -> seen.put(a.key(), MARCH_31));

    Plan plan =
        planner.plan(file(staff.subList(0, 120)), accounts, IDP, MARCH_31.plusDays(30), seen);

    assertThat(plan.held()).isTrue();
    assertThat(plan.changes()).hasSize(80).allMatch(PlannedAction::destructive);
  }

  @Test
  void planWhenManyRowsAreRejectedThenHeldAsWrongEncodingOrDamage() {
    List<StaffRecord> staff = manyStaff(100);
    List<HrRowProblem> problems =
        IntStream.range(0, 30)
            .mapToObj(i -> new HrRowProblem(Path.of("hr.csv"), i + 2, "カナ", "\uFFFD", "片仮名"))
            .toList();
    HrFile garbled =
        new HrFile(Path.of("hr.csv"), StandardCharsets.UTF_8, staff.subList(0, 70), problems, 100);

    Plan plan = planner.plan(garbled, accountsFor(staff), IDP, APRIL_1, Map.of());

    assertThat(plan.held()).isTrue();
    assertThat(((Verdict.Held) plan.verdict()).reasons())
        .anySatisfy(r -> assertThat(r.en()).contains("wrong encoding"));
  }

  @Test
  void planWhenMoreLeaversThanThresholdThenHeldForApproval() {
    List<StaffRecord> staff = new ArrayList<>(manyStaff(100));
    List<TargetAccount> accounts = accountsFor(staff);
    for (int i = 0; i < 10; i++) {
      StaffRecord s = staff.get(i);
      staff.set(
          i,
          staff(s.employeeNumber())
              .status(EmploymentStatus.RETIRED)
              .effectiveDate(MARCH_31)
              .build());
    }

    Plan plan = planner.plan(file(staff), accounts, IDP, APRIL_1, Map.of());

    assertThat(plan.held()).isTrue();
    assertThat(plan.changes()).hasSize(10);
  }

  @Test
  void planWhenAQuarterOfStaffTransferOnApril1ThenProceeds() {
    List<StaffRecord> staff = new ArrayList<>(manyStaff(400));
    List<TargetAccount> accounts = accountsFor(staff);
    for (int i = 0; i < 100; i++) {
      StaffRecord s = staff.get(i);
      staff.set(
          i, staff(s.employeeNumber()).sectionCode("S" + (i % 7)).effectiveDate(APRIL_1).build());
    }

    Plan plan = planner.plan(file(staff), accounts, IDP, APRIL_1, Map.of());

    assertThat(plan.held()).isFalse();
    assertThat(plan.changes())
        .hasSize(100)
        .allMatch(a -> a instanceof PlannedAction.ChangeSections);
  }

  @Test
  void planWhenFileIsOlderThanOneAlreadyAppliedThenHeld() {
    List<StaffRecord> staff = manyStaff(50);

    Plan plan =
        planner.plan(
            file(staff),
            accountsFor(staff),
            IDP,
            APRIL_1,
            Map.of(),
            java.util.Optional.of(APRIL_1));

    assertThat(plan.held()).isTrue();
    assertThat(((Verdict.Held) plan.verdict()).reasons())
        .singleElement()
        .satisfies(r -> assertThat(r.ja()).contains("再送"));
  }

  // --- properties ---------------------------------------------------------------------------

  @Test
  void planAfterApplyingIsEmptyAcrossTheYearEnd() {
    List<StaffRecord> staff = new ArrayList<>(manyStaff(60));
    staff.set(0, staff("20000").sectionCode("Z01").effectiveDate(APRIL_1).build()); // joiner
    staff.set(
        1,
        staff(staff.get(1).employeeNumber())
            .sectionCode("D01")
            .effectiveDate(APRIL_1)
            .build()); // mover
    staff.set(
        2,
        staff(staff.get(2).employeeNumber())
            .status(EmploymentStatus.RETIRED)
            .effectiveDate(MARCH_31)
            .build());
    staff.set(
        3,
        staff(staff.get(3).employeeNumber())
            .status(EmploymentStatus.SECONDED)
            .effectiveDate(APRIL_1)
            .build());
    staff.set(4, staff(staff.get(4).employeeNumber()).fullName("改姓 後子").build());
    InMemoryTargets targets = new InMemoryTargets(accountsFor(manyStaff(60)));
    Set<Target> both = EnumSet.allOf(Target.class);

    for (LocalDate day : List.of(MARCH_31, APRIL_1)) {
      Plan plan = planner.plan(file(staff), targets.read(), both, day, Map.of());
      targets.apply(plan);

      Plan again = planner.plan(file(staff), targets.read(), both, day, Map.of());

      assertThat(again.changes()).as("replanned on %s: %s", day, again.changes()).isEmpty();
    }
  }

  @Test
  void fingerprintWhenSamePlanThenSameAndWhenDifferentThenDifferent() {
    List<TargetAccount> accounts = List.of(account("10001").sections("K01").build());

    Plan a =
        planner.plan(
            file(staff("10001").sectionCode("Z01").build()), accounts, IDP, APRIL_1, Map.of());
    Plan b =
        planner.plan(
            file(staff("10001").sectionCode("Z01").build()), accounts, IDP, APRIL_1, Map.of());
    Plan c =
        planner.plan(
            file(staff("10001").sectionCode("F01").build()), accounts, IDP, APRIL_1, Map.of());

    assertThat(a.fingerprint())
        .isEqualTo(b.fingerprint())
        .isNotEqualTo(c.fingerprint())
        .hasSize(64);
  }

  // --- fixtures ----------------------------------------------------------------------------

  // --- changed outside Mamori (drift) ------------------------------------------------

  @Test
  void planWhenStopUndoneByHandAndHrStillSaysLeaveThenSuspendedAgainNamingTheDrift() {
    StaffRecord onLeave = staff("10501").status(EmploymentStatus.LEAVE).build();
    TargetAccount reEnabled =
        account("10501").target(Target.DIRECTORY).stopUndone(StopReason.LEAVE).build();

    Plan plan =
        planner.plan(
            file(onLeave), List.of(reEnabled), EnumSet.of(Target.DIRECTORY), APRIL_1, Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> {
              assertThat(s.reason().ja()).contains("ドリフト");
              assertThat(s.reason().requirementIds()).contains("LC-1", "AU-5");
            });
  }

  @Test
  void planWhenDormancyStopUndoneByHandThenDisabledAgainForAnAdministratorToReinstate() {
    TargetAccount reEnabled =
        account("10502").target(Target.DIRECTORY).stopUndone(StopReason.DORMANT).build();

    Plan plan =
        planner.plan(
            file(staff("10502").build()),
            List.of(reEnabled),
            EnumSet.of(Target.DIRECTORY),
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Disable.class,
            d -> {
              assertThat(d.stopReason()).isEqualTo(StopReason.DORMANT);
              assertThat(d.reason().en()).contains("re-enabled outside Mamori (drift)");
            });
  }

  @Test
  void planWhenLeaveStopUndoneByHandAndHrSaysBackThenOnlyTheRecordIsCleared() {
    TargetAccount reEnabled =
        account("10503").target(Target.DIRECTORY).stopUndone(StopReason.LEAVE).build();

    Plan plan =
        planner.plan(
            file(staff("10503").build()),
            List.of(reEnabled),
            EnumSet.of(Target.DIRECTORY),
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Restore.class, r -> assertThat(r.destructive()).isFalse());
  }

  @Test
  void planWhenSectionNameOrTitleDiffersThenOnlyTheDifferingFieldsAreUpdated() {
    StaffRecord promoted =
        staff("10504").sectionName("市民課").title("係長").effectiveDate(APRIL_1).build();
    TargetAccount kept =
        account("10504")
            .target(Target.DIRECTORY)
            .fullName(promoted.fullName())
            .sections(promoted.sectionCode())
            .profile(Map.of(ProfileField.SECTION_NAME, "市民課", ProfileField.TITLE, "主事"))
            .build();
    TargetAccount noProfile =
        account("10504").fullName(promoted.fullName()).sections(promoted.sectionCode()).build();

    Plan plan =
        planner.plan(
            file(promoted),
            List.of(kept, noProfile),
            EnumSet.allOf(Target.class),
            APRIL_1,
            Map.of());

    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.UpdateProfile.class,
            u -> {
              assertThat(u.target()).isEqualTo(Target.DIRECTORY);
              assertThat(u.values()).isEqualTo(Map.of(ProfileField.TITLE, "係長"));
              assertThat(u.reason().requirementIds()).contains("LC-5");
            });
  }

  @Test
  void withNamesTakenWhenJoinersNameIsHeldThenReportedWithTheDnAndOthersStillCreated() {
    Plan plan =
        planner.plan(
            file(staff("10505").build(), staff("10506").build()),
            List.of(),
            EnumSet.allOf(Target.class),
            APRIL_1,
            Map.of());

    Plan vetted = plan.withNamesTaken(Target.DIRECTORY, Map.of("10505", "CN=10505,OU=Other,DC=x"));

    assertThat(vetted.changes())
        .hasSize(3)
        .noneMatch(a -> a.target() == Target.DIRECTORY && a.employeeNumber().equals("10505"));
    assertThat(vetted.actions())
        .filteredOn(a -> a instanceof PlannedAction.Report)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.situation()).isEqualTo(Situation.DISPUTED);
          assertThat(r.reason().ja()).contains("CN=10505,OU=Other,DC=x");
        });
    assertThat(vetted.fingerprint()).isNotEqualTo(plan.fingerprint());
  }

  private static TestStaffRecords.Builder staff(String employeeNumber) {
    return TestStaffRecords.staff()
        .employeeNumber(employeeNumber)
        .effectiveDate(LocalDate.of(2024, 4, 1));
  }

  private static List<StaffRecord> manyStaff(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> staff(Integer.toString(30000 + i)).build())
        .toList();
  }

  /** An enabled account in both targets for each person, matching the record. */
  private static List<TargetAccount> accountsFor(List<StaffRecord> staff) {
    List<TargetAccount> accounts = new ArrayList<>();
    for (StaffRecord s : staff) {
      for (Target target : Target.values()) {
        accounts.add(
            account(s.employeeNumber())
                .target(target)
                .fullName(s.fullName())
                .sections(s.sectionCode())
                .build());
      }
    }
    return accounts;
  }

  // --- rejected rows (GV-7) ---------------------------------------------------------------

  @Test
  void planWhenAPersonsRowIsRejectedThenTheirAccountsStayAsTheyAreLongAfterTheGrace() {
    List<TargetAccount> accounts =
        List.of(account("10005").sections("K01").build(), account("10006").sections("K01").build());
    HrFile hr = rejecting(Set.of("10005"), staff("10006").build());

    Plan plan =
        planner.plan(
            hr,
            accounts,
            IDP,
            APRIL_1.plusDays(60),
            Map.of(accounts.getFirst().key(), APRIL_1)); // "missing" for 60 days

    assertThat(plan.changes()).as("nothing disabled, moved or created").isEmpty();
    assertThat(plan.actions())
        .filteredOn(a -> a.employeeNumber().equals("10005"))
        .singleElement()
        .satisfies(a -> {
          assertThat(a.situation()).isEqualTo(Situation.REJECTED_ROW);
          assertThat(a.reason().ja()).contains("行が直るまで変更しません");
        });
    assertThat(plan.actions()).noneMatch(a -> a.situation() == Situation.ORPHANED);
  }

  @Test
  void planWhenTheMainRowIsRejectedAndTheConcurrentPostReadThenNothingIsPlannedForThePerson() {
    StaffRecord concurrent =
        new StaffRecord(
            "10007",
            "兼務 太郎",
            "ケンム タロウ",
            "S01",
            "総務課",
            "主事",
            EmploymentType.REGULAR,
            EmploymentStatus.ACTIVE,
            APRIL_1,
            java.util.Optional.empty(),
            true);
    List<TargetAccount> accounts = List.of(account("10007").sections("K01", "S01").build());

    Plan plan =
        planner.plan(rejecting(Set.of("10007"), concurrent), accounts, IDP, APRIL_1, Map.of());

    assertThat(plan.changes())
        .as("the concurrent post does not become the main post; K01 is not withdrawn")
        .isEmpty();
    assertThat(plan.actions())
        .singleElement()
        .extracting(PlannedAction::situation)
        .isEqualTo(Situation.REJECTED_ROW);
  }

  /** A file in which the rows of {@code rejected} were refused (one problem each). */
  private static HrFile rejecting(Set<String> rejected, StaffRecord... records) {
    List<HrRowProblem> problems = new java.util.ArrayList<>();
    long line = 2;
    for (String employee : rejected) {
      problems.add(
          new HrRowProblem(Path.of("hr.csv"), line++, "兼務", "K01", "空欄・0 または 1 (blank, 0 or 1)"));
    }
    return new HrFile(
        Path.of("hr.csv"),
        StandardCharsets.UTF_8,
        List.of(records),
        problems,
        records.length + rejected.size(),
        rejected);
  }

  private static HrFile file(StaffRecord... records) {
    return file(List.of(records));
  }

  private static HrFile file(List<StaffRecord> records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, records, List.of(), records.size());
  }
}
