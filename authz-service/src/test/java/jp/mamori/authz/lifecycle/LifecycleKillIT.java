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
import java.util.concurrent.TimeUnit;
import jp.mamori.authz.TestDatabase;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The process applying a plan is really killed (SIGKILL, no shutdown hook, no finally) half-way
 * through onboarding thousands of staff into a real directory; applying the same plan again from
 * another process completes it: every account exists once, no action is journalled twice, and
 * planning again finds nothing to do (issue 3, "process killed mid-apply then resumed").
 */
class LifecycleKillIT {

  private static final int STAFF = 8000;
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);

  @TempDir Path dir;

  /** The shipped rules with the onboarding threshold opened (a first load is all joiners). */
  static LifecycleRules rules(LifecycleRules shipped) {
    return new LifecycleRules(
        shipped.deleteAfterDisable(),
        Duration.ofDays(3650),
        shipped.contractorGrace(),
        shipped.orphanGrace(),
        shipped.maxDeletionsPercent(),
        shipped.maxDeletionsCount());
  }

  @Test
  void applyWhenProcessIsKilledHalfWayThenApplyingAgainCompletesWithEachChangeOnce()
      throws Exception {
    try (TestDatabase postgres = TestDatabase.start();
        EmbeddedDirectory ldap = EmbeddedDirectory.start();
        LdapDirectory directory = LdapDirectory.connect(ldap.settings())) {
      JdbcClient jdbc = postgres.jdbc();
      LifecycleService service =
          new LifecycleService(
              new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
              new Planner(rules(PolicyLoader.loadDefault().lifecycle())),
              List.of(new DirectoryTarget(directory)),
              LifecycleStores.on(jdbc, Clock.systemUTC()),
              postgres.audit(Clock.systemUTC()),
              Clock.systemUTC());
      LifecycleService.StoredPlan plan = service.plan(hrFile(), APRIL_1);
      assertThat(plan.plan().changes()).hasSize(STAFF);

      DirectorySettings s = ldap.settings();
      ProcessBuilder child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ApplyProcess.class.getName(),
                  postgres.jdbcUrl(),
                  postgres.username(),
                  s.host(),
                  Integer.toString(s.port()),
                  s.bindDn(),
                  s.peopleDn(),
                  Long.toString(plan.id()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile());
      child.environment().put("MAMORI_TEST_BIND_PASSWORD", s.bindPassword());
      Process process = child.start();
      // half-way: once it has journalled 1000 changes (or if it ended early, which the assertions
      // below report)
      Poll.until(
          "the child to journal 1000 changes (child log: " + dir.resolve("child.log") + ")",
          Duration.ofMinutes(2),
          () -> !process.isAlive() || done(jdbc, plan.id()) >= 1000);
      process.destroyForcibly(); // SIGKILL
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int entriesAfterKill = directory.listPeople().size();
      int journalledAfterKill = done(jdbc, plan.id());
      assertThat(process.exitValue())
          .as("killed, not finished (child log: %s)", Files.readString(dir.resolve("child.log")))
          .isNotZero();
      assertThat(entriesAfterKill).isBetween(1, STAFF - 1);

      LifecycleService.ApplyResult resumed = service.apply(plan.id(), APRIL_1);

      assertThat(resumed.status()).isEqualTo(Status.APPLIED);
      assertThat(resumed.applied()).isEqualTo(STAFF - entriesAfterKill);
      assertThat(directory.listPeople()).hasSize(STAFF);
      List<String> journal =
          jdbc.sql("select canonical from lifecycle_journal where plan_id = ? and status = 'DONE'")
              .param(plan.id())
              .query(String.class)
              .list();
      assertThat(journal).doesNotHaveDuplicates();
      assertThat(entriesAfterKill - journalledAfterKill)
          .as("applied by the killed process but not yet journalled: at most one batch")
          .isBetween(0, LifecycleService.CHUNK);
      assertThat(journal)
          .as(
              "the journal holds every change in the directory: journalled before the kill,"
                  + " found in effect at the resume, applied by it — no lost batch")
          .hasSize(STAFF)
          .hasSize(
              journalledAfterKill + (entriesAfterKill - journalledAfterKill) + resumed.applied());
      assertThat(service.plan(hrFile(), APRIL_1).status()).isEqualTo(Status.EMPTY);
    }
  }

  private static int done(JdbcClient jdbc, long planId) {
    return jdbc.sql("select count(*) from lifecycle_journal where plan_id = ? and status = 'DONE'")
        .param(planId)
        .query(Integer.class)
        .single();
  }

  private Path hrFile() throws Exception {
    List<String> rows = new ArrayList<>();
    rows.add("職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日");
    for (int i = 0; i < STAFF; i++) {
      rows.add(
          String.join(
              ",",
              Integer.toString(100000 + i),
              "試験 太郎",
              "シケン タロウ",
              "K0" + (i % 5),
              "市民課",
              "主事",
              "01",
              "01",
              "2024-04-01",
              ""));
    }
    Path file = dir.resolve("hr.csv");
    Files.writeString(file, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
