package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.IncrementalSource;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The directory as a reconciliation target, over real LDAP (UnboundID in-memory server), for both
 * schemas: the year end applied, planning again is empty, and an unreachable directory is an error,
 * never an empty directory.
 */
class DirectoryTargetTest {

  private static final LocalDate MARCH_31 = LocalDate.of(2027, 3, 31);
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final EnumSet<Target> DIRECTORY = EnumSet.of(Target.DIRECTORY);

  private final Planner planner;

  DirectoryTargetTest() {
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
    planner =
        new Planner(
            new LifecycleRules(
                shipped.deleteAfterDisable(),
                Duration.ofDays(3650),
                shipped.contractorGrace(),
                shipped.orphanGrace(),
                100,
                1000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OPENLDAP", "ACTIVE_DIRECTORY"})
  void changesSinceWhenOneEntryChangedThenOnlyItIsRead(String schema) throws Exception {
    try (EmbeddedDirectory server =
            schema.equals("OPENLDAP")
                ? EmbeddedDirectory.start()
                : EmbeddedDirectory.startActiveDirectoryLike();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target =
          new DirectoryTarget(ldap, java.time.Clock.systemUTC(), Duration.ZERO);
      HrFile hr = file(staff("57001", "K01"), staff("57002", "K01"), staff("57003", "K01"));
      apply(target, planner.plan(hr, target.read(), DIRECTORY, APRIL_1, Map.of()), APRIL_1);
      // whenChanged and modifyTimestamp may keep whole seconds: the mark falls in a later second
      // than the entries' creation, and the change below in a later second than the mark
      Poll.untilClockPasses(nextWholeSecond(Instant.now()));
      IncrementalSource.Complete complete = target.readComplete();
      assertThat(complete.accounts()).hasSize(3);
      Poll.untilClockPasses(nextWholeSecond(Instant.now()));
      TargetAccount moved = account(target, "57002");
      target.apply(
          new PlannedAction.ChangeSections(
              Target.DIRECTORY,
              "57002",
              moved.id(),
              java.util.Set.of("Z01"),
              java.util.Set.of("K01"),
              Situation.LINKED,
              Reason.of("異動", "transfer", "LC-5")),
          APRIL_1);

      IncrementalSource.ChangeRead read = target.changesSince(complete.mark());

      assertThat(read)
          .isInstanceOfSatisfying(
              IncrementalSource.Changes.class,
              c -> {
                assertThat(c.changed())
                    .singleElement()
                    .satisfies(a -> {
                      assertThat(a.employeeNumber()).isEqualTo("57002");
                      assertThat(a.sections()).containsExactly("Z01");
                    });
                assertThat(c.gone()).isEmpty();
              });
      assertThat(target.changesSince("not a time")).isInstanceOf(IncrementalSource.Unknown.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"OPENLDAP", "ACTIVE_DIRECTORY"})
  void applyAllWhenOneEntryWasDeletedByHandThenTheOthersMoveAndRepeatingIsHarmless(String schema)
      throws Exception {
    try (EmbeddedDirectory server =
            schema.equals("OPENLDAP")
                ? EmbeddedDirectory.start()
                : EmbeddedDirectory.startActiveDirectoryLike();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target = new DirectoryTarget(ldap);
      HrFile hr =
          file(
              staff("58001", "K01"),
              staff("58002", "K01"),
              staff("58003", "K01"),
              staff("58004", "K01"));
      apply(target, planner.plan(hr, target.read(), DIRECTORY, APRIL_1, Map.of()), APRIL_1);
      java.util.List<PlannedAction> moves = new java.util.ArrayList<>();
      for (String number : java.util.List.of("58001", "58002", "58003", "58004")) {
        moves.add(
            new PlannedAction.ChangeSections(
                Target.DIRECTORY,
                number,
                account(target, number).id(),
                java.util.Set.of("Z01"),
                java.util.Set.of("K01"),
                Situation.LINKED,
                Reason.of("異動", "transfer", "LC-5")));
      }
      server.server().delete(account(target, "58003").id());

      assertThatThrownBy(() -> target.applyAll(moves, APRIL_1))
          .isInstanceOfSatisfying(
              ReconcileTarget.PartiallyApplied.class,
              e -> {
                assertThat(e.failed().employeeNumber()).isEqualTo("58003");
                assertThat(e.applied())
                    .extracting(PlannedAction::employeeNumber)
                    .containsExactly("58001", "58002", "58004");
              });
      java.util.List<PlannedAction> again =
          java.util.List.of(moves.get(0), moves.get(1), moves.get(3));
      assertThat(target.applyAll(again, APRIL_1)).hasSize(3); // already there: no error
      for (String number : java.util.List.of("58001", "58002", "58004")) {
        assertThat(account(target, number).sections()).containsExactly("Z01");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"OPENLDAP", "ACTIVE_DIRECTORY"})
  void reconcileWhenYearEndPassesThenDirectoryFollowsHrAndReplanningIsEmpty(String schema) {
    try (EmbeddedDirectory server =
            schema.equals("OPENLDAP")
                ? EmbeddedDirectory.start()
                : EmbeddedDirectory.startActiveDirectoryLike();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target = new DirectoryTarget(ldap);
      HrFile march = file(staff("50001", "K01"), staff("50002", "K01"), staff("50003", "Z01"));
      apply(target, planner.plan(march, target.read(), DIRECTORY, MARCH_31, Map.of()), MARCH_31);
      assertThat(target.read()).hasSize(3);
      String uacBefore = uac(server, account(target, "50003").id());

      HrFile april =
          file(
              TestStaffRecords.staff()
                  .employeeNumber("50001")
                  .sectionCode("Z01")
                  .effectiveDate(APRIL_1)
                  .build(),
              TestStaffRecords.staff()
                  .employeeNumber("50002")
                  .status(EmploymentStatus.RETIRED)
                  .effectiveDate(MARCH_31)
                  .build(),
              TestStaffRecords.staff()
                  .employeeNumber("50003")
                  .sectionCode("Z01")
                  .status(EmploymentStatus.LEAVE)
                  .effectiveDate(APRIL_1)
                  .build(),
              TestStaffRecords.staff()
                  .employeeNumber("50004")
                  .fullName("新人 一郎")
                  .effectiveDate(APRIL_1)
                  .build());
      assertThat(planner.plan(april, target.read(), DIRECTORY, MARCH_31, Map.of()).changes())
          .isEmpty();

      Plan yearStart = planner.plan(april, target.read(), DIRECTORY, APRIL_1, Map.of());
      apply(target, yearStart, APRIL_1);

      assertThat(account(target, "50001").sections()).containsExactly("Z01");
      assertThat(account(target, "50002").state()).isEqualTo(AccountState.DISABLED);
      assertThat(account(target, "50002").stopReason()).contains(StopReason.RETIRED);
      assertThat(account(target, "50003").state()).isEqualTo(AccountState.SUSPENDED);
      assertThat(account(target, "50004").fullName()).isEqualTo("新人 一郎");
      assertThat(planner.plan(april, target.read(), DIRECTORY, APRIL_1, Map.of()).changes())
          .isEmpty();
      if (schema.equals("ACTIVE_DIRECTORY")) {
        int uac = Integer.parseInt(uac(server, account(target, "50003").id()));
        assertThat(uac & DirectorySchema.UAC_ACCOUNT_DISABLE).isNotZero();
      }

      HrFile back =
          file(
              TestStaffRecords.staff()
                  .employeeNumber("50001")
                  .sectionCode("Z01")
                  .effectiveDate(APRIL_1)
                  .build(),
              TestStaffRecords.staff()
                  .employeeNumber("50002")
                  .status(EmploymentStatus.RETIRED)
                  .effectiveDate(MARCH_31)
                  .build(),
              TestStaffRecords.staff()
                  .employeeNumber("50003")
                  .sectionCode("Z01")
                  .effectiveDate(LocalDate.of(2027, 10, 1))
                  .build(),
              TestStaffRecords.staff()
                  .employeeNumber("50004")
                  .fullName("新人 一郎")
                  .effectiveDate(APRIL_1)
                  .build());
      LocalDate october = LocalDate.of(2027, 10, 1);
      apply(target, planner.plan(back, target.read(), DIRECTORY, october, Map.of()), october);

      assertThat(account(target, "50003").state()).isEqualTo(AccountState.ENABLED);
      assertThat(uac(server, account(target, "50003").id())).isEqualTo(uacBefore);
      assertThat(target.read()).noneMatch(a -> a.employeeNumber().equals("50002"));
      assertThat(planner.plan(back, target.read(), DIRECTORY, october, Map.of()).changes())
          .isEmpty();
    }
  }

  @Test
  void readWhenActiveDirectoryHasLastLogonTimestampThenDormancyIsJudgedFromIt() throws Exception {
    Planner ninetyDays = new Planner(PolicyLoader.loadDefault().lifecycle()); // dormantAfter P90D
    try (EmbeddedDirectory server = EmbeddedDirectory.startActiveDirectoryLike();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target =
          new DirectoryTarget(
              ldap,
              java.time.Clock.fixed(
                  java.time.Instant.parse("2027-03-31T00:00:00Z"), java.time.ZoneOffset.UTC));
      HrFile hr =
          file(
              staff("50011", "K01"),
              staff("50012", "K01"),
              staff("50013", "K01"),
              staff("50014", "K01"));
      apply(target, planner.plan(hr, target.read(), DIRECTORY, MARCH_31, Map.of()), MARCH_31);
      setAttribute(
          server, account(target, "50011").id(), "lastLogonTimestamp", fileTime("2026-12-01"));
      setAttribute(server, account(target, "50012").id(), "lastLogonTimestamp", "not-a-number");
      // 97 days before April 1: dormant by the stamp alone, but the DC may not have rewritten a
      // stamp younger than 14 days, so the person may have logged on until 2027-01-08
      setAttribute(
          server, account(target, "50014").id(), "lastLogonTimestamp", fileTime("2026-12-25"));

      // the stamp plus the 14 days by which AD may lag behind
      assertThat(account(target, "50011").lastLogin())
          .contains(java.time.Instant.parse("2026-12-15T00:00:00Z"));
      assertThat(account(target, "50014").lastLogin())
          .contains(java.time.Instant.parse("2027-01-08T00:00:00Z"));
      assertThat(account(target, "50012").lastLogin()).isEmpty(); // unreadable: unknown
      assertThat(account(target, "50013").lastLogin()).isEmpty(); // never logged on: unknown
      Plan plan = ninetyDays.plan(hr, target.read(), DIRECTORY, APRIL_1, Map.of());
      assertThat(plan.changes())
          .singleElement()
          .satisfies(a -> {
            assertThat(a.employeeNumber()).isEqualTo("50011");
            assertThat(a)
                .isInstanceOfSatisfying(
                    PlannedAction.Disable.class,
                    d -> assertThat(d.stopReason()).isEqualTo(StopReason.DORMANT));
          });
      assertThat(
              ninetyDays
                  .plan(hr, target.read(), DIRECTORY, MARCH_31.minusDays(30), Map.of())
                  .changes())
          .isEmpty();
    }
  }

  /** A day's start (UTC) as a Windows FILETIME: 100 ns ticks since 1601-01-01. */
  private static String fileTime(String day) {
    long seconds = java.time.LocalDate.parse(day).toEpochDay() * 86_400L + 11_644_473_600L;
    return Long.toString(seconds * 10_000_000L);
  }

  @Test
  void stopWhenActiveDirectoryThenStateGoesToInfoAndAdministratorsTextIsKept() throws Exception {
    try (EmbeddedDirectory server = EmbeddedDirectory.startActiveDirectoryLike();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target = new DirectoryTarget(ldap);
      HrFile hr = file(staff("50021", "K01"));
      apply(target, planner.plan(hr, target.read(), DIRECTORY, MARCH_31, Map.of()), MARCH_31);
      String dn = account(target, "50021").id();
      setAttribute(server, dn, "description", "市民課 窓口端末担当");
      setAttribute(server, dn, "info", "2026-05 端末更新済");

      HrFile leave =
          file(
              TestStaffRecords.staff()
                  .employeeNumber("50021")
                  .sectionCode("K01")
                  .status(EmploymentStatus.LEAVE)
                  .effectiveDate(APRIL_1)
                  .build());
      apply(target, planner.plan(leave, target.read(), DIRECTORY, APRIL_1, Map.of()), APRIL_1);

      com.unboundid.ldap.sdk.Entry stopped = server.server().getEntry(dn);
      assertThat(stopped.getAttributeValues("description")).containsExactly("市民課 窓口端末担当");
      assertThat(stopped.getAttributeValues("info")).hasSize(1);
      assertThat(stopped.getAttributeValue("info"))
          .startsWith("mamori-state: SUSPENDED")
          .endsWith("2026-05 端末更新済");
      assertThat(account(target, "50021").state()).isEqualTo(AccountState.SUSPENDED);
      assertThat(planner.plan(leave, target.read(), DIRECTORY, APRIL_1, Map.of()).changes())
          .isEmpty();

      LocalDate october = LocalDate.of(2027, 10, 1);
      HrFile back =
          file(
              TestStaffRecords.staff()
                  .employeeNumber("50021")
                  .sectionCode("K01")
                  .effectiveDate(october)
                  .build());
      apply(target, planner.plan(back, target.read(), DIRECTORY, october, Map.of()), october);

      com.unboundid.ldap.sdk.Entry restored = server.server().getEntry(dn);
      assertThat(restored.getAttributeValue("info")).isEqualTo("2026-05 端末更新済");
      assertThat(restored.getAttributeValues("description")).containsExactly("市民課 窓口端末担当");
      assertThat(account(target, "50021").state()).isEqualTo(AccountState.ENABLED);
    }
  }

  @Test
  void applyWhenChildcareLeaveThenStoppedNamingItAndATierRestrictionIsRefused() throws Exception {
    try (EmbeddedDirectory server = EmbeddedDirectory.start();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target = new DirectoryTarget(ldap);
      HrFile hr = file(staff("50031", "K01"));
      apply(target, planner.plan(hr, target.read(), DIRECTORY, MARCH_31, Map.of()), MARCH_31);
      HrFile leave =
          file(
              TestStaffRecords.staff()
                  .employeeNumber("50031")
                  .sectionCode("K01")
                  .status(EmploymentStatus.CHILDCARE_LEAVE)
                  .effectiveDate(APRIL_1)
                  .build());

      apply(target, planner.plan(leave, target.read(), DIRECTORY, APRIL_1, Map.of()), APRIL_1);

      TargetAccount stopped = account(target, "50031");
      assertThat(stopped.state()).isEqualTo(AccountState.SUSPENDED);
      assertThat(stopped.stopReason()).contains(StopReason.CHILDCARE_LEAVE);
      assertThat(stopped.suspendedTiers()).isEmpty();
      assertThatThrownBy(() ->
              target.apply(
                  new PlannedAction.RestrictTiers(
                      Target.IDENTITY_PROVIDER,
                      "50031",
                      stopped.id(),
                      Set.of(Tier.MYNUMBER),
                      Optional.empty(),
                      Situation.LINKED,
                      Reason.of("育児休業", "childcare leave", "LC-2")),
                  APRIL_1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("only Keycloak keeps tiers");
    }
  }

  @Test
  void readWhenDirectoryIsDownThenRetryableErrorNotAnEmptyDirectory() {
    EmbeddedDirectory server = EmbeddedDirectory.start();
    try (LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target = new DirectoryTarget(ldap);
      server.close();

      assertThatThrownBy(target::read)
          .isInstanceOfSatisfying(
              DirectoryException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }

  /** The start of the second after the one {@code time} is in. */
  private static Instant nextWholeSecond(Instant time) {
    return time.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
  }

  private static void setAttribute(
      EmbeddedDirectory server, String dn, String attribute, String value) throws Exception {
    server
        .server()
        .modify(
            dn,
            new com.unboundid.ldap.sdk.Modification(
                com.unboundid.ldap.sdk.ModificationType.REPLACE, attribute, value));
  }

  private static String uac(EmbeddedDirectory server, String dn) {
    try {
      String value = server.server().getEntry(dn).getAttributeValue("userAccountControl");
      return value == null ? "" : value;
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void planWhenAPersonsRowInTheExportIsRejectedThenTheirDirectoryAccountStaysAsItIs(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String header = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
    try (EmbeddedDirectory server = EmbeddedDirectory.start();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target =
          new DirectoryTarget(ldap, java.time.Clock.systemUTC(), Duration.ZERO);
      HrCsvReader reader = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.UTF_8);
      Path day1 =
          java.nio.file.Files.writeString(
              dir.resolve("day1.csv"),
              header
                  + "\n58001,佐藤 花子,サトウ ハナコ,K01,市民課,主事,01,01,2024-04-01,"
                  + "\n58002,鈴木 一郎,スズキ イチロウ,K01,市民課,主事,01,01,2024-04-01,\n");
      apply(
          target,
          planner.plan(reader.read(day1), target.read(), DIRECTORY, APRIL_1, Map.of()),
          APRIL_1);
      TargetAccount before = account(target, "58002");

      // the next export holds 58002 with a 兼務 column that is not 0/1: the row is rejected
      Path day2 =
          java.nio.file.Files.writeString(
              dir.resolve("day2.csv"),
              header
                  + ",兼務\n58001,佐藤 花子,サトウ ハナコ,K01,市民課,主事,01,01,2024-04-01,,"
                  + "\n58002,鈴木 一郎,スズキ イチロウ,S01,総務課,主事,01,01,2024-04-01,,S01\n");
      HrFile hr = reader.read(day2);
      assertThat(hr.rejectedEmployees()).containsExactly("58002");
      Plan plan =
          planner.plan(
              hr,
              target.read(),
              DIRECTORY,
              APRIL_1.plusDays(90),
              Map.of(before.key(), APRIL_1)); // far beyond the orphan grace

      assertThat(plan.actions())
          .filteredOn(a -> a.employeeNumber().equals("58002"))
          .extracting(a -> a.situation().name() + " " + a.changes())
          .containsExactly("REJECTED_ROW false");
      apply(target, plan, APRIL_1.plusDays(90));
      TargetAccount after = account(target, "58002");
      assertThat(after.state()).isEqualTo(AccountState.ENABLED);
      assertThat(after.sections()).isEqualTo(before.sections());
    }
  }

  private static void apply(DirectoryTarget target, Plan plan, LocalDate today) {
    plan.changes().forEach(a -> target.apply(a, today));
  }

  private static TargetAccount account(DirectoryTarget target, String employeeNumber) {
    return target.read().stream()
        .filter(a -> a.employeeNumber().equals(employeeNumber))
        .findFirst()
        .orElseThrow();
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
