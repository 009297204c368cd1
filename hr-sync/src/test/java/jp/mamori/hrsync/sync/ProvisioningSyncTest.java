package jp.mamori.hrsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.HrRowProblem;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import org.junit.jupiter.api.Test;

/** The sync core on its in-memory twins: LC-1 registration, PW-4 issuance, idempotence. */
class ProvisioningSyncTest {

  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final InMemoryIdentityProvider idp = new InMemoryIdentityProvider();
  private final AtomicInteger issued = new AtomicInteger();
  private final ProvisioningSync sync =
      new ProvisioningSync(
          directory,
          idp,
          () ->
              new TemporaryPassword(("Temp-Pass-" + issued.incrementAndGet() + "xY").toCharArray()),
          Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void runWhenNewActiveStaffThenCreatedInBothWithOneTemporaryPasswordEach() {
    SyncReport report = sync.run(file(staff("10001"), staff("10002")));

    assertThat(report.created()).hasSize(2);
    assertThat(report.created())
        .allSatisfy(c -> {
          assertThat(c.directoryCreated()).isTrue();
          assertThat(c.identityProviderCreated()).isTrue();
          assertThat(c.password()).isPresent();
        });
    assertThat(directory.byEmployeeNumber).containsOnlyKeys("10001", "10002");
    assertThat(idp.accounts).containsOnlyKeys("10001", "10002");
    assertThat(idp.passwords.get("10001")).isNotEqualTo(idp.passwords.get("10002"));
  }

  @Test
  void runWhenRunAgainThenNothingChangesAndNoSecondPasswordIsIssued() {
    HrFile hr = file(staff("10001"), staff("10002"));
    sync.run(hr);
    int issuedAfterFirst = issued.get();

    SyncReport again = sync.run(hr);

    assertThat(again.created()).isEmpty();
    assertThat(again.count(ProvisioningOutcome.Unchanged.class)).isEqualTo(2);
    assertThat(issued.get()).isEqualTo(issuedAfterFirst);
  }

  @Test
  void runWhenStaffIsNotActiveThenSkippedWithReasonAndNotCreated() {
    StaffRecord seconded =
        TestStaffRecords.staff().employeeNumber("10003").status(EmploymentStatus.SECONDED).build();

    SyncReport report = sync.run(file(seconded));

    assertThat(report.outcomes())
        .singleElement()
        .isInstanceOfSatisfying(
            ProvisioningOutcome.Skipped.class, s -> assertThat(s.reason()).contains("SECONDED"));
    assertThat(directory.byEmployeeNumber).isEmpty();
    assertThat(idp.accounts).isEmpty();
  }

  @Test
  void runWhenIdentityProviderFailsHalfwayThenNextRunCompletesWithoutDuplicates() {
    idp.failNextCreate = true;

    SyncReport first = sync.run(file(staff("10001")));
    SyncReport second = sync.run(file(staff("10001")));

    assertThat(first.outcomes())
        .singleElement()
        .isInstanceOfSatisfying(
            ProvisioningOutcome.Failed.class,
            f -> {
              assertThat(f.step()).isEqualTo("identity-provider");
              assertThat(f.retryable()).isTrue();
            });
    assertThat(second.created())
        .singleElement()
        .satisfies(c -> {
          assertThat(c.directoryCreated()).isFalse();
          assertThat(c.identityProviderCreated()).isTrue();
          assertThat(c.password()).isPresent();
        });
    assertThat(directory.byEmployeeNumber).hasSize(1);
    assertThat(idp.accounts).hasSize(1);
  }

  @Test
  void runWhenHrFileHasRejectedRowsThenTheyAreReportedAndCauseNoChange() {
    HrRowProblem problem =
        new HrRowProblem(Path.of("hr.csv"), 3, "発令日", "2026-13-01", "日付 yyyy-MM-dd");
    HrFile hr =
        new HrFile(
            Path.of("hr.csv"),
            StandardCharsets.UTF_8,
            List.of(staff("10001")),
            List.of(problem),
            2);

    SyncReport report = sync.run(hr);

    assertThat(report.rejectedRows()).containsExactly(problem);
    assertThat(report.created()).hasSize(1);
  }

  @Test
  void runWhenPeopleAreMissingFromTheFileThenNobodyIsRemoved() {
    sync.run(file(staff("10001"), staff("10002")));

    SyncReport truncated = sync.run(file(staff("10001")));

    assertThat(truncated.outcomes()).hasSize(1);
    assertThat(directory.byEmployeeNumber).containsOnlyKeys("10001", "10002");
    assertThat(idp.accounts).containsOnlyKeys("10001", "10002");
  }

  @Test
  void temporaryPasswordWhenPrintedThenHidden() {
    TemporaryPassword password = new TemporaryPassword("Secret-Value-1".toCharArray());

    assertThat(password.toString()).doesNotContain("Secret");
    assertThat(password.reveal()).isEqualTo("Secret-Value-1");
  }

  private static StaffRecord staff(String employeeNumber) {
    return TestStaffRecords.staff().employeeNumber(employeeNumber).build();
  }

  private static HrFile file(StaffRecord... records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, List.of(records), List.of(), records.length);
  }
}
