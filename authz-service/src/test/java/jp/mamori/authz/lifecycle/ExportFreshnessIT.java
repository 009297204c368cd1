package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A stale HR export is never silent (LC-1, LC-2) — on the real PostgreSQL schema: the same export
 * as the previous run is said in the plan; beyond the allowed two days it is stale — a warning in
 * the stored plan, an open alert on the dashboard, an audit record and the gauge — and a changed
 * export resolves the alert. A file written long ago is stale from its first plan.
 */
class ExportFreshnessIT {

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);

  private static TestDatabase database;

  @TempDir Path dir;
  private MutableClock clock;
  private LifecycleService service;
  private Alerts alerts;
  private io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics;

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
    jdbc.sql(
            "truncate lifecycle_journal, lifecycle_plan_action, lifecycle_plan, orphan_seen, alert")
        .update();
    clock = new MutableClock(Instant.now());
    alerts = new Alerts(new AlertStore(jdbc), clock);
    metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    LifecycleStores stores = LifecycleStores.on(jdbc, clock);
    service =
        new LifecycleService(
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            new Planner(PolicyLoader.loadDefault().lifecycle()),
            List.of(
                new InMemoryTarget(Target.DIRECTORY), new InMemoryTarget(Target.IDENTITY_PROVIDER)),
            List.of(),
            stores,
            database.audit(clock),
            clock,
            metrics,
            false,
            Optional.of(
                new ExportFreshness(
                    Duration.ofDays(2),
                    stores,
                    Optional.of(alerts),
                    database.audit(clock),
                    clock,
                    metrics)),
            List.of());
  }

  @Test
  void planWhenExportUnchangedBeyondTwoDaysThenWarnedAlertedAuditedAndResolvedWhenItChanges()
      throws Exception {
    Path export = export("60001,試験 太郎,シケン タロウ,K01,市民課,主事,01,01,2027-04-01,");
    touch(export, clock.instant());

    LifecycleService.StoredPlan first = service.plan(export, DAY);
    service.apply(first.id(), DAY);
    assertThat(first.plan().warnings()).isEmpty();

    clock.advance(Duration.ofDays(1));
    LifecycleService.StoredPlan nextDay = service.plan(export, DAY.plusDays(1));
    assertThat(nextDay.plan().warnings())
        .singleElement()
        .extracting(Reason::ja)
        .asString()
        .contains("前回の計画 (#" + first.id() + ") と同じです");
    assertThat(alerts.open()).isEmpty();

    clock.advance(Duration.ofDays(2)); // three days on the same export, two allowed
    LifecycleService.StoredPlan stale = service.plan(export, DAY.plusDays(3));

    assertThat(stale.plan().warnings())
        .extracting(Reason::en)
        .anySatisfy(en -> assertThat(en).contains("has not changed for 3 days (allowed: 2)"));
    assertThat(stale.status()).as("nothing to change, and yet not silent").isEqualTo(Status.EMPTY);
    assertThat(
            database
                .jdbc()
                .sql("select warnings from lifecycle_plan where id = ?")
                .param(stale.id())
                .query(String.class)
                .single())
        .contains("3 日間更新されていません");
    assertThat(alerts.open())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.kind()).isEqualTo(ExportFreshness.ALERT);
          assertThat(a.detailJa()).contains("退職者・異動者が処理されません");
        });
    assertThat(
            database
                .jdbc()
                .sql("select count(*) from audit_event where kind = ? and subject = ?")
                .params(ExportFreshness.ALERT, "lifecycle-plan/" + stale.id())
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(metrics.get("mamori.hr.export.unchanged").gauge().value())
        .isGreaterThanOrEqualTo(Duration.ofDays(3).toSeconds());

    Path today = export("60001,試験 太郎,シケン タロウ,K01,市民課,主査,01,01,2027-04-04,");
    touch(today, clock.instant());
    LifecycleService.StoredPlan fresh = service.plan(today, DAY.plusDays(3));

    assertThat(fresh.plan().warnings()).isEmpty();
    assertThat(alerts.open()).as("the changed export resolves the alert").isEmpty();
  }

  @Test
  void planWhenExportFileWasWrittenLongAgoThenStaleAtTheFirstPlan() throws Exception {
    Path export = export("60002,試験 花子,シケン ハナコ,K01,市民課,主事,01,01,2027-04-01,");
    touch(export, clock.instant().minus(Duration.ofDays(5)));

    LifecycleService.StoredPlan plan = service.plan(export, DAY);

    assertThat(plan.plan().warnings())
        .extracting(Reason::en)
        .singleElement()
        .asString()
        .contains("has not changed for 5 days");
    assertThat(alerts.open()).hasSize(1);
  }

  private Path export(String row) throws Exception {
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + row + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static void touch(Path file, Instant at) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(at));
  }
}
