package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * AU-2 against a database administrator: the signed checkpoints are copied to a folder outside the
 * database, and the verification — the scheduled check with its alert, the API and the {@code
 * audit-verify} command — holds the real PostgreSQL against those copies. Deleting the tail, or the
 * whole log together with its checkpoints, which the database alone can no longer show, is found
 * and named with the copy that proves it; so is a checkpoint row deleted, and a copy forged or
 * damaged. A new installation verifies; a folder that cannot be written stops the signing and
 * raises an alert rather than signing in the database alone.
 */
class OutsideCheckpointsIT {

  private static final Instant T0 = Instant.parse("2027-04-01T00:00:00Z");

  @TempDir Path dir;

  private TestDatabase database;
  private JdbcClient jdbc;
  private MutableClock clock;
  private Path folder;
  private AuditLog audit;
  private Alerts alerts;
  private AuditJobs jobs;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    clock = new MutableClock(T0);
    folder = dir.resolve("audit-checkpoints");
    audit = database.audit(clock).withOutsideCheckpoints(CheckpointArchive.open(folder));
    alerts = new Alerts(new AlertStore(jdbc), clock);
    jobs = new AuditJobs(audit, alerts);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void verifyWhenANewInstallationThenIntactAndEachCheckpointIsCopiedOwnerOnly() throws Exception {
    assertThat(audit.verify().intact()).as("empty log, no copy yet").isTrue();
    assertThat(folder).isEmptyDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");

    append(3);
    jobs.checkpoint();

    Path month = folder.resolve("checkpoints-2027-04.jws");
    String signed =
        jdbc.sql("select jws from audit_checkpoint where seq = 3").query(String.class).single();
    assertThat(Files.readAllLines(month)).containsExactly(signed);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(month)))
        .isEqualTo("rw-------");
    Verification v = audit.verify();
    assertThat(v.intact()).as(v.problems().toString()).isTrue();
    assertThat(v.events()).isEqualTo(3);
    assertThat(run()).startsWith("0 監査ログは改ざんされていません: 3 件");
  }

  @Test
  void verifyWhenTheTailAndItsCheckpointsAreDeletedThenTheCopyOutsideNamesTheLoss() {
    append(6);
    jobs.checkpoint(); // at 6
    append(4);
    jobs.checkpoint(); // at 10

    // the administrator removes the last four events and the checkpoint that pinned them
    jdbc.sql("delete from audit_event where seq > 6").update();
    jdbc.sql("delete from audit_checkpoint where seq > 6").update();

    assertThat(database.audit(clock).verify().intact())
        .as("the database alone no longer shows it")
        .isTrue();
    Verification v = jobs.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.problems())
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(10);
          assertThat(p.expected())
              .contains("events up to 10", "kept outside the database", "checkpoints-2027-04.jws");
          assertThat(p.found()).isEqualTo("the log ends at 6 (tail deleted)");
        });
    assertThat(alerts.open())
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("AUDIT_TAMPERED");
          assertThat(a.requirementId()).isEqualTo("AU-2");
          assertThat(a.detailEn()).contains("tail deleted");
        });
    assertThat(run()).startsWith("3 監査ログの改ざんを検出しました").contains("event 10", "tail deleted");
  }

  @Test
  void verifyWhenTheWholeLogAndItsCheckpointsAreDeletedThenTheCopiesOutsideNameTheLoss() {
    append(5);
    jobs.checkpoint();
    append(2);
    jobs.checkpoint();

    jdbc.sql("delete from audit_event").update();
    jdbc.sql("delete from audit_checkpoint").update();

    assertThat(database.audit(clock).verify().intact())
        .as("an empty database alone looks like a new installation")
        .isTrue();
    VerificationView body = controller().verification();
    assertThat(body.intact()).isFalse();
    assertThat(body.events()).isEqualTo(0L);
    assertThat(body.problems())
        .asString()
        .contains(
            "event 7: expected events up to 7",
            "2 copies lie past the log's end",
            "found no events in the database and no checkpoints (the log deleted)");

    // and starts a new log to look alive: the copies still say what came before
    append(2);
    assertThat(jobs.verify().problems())
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(7);
          assertThat(p.found()).isEqualTo("the log ends at 2 (tail deleted)");
        });
    assertThat(alerts.open()).extracting(Alerts.Alert::kind).contains("AUDIT_TAMPERED");
  }

  @Test
  void verifyWhenADatabaseCheckpointRowIsDeletedThenTheCopyOutsideNamesIt() {
    append(4);
    jobs.checkpoint();
    append(2);
    jobs.checkpoint();

    jdbc.sql("delete from audit_checkpoint where seq = 4").update();

    Verification v = jobs.verify();
    assertThat(v.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.seq()).isEqualTo(4);
          assertThat(p.expected())
              .contains("the database's checkpoint of event 4", "line 1 of " + folder);
          assertThat(p.found()).isEqualTo("no checkpoint of event 4 in the database (deleted)");
        });
    assertThat(alerts.open()).extracting(Alerts.Alert::kind).contains("AUDIT_TAMPERED");
  }

  @Test
  void verifyWhenACopyOutsideIsForgedOrDamagedThenEachLineIsNamed() throws Exception {
    append(3);
    jobs.checkpoint();
    Path month = folder.resolve("checkpoints-2027-04.jws");
    String head =
        jdbc.sql("select hash from audit_event where seq = 3").query(String.class).single().strip();
    String forged = AuditSigner.generate().sign(3, head, clock.instant()).jws();
    Files.writeString(
        month,
        forged + "\nnot a checkpoint\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.APPEND);

    Verification v = jobs.verify();

    assertThat(v.problems())
        .hasSize(2)
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(3);
          assertThat(p.expected()).contains("signed with the audit key", "line 2 of " + month);
          assertThat(p.found()).isEqualTo("a signature that fails");
        })
        .anySatisfy(p -> {
          assertThat(p.expected()).contains("line 3 of " + month);
          assertThat(p.found()).isEqualTo("text that is not one");
        });
  }

  @Test
  void checkpointWhenTheFolderCannotBeWrittenThenNothingSignedAndAnAlertUntilItCanAgain()
      throws Exception {
    append(2);
    Path month = Files.createDirectory(folder.resolve("checkpoints-2027-04.jws"));

    jobs.checkpoint();

    assertThat(jdbc.sql("select count(*) from audit_checkpoint").query(Long.class).single())
        .as("no checkpoint in the database without its copy outside")
        .isZero();
    assertThat(alerts.open())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.kind()).isEqualTo("AUDIT_CHECKPOINT_FAILED");
          assertThat(a.requirementId()).isEqualTo("AU-2");
          assertThat(a.detailEn()).contains("event 2", "mamori.audit.checkpoint-dir");
        });

    Files.delete(month);
    jobs.checkpoint();

    assertThat(jdbc.sql("select count(*) from audit_checkpoint").query(Long.class).single())
        .isOne();
    assertThat(Files.readAllLines(month)).hasSize(1);
    assertThat(alerts.open()).isEmpty();
    assertThat(audit.verify().intact()).isTrue();
  }

  private AuditController controller() {
    return new AuditController(
        audit,
        new AuditReviews(
            new AuditReviewStore(jdbc),
            audit,
            alerts,
            Duration.ofDays(30),
            clock,
            ZoneId.of("Asia/Tokyo")));
  }

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      clock.advance(Duration.ofSeconds(1));
      audit.append(
          new Entry(
              "TEST_EVENT", "it-admin", "staff/it-0001", AuditLog.detail(Map.of("n", i)), "AU-5"));
    }
  }

  private String run() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        new AuditCommandConfiguration()
            .auditVerifyCommand(audit)
            .execute("audit-verify", Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    return exit + " " + out.toString(StandardCharsets.UTF_8);
  }
}
