package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.authz.cli.CliCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log on the real PostgreSQL (AU-1, AU-2, AU-5): appends chain without gap or fork even
 * from concurrent writers, commit with the change they record or not at all, and every kind of
 * tampering by someone with database access — editing, deleting, reordering, truncating the tail,
 * re-chaining from the genesis, forging a checkpoint without the key — is found by the
 * verification, by the scheduled check (which raises an alert) and by the {@code audit-verify}
 * command.
 */
class AuditLogIT {

  private TestDatabase database;
  private JdbcClient jdbc;
  private AuditLog audit;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    audit = database.audit(Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void appendWhenConcurrentWritersThenOneContiguousIntactChain() throws Exception {
    try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        done.add(
            writers.submit(() -> {
              for (int i = 0; i < 25; i++) { // one event, then a batch of three
                audit.append(entry("writer-" + writer, "event " + i));
                audit.appendAll(
                    List.of(
                        entry("writer-" + writer, "batch " + i + ".1"),
                        entry("writer-" + writer, "batch " + i + ".2"),
                        entry("writer-" + writer, "batch " + i + ".3")));
              }
            }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    Verification v = audit.verify();
    assertThat(v.problems()).isEmpty();
    assertThat(v.events()).isEqualTo(400);
    assertThat(v.lastSeq()).isEqualTo(400);
  }

  @Test
  void recordedWhenTheChangeFailsThenNoEventAndWhenItSucceedsThenBoth() {
    assertThatThrownBy(() ->
            audit.recorded(
                () -> {
                  jdbc.sql(
                          "insert into alert (raised_at, kind, subject, detail_ja, detail_en,"
                              + " requirement_id) values (now(), 'K', 'S', 'j', 'e', 'AU-5')")
                      .update();
                  throw new IllegalStateException("the change failed half-way");
                },
                n -> entry("admin", "never recorded")))
        .hasMessageContaining("half-way");
    assertThat(count("alert")).isZero();
    assertThat(count("audit_event")).isZero();

    audit.recorded(
        () ->
            jdbc.sql(
                    "insert into alert (raised_at, kind, subject, detail_ja, detail_en,"
                        + " requirement_id) values (now(), 'K', 'S', 'j', 'e', 'AU-5')")
                .update(),
        n -> entry("admin", "recorded with its change"));
    assertThat(count("alert")).isOne();
    assertThat(count("audit_event")).isOne();
  }

  @Test
  void verifyWhenAnEventIsEditedThenFoundAtThatEvent() {
    append(10);
    jdbc.sql("update audit_event set detail = '{\"reason\":\"rewritten\"}' where seq = 4").update();

    Verification v = audit.verify();

    assertThat(v.intact()).isFalse();
    assertThat(v.problems().getFirst().seq()).isEqualTo(4);
    assertThat(v.problems().getFirst().expected()).startsWith("hash ");
  }

  @Test
  void verifyWhenAnEventIsDeletedThenTheGapIsFound() {
    append(10);
    jdbc.sql("delete from audit_event where seq = 6").update();

    Verification v = audit.verify();

    assertThat(v.problems())
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(7);
          assertThat(p.expected()).contains("sequence number 6");
        });
  }

  @Test
  void verifyWhenTheLogSpansSeveralRangesThenIntactAndAGapAtARangeBoundaryFound() {
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < 45_000; i++) {
      batch.add(new Entry("SYNC_CREATE", "mamori", "emp-" + i, "{\"n\":" + i + "}", "LC-1"));
    }
    audit.appendAll(batch);
    audit.checkpoint();
    java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    List<Long> ranges = new java.util.concurrent.CopyOnWriteArrayList<>();
    Verification intact = audit.verify(java.util.Map.of(), total::set, ranges::add);
    assertThat(intact.intact()).isTrue();
    assertThat(intact.events()).isEqualTo(45_000);
    assertThat(total.get())
        .as("the whole, told before the ranges (CLI progress)")
        .isEqualTo(45_000);
    assertThat(ranges).as("each range as it is checked").containsExactly(20_000L, 20_000L, 5_000L);

    // the first event of the second range read (ranges of 20,000)
    jdbc.sql("delete from audit_event where seq = 20001").update();
    Verification v = audit.verify();
    assertThat(v.problems())
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(20_002);
          assertThat(p.expected()).contains("sequence number 20001");
        });
  }

  @Test
  void archiveWhenOlderThanTheRetentionThenExportedRemovedAndTheChainStillVerifies()
      throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2021-04-01T00:00:00Z"));
    AuditLog old = database.audit(clock);
    for (int i = 1; i <= 6; i++) {
      old.append(entry("it-admin", "event " + i));
    }
    old.checkpoint(); // at event 6
    clock.advance(java.time.Duration.ofHours(2));
    for (int i = 7; i <= 10; i++) {
      old.append(entry("it-admin", "event " + i));
    }
    old.checkpoint(); // at event 10
    clock.advance(java.time.Duration.ofDays(5 * 365 + 10));
    java.time.Duration retention = java.time.Duration.ofDays(1826);
    java.time.Instant before = java.time.Instant.parse("2021-04-01T01:00:00Z");

    java.io.StringWriter refusedOut = new java.io.StringWriter();
    assertThatThrownBy(() ->
            old.archive(
                clock.instant().minus(java.time.Duration.ofDays(10)),
                retention,
                new AuditExport(AuditExport.Format.JSONL, refusedOut),
                "nowhere",
                "it-admin"))
        .as("still within the retention period")
        .hasMessageContaining("records are kept for 1826 days");
    assertThat(refusedOut.toString()).isEmpty();

    java.io.StringWriter archive = new java.io.StringWriter();
    AuditLog.Archived done =
        old.archive(
            before,
            retention,
            new AuditExport(AuditExport.Format.JSONL, archive),
            "/media/usb/audit-2021.jsonl",
            "it-admin");
    assertThat(done.baseSeq()).isEqualTo(6);
    assertThat(done.events()).isEqualTo(6);
    assertThat(archive.toString().lines())
        .hasSize(7)
        .last()
        .asString()
        .contains("\"checkpoint\":true", "\"seq\":6");
    assertThat(jdbc.sql("select min(seq) from audit_event").query(Long.class).single())
        .isEqualTo(7);
    Verification v = old.verify();
    assertThat(v.intact()).as(v.problems().toString()).isTrue();
    assertThat(v.events()).isEqualTo(5); // 7..10 and the archiving itself
    assertThat(
            jdbc.sql("select kind from audit_event order by seq desc limit 1")
                .query(String.class)
                .single())
        .isEqualTo("AUDIT_ARCHIVED");

    // the command: a day within the retention is refused and leaves no file
    AuditSettings settings =
        new AuditSettings(
            null,
            java.util.List.of(),
            java.time.Duration.ofMinutes(5),
            java.time.Duration.ofHours(1),
            false,
            java.time.Duration.ofMinutes(1),
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofDays(30),
            retention,
            null);
    java.nio.file.Path target = Files.createTempDirectory("archive").resolve("audit-2026.jsonl");
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    int refused =
        new AuditCommandConfiguration()
            .auditArchiveCommand(old, settings)
            .execute(
                "audit-archive",
                Map.of("file", target.toString(), "before", "2026-01-01"),
                new PrintStream(said, true, StandardCharsets.UTF_8));
    assertThat(refused).isEqualTo(2);
    assertThat(said.toString(StandardCharsets.UTF_8)).contains("保管しませんでした", "PT43824H");
    assertThat(target).doesNotExist();

    // someone moves the base to the next checkpoint and deletes 7..10 by hand: found
    String hash10 =
        jdbc.sql("select hash from audit_checkpoint where seq = 10").query(String.class).single();
    jdbc.sql("update audit_base set seq = 10, hash = ?").param(hash10).update();
    jdbc.sql("delete from audit_event where seq <= 10").update();
    assertThat(old.verify().problems())
        .anySatisfy(p -> assertThat(p.found()).contains("base moved without an archive record"));
  }

  @Test
  void verifyWhenTwoEventsAreSwappedThenFound() {
    append(10);
    // swap the content of 3 and 4 (kind, actor, detail, hashes), keeping the sequence numbers
    jdbc.sql(
            """
            update audit_event a set kind = b.kind, actor = b.actor, subject = b.subject,
                detail = b.detail, prev_hash = b.prev_hash, hash = b.hash
            from audit_event b
            where (a.seq = 3 and b.seq = 4) or (a.seq = 4 and b.seq = 3)
            """)
        .update();

    Verification v = audit.verify();

    assertThat(v.problems()).extracting(AuditChain.Problem::seq).contains(3L, 4L);
  }

  @Test
  void verifyWhenTheTailIsTruncatedAfterACheckpointThenFound() {
    append(10);
    assertThat(audit.checkpoint()).isPresent();
    jdbc.sql("delete from audit_event where seq > 7").update();

    Verification v = audit.verify();

    assertThat(v.problems())
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(10);
          assertThat(p.found()).contains("tail truncated");
        });
  }

  @Test
  void verifyWhenTheChainIsRecomputedFromTheGenesisWithoutTheKeyThenTheCheckpointsDisagree() {
    append(10);
    audit.checkpoint();
    // an insider edits event 2 and recomputes every hash after it: the chain alone is consistent
    jdbc.sql("update audit_event set detail = '{\"reason\":\"covered up\"}' where seq = 2")
        .update();
    String prev = AuditChain.GENESIS;
    for (Event e : events()) {
      String hash =
          AuditChain.hash(
              e.seq(),
              e.at(),
              e.kind(),
              e.actor(),
              e.subject(),
              e.detail(),
              e.requirementIds(),
              prev);
      jdbc.sql("update audit_event set prev_hash = ?, hash = ? where seq = ?")
          .params(prev, hash, e.seq())
          .update();
      prev = hash;
    }
    // and forges a checkpoint for the new head with a key of their own
    AuditSigner forger = AuditSigner.generate();
    var forged = forger.sign(10, prev, java.time.Instant.now());
    jdbc.sql("update audit_checkpoint set hash = ?, jws = ? where seq = 10")
        .params(forged.hash(), forged.jws())
        .update();

    Verification v = audit.verify();

    assertThat(v.intact()).isFalse();
    assertThat(v.problems())
        .anySatisfy(p -> assertThat(p.found()).contains("a signature that fails"));
    // without the forgery, the genuine checkpoint's hash disagrees with the recomputed chain
    jdbc.sql("delete from audit_checkpoint").update();
    Map<Long, AuditChain.Checkpoint> exported = Map.of(10L, genuineCheckpoint);
    assertThat(audit.verify(exported).problems())
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(10);
          assertThat(p.expected()).contains("the hash signed in the checkpoint");
        });
  }

  @Test
  void scheduledCheckAndCommandWhenTamperedThenAlertRaisedAndExitCodeThree() {
    append(5);
    Alerts alerts = new Alerts(new AlertStore(jdbc), Clock.systemUTC());
    AuditJobs jobs = new AuditJobs(audit, alerts);
    var command = new AuditCommandConfiguration().auditVerifyCommand(audit);
    assertThat(jobs.verify().intact()).isTrue();
    assertThat(run(command)).startsWith("0 監査ログは改ざんされていません: 5 件");

    jdbc.sql("update audit_event set actor = 'someone-else' where seq = 2").update();

    assertThat(jobs.verify().intact()).isFalse();
    assertThat(alerts.open())
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("AUDIT_TAMPERED");
          assertThat(a.requirementId()).isEqualTo("AU-2");
        });
    assertThat(run(command)).startsWith("3 監査ログの改ざんを検出しました").contains("event 2");
  }

  @Test
  void exportWhenCsvOrJsonLinesThenFormulasDefusedCheckpointsIncludedAndCp932Readable(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    audit.append(
        new Entry(
            "TEST_EVENT",
            "=HYPERLINK(\"http://x\")",
            "staff/it-0001",
            AuditLog.detail(Map.of("reason", "異動, 発令日")),
            "AU-3"));
    audit.checkpoint();

    java.io.StringWriter csv = new java.io.StringWriter();
    audit.export(new AuditExport(AuditExport.Format.CSV, csv));
    String[] rows = csv.toString().split("\r\n");
    assertThat(rows[0]).isEqualTo(AuditExport.CSV_HEADER);
    assertThat(rows[1]).contains(",\"'=HYPERLINK(\"\"http://x\"\")\",");

    java.io.StringWriter jsonl = new java.io.StringWriter();
    assertThat(audit.export(new AuditExport(AuditExport.Format.JSONL, jsonl))).isOne();
    String[] lines = jsonl.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).contains("\"checkpoint\":true", "\"jws\":\"ey");

    java.nio.file.Path file = dir.resolve("audit.csv");
    var command = new AuditCommandConfiguration().auditExportCommand(audit);
    int exit =
        command.execute(
            "audit-export",
            Map.of("file", file.toString(), "format", "csv", "encoding", "CP932"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    assertThat(
            java.nio.file.Files.readString(file, java.nio.charset.Charset.forName("windows-31j")))
        .contains("異動, 発令日");
  }

  private AuditChain.Checkpoint genuineCheckpoint;

  private void append(int n) {
    for (int i = 1; i <= n; i++) {
      audit.append(entry("it-admin", "event " + i));
    }
    genuineCheckpoint = audit.signer().sign(n, headHash(), java.time.Instant.now());
  }

  private String headHash() {
    return jdbc.sql("select hash from audit_event order by seq desc limit 1")
        .query(String.class)
        .single()
        .strip();
  }

  private List<Event> events() {
    return jdbc.sql(
            "select seq, at, kind, actor, subject, detail, requirement_ids, prev_hash, hash"
                + " from audit_event order by seq")
        .query((rs, i) ->
            new Event(
                rs.getLong(1),
                ((Timestamp) rs.getObject(2)).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8).strip(),
                rs.getString(9).strip()))
        .list();
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static String run(CliCommand command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        command.execute(
            "audit-verify", Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    return exit + " " + out.toString(StandardCharsets.UTF_8);
  }

  private static Entry entry(String actor, String what) {
    return new Entry(
        "TEST_EVENT", actor, "staff/it-0001", AuditLog.detail(Map.of("what", what)), "AU-5");
  }
}
