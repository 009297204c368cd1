package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.Verdict;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Plan, approve and apply on the real PostgreSQL schema: held plans wait for an approval that names
 * their fingerprint, an apply cut off by a target going down or by a crash resumes without applying
 * anything twice, and the journal's count is the number of changes really made.
 */
class LifecycleServiceIT {

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);

  private static TestDatabase database;

  @TempDir Path dir;
  private InMemoryTarget directory;
  private InMemoryTarget keycloak;
  private LifecycleService service;

  @BeforeAll
  static void database() {
    database = TestDatabase.start();
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @BeforeEach
  void service() {
    JdbcClient jdbc = database.jdbc();
    jdbc.sql("truncate lifecycle_journal, lifecycle_plan_action, lifecycle_plan, orphan_seen")
        .update();
    directory = new InMemoryTarget(Target.DIRECTORY);
    keycloak = new InMemoryTarget(Target.IDENTITY_PROVIDER);
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
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
            List.of(directory, keycloak),
            LifecycleStores.on(jdbc, Clock.systemUTC()),
            database.audit(Clock.systemUTC()),
            Clock.systemUTC());
  }

  @Test
  void applyWhenTargetGoesDownMidRunThenResumesAndAppliesEachChangeOnce() throws Exception {
    Path hr = hrFile(rows(20, "K01"));
    LifecycleService.StoredPlan plan = service.plan(hr, APRIL_1);
    assertThat(plan.status()).isEqualTo(Status.READY);
    assertThat(plan.plan().changes()).hasSize(40);
    keycloak.downBeforeApply = 7;

    LifecycleService.ApplyResult first = service.apply(plan.id(), APRIL_1);
    java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
    LifecycleService.ApplyResult second =
        service.apply(plan.id(), APRIL_1, total::set, progress::addAndGet);

    // the resumed run tells the CLI what is left and how far it got
    assertThat(total.get()).isEqualTo(40 - first.applied());
    assertThat(progress.get()).isEqualTo(second.applied());
    assertThat(first.status()).isEqualTo(Status.PARTIAL);
    assertThat(first.failure()).isPresent();
    assertThat(first.applied()).isEqualTo(20 + 6); // the directory is not held up by Keycloak
    assertThat(directory.applications).hasSize(20);
    assertThat(second.status()).isEqualTo(Status.APPLIED);
    assertThat(first.applied() + second.applied()).isEqualTo(40);
    assertThat(service.doneCount(plan.id())).isEqualTo(40);
    assertThat(directory.applications.values()).allMatch(n -> n == 1);
    assertThat(keycloak.applications.values()).allMatch(n -> n == 1);
    assertThat(service.plan(hr, APRIL_1).status()).isEqualTo(Status.EMPTY);
  }

  @Test
  void applyWhenProcessDiedAfterAChangeTookEffectThenThatChangeIsNotAppliedAgain()
      throws Exception {
    Path hr = hrFile(rows(10, "K01"));
    LifecycleService.StoredPlan plan = service.plan(hr, APRIL_1);
    directory.dieAfterApply = 3;

    service.apply(plan.id(), APRIL_1);
    LifecycleService.ApplyResult resumed = service.apply(plan.id(), APRIL_1);

    assertThat(resumed.status()).isEqualTo(Status.APPLIED);
    assertThat(directory.applications.values()).allMatch(n -> n == 1);
    assertThat(directory.accounts).hasSize(10);
    assertThat(keycloak.accounts).hasSize(10);
    // the 20th took effect unrecorded: found in effect at the resume and journalled, not redone
    assertThat(service.doneCount(plan.id())).isEqualTo(20);
  }

  @Test
  void planWhenHrFileIsTruncatedThenHeldAndApplyRefusedUntilApprovedByFingerprint()
      throws Exception {
    service.apply(service.plan(hrFile(rows(40, "K01")), APRIL_1).id(), APRIL_1);
    Path truncated = hrFile(rows(20, "K01"));

    LifecycleService.StoredPlan held = service.plan(truncated, APRIL_1);

    assertThat(held.status()).isEqualTo(Status.HELD);
    assertThat(held.plan().changes())
        .isEmpty(); // orphans are only reported within the grace period
    assertThatExceptionOfType(PlanRefused.class)
        .isThrownBy(() -> service.apply(held.id(), APRIL_1))
        .withMessageContaining("approve");
    assertThatExceptionOfType(PlanRefused.class)
        .isThrownBy(() -> service.approve(held.id(), "0".repeat(64), "情報システム課 田中"))
        .withMessageContaining("fingerprint");
    service.approve(held.id(), held.plan().fingerprint(), "情報システム課 田中");
    assertThat(service.apply(held.id(), APRIL_1).status()).isEqualTo(Status.APPLIED);
    assertThat(keycloak.accounts.values()).allMatch(a -> a.state() == AccountState.ENABLED);
  }

  @Test
  void planWhenATargetCannotBeReadThenFailsAndStoresNothing() throws Exception {
    Path hr = hrFile(rows(5, "K01"));
    keycloak.readFails = true;

    assertThatIllegalStateException().isThrownBy(() -> service.plan(hr, APRIL_1));
    assertThat(
            database
                .jdbc()
                .sql("select count(*) from lifecycle_plan")
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void applyWhenStateChangedAfterPlanningThenOnlyPlannedActionsAreApplied() throws Exception {
    LifecycleService.StoredPlan plan = service.plan(hrFile(rows(3, "K01")), APRIL_1);
    Path moreStaff = hrFile(rows(4, "K01"));
    Files.copy(
        moreStaff,
        Path.of(sourcePath(plan.id())),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    LifecycleService.ApplyResult result = service.apply(plan.id(), APRIL_1);

    assertThat(result.applied()).isEqualTo(6);
    assertThat(result.notInPlan()).hasSize(2);
    assertThat(keycloak.accounts).hasSize(3);
  }

  @Test
  void jobWhenTwoInstancesFireForTheSameDueTimeThenItRunsOnceAndNotAgainAfterRestart()
      throws Exception {
    JdbcClient jdbc = database.jdbc();
    jdbc.sql("truncate job_run").update();
    Path hr = hrFile(rows(5, "K01"));
    LifecycleJob instanceA =
        new LifecycleJob(
            service,
            new JobClaims(database.dataSource(), Clock.systemUTC(), "a"),
            hr,
            "0 30 5 * * *",
            Clock.systemUTC());
    LifecycleJob instanceB =
        new LifecycleJob(
            service,
            new JobClaims(database.dataSource(), Clock.systemUTC(), "b"),
            hr,
            "0 30 5 * * *",
            Clock.systemUTC());
    java.time.Instant due = instanceA.latestDue();

    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    var a = pool.submit(() -> instanceA.runIfClaimed(due));
    var b = pool.submit(() -> instanceB.runIfClaimed(due));
    a.get();
    b.get();
    pool.shutdown();
    LifecycleJob restarted =
        new LifecycleJob(
            service,
            new JobClaims(database.dataSource(), Clock.systemUTC(), "a2"),
            hr,
            "0 30 5 * * *",
            Clock.systemUTC());
    restarted.runIfClaimed(due);

    assertThat(jdbc.sql("select count(*) from lifecycle_plan").query(Integer.class).single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("select count(*) from job_run where finished_at is not null")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(keycloak.accounts).hasSize(5);
  }

  @Test
  void cliWhenPlanApproveApplyThenReadableSummaryAndExitCodes() throws Exception {
    LifecycleCli cli = new LifecycleCli(service, Clock.systemUTC());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
    Path full = hrFile(rows(40, "K01"));

    int planned =
        cli.execute("plan", java.util.Map.of("file", full.toString(), "date", "2027-04-01"), out);
    long id = database.jdbc().sql("select max(id) from lifecycle_plan").query(Long.class).single();
    int applied =
        cli.execute(
            "apply", java.util.Map.of("plan-id", Long.toString(id), "date", "2027-04-01"), out);
    int held =
        cli.execute(
            "plan",
            java.util.Map.of(
                "file", hrFile(rows(10, "K01")).toString(), "date", "2027-04-01", "lang", "en"),
            out);
    long heldId =
        database.jdbc().sql("select max(id) from lifecycle_plan").query(Long.class).single();
    int wrongApproval =
        cli.execute(
            "approve",
            java.util.Map.of(
                "plan-id",
                Long.toString(heldId),
                "fingerprint",
                "f".repeat(64),
                "approver",
                "監査 太郎"),
            out);
    int unknown = cli.execute("delete-everyone", java.util.Map.of(), out);

    assertThat(planned).isEqualTo(LifecycleCli.OK);
    assertThat(applied).isEqualTo(LifecycleCli.OK);
    assertThat(held).isEqualTo(LifecycleCli.HELD);
    assertThat(wrongApproval).isEqualTo(LifecycleCli.FAILED);
    assertThat(unknown).isEqualTo(LifecycleCli.FAILED);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("同期計画 2027-04-01")
        .contains("今回 80 件適用")
        .contains("Verdict: HELD")
        .contains("fingerprint")
        .contains("不明なコマンド");
  }

  @Test
  void planWhenYesterdaysFileArrivesAfterTodaysWasAppliedThenHeld() throws Exception {
    List<String> yesterday = rows(10, "K01");
    List<String> today = new ArrayList<>(yesterday);
    today.set(
        0,
        String.join(
            ",", "60000", "試験 太郎", "シケン タロウ", "Z01", "税務課", "主事", "01", "01", "2027-04-01", ""));
    service.apply(service.plan(hrFile(yesterday), APRIL_1).id(), APRIL_1);
    service.apply(service.plan(hrFile(today), APRIL_1).id(), APRIL_1);

    LifecycleService.StoredPlan redelivered = service.plan(hrFile(yesterday), APRIL_1);

    assertThat(redelivered.status()).isEqualTo(Status.HELD);
    assertThat(((Verdict.Held) redelivered.plan().verdict()).reasons())
        .anySatisfy(r -> assertThat(r.en()).contains("delivered again"));
    assertThat(keycloak.accounts.get("id-60000").sections()).containsExactly("Z01");
  }

  private String sourcePath(long planId) {
    return database
        .jdbc()
        .sql("select source_path from lifecycle_plan where id = ?")
        .param(planId)
        .query(String.class)
        .single();
  }

  private static List<String> rows(int count, String section) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          String.join(
              ",",
              Integer.toString(60000 + i),
              "試験 太郎",
              "シケン タロウ",
              section,
              "市民課",
              "主事",
              "01",
              "01",
              "2024-04-01",
              ""));
    }
    return rows;
  }

  private Path hrFile(List<String> rows) throws IOException {
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
