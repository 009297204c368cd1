package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.access.TerminalStore;
import jp.mamori.authz.access.Terminals;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * AU-2, AU-3, GV-7: a value someone chose — a name, a reason typed into a form — cannot forge a
 * line of an export nor reorder what a reader sees. Events written through the real audit log on
 * PostgreSQL (directly, and by retiring a terminal with a crafted reason) keep their exact text in
 * the chain; the CSV export (in memory and through {@code audit-export} in CP932) shows each line
 * break and bidirectional control as {@code <U+XXXX>} inside its one row, and the JSON Lines export
 * escapes them so that they read back as the original.
 */
class AuditExportForgeryIT {

  /** A name with a line that pretends to be an administrator's login. */
  private static final String FORGED_ACTOR = "eve\r\n2026-01-01,admin,LOGIN_OK";

  /** A subject that shows reversed: "staff/txt.exe" read right to left. */
  private static final String REVERSED_SUBJECT = "staff/\u202Eexe.txt";

  /** A reason with a Unicode line separator and an isolate that reorders what follows. */
  private static final String REASON = "異動のため\u20282026-01-01,ciso,APPROVED\u2067 回収済";

  private static final List<Character> FORGING =
      List.of('\r', '\u0085', '\u2028', '\u2029', '\u202E', '\u2067');

  @TempDir Path dir;

  private TestDatabase database;
  private JdbcClient jdbc;
  private AuditLog audit;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    audit = database.audit(clock);
    audit.append(
        new Entry("TEST_EVENT", FORGED_ACTOR, REVERSED_SUBJECT, AuditLog.detail(Map.of()), "AU-3"));
    Terminals terminals = new Terminals(new TerminalStore(jdbc), audit, clock);
    terminals.register("LG-K01-001", Tier.LGWAN, Optional.empty(), List.of("10.0.0.0/8"), "it");
    terminals.retire("LG-K01-001", "it", REASON);
    audit.checkpoint();
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void csvWhenValuesHoldLineBreaksOrBidiControlsThenOneRowPerEventEscapedVisibly() {
    StringWriter csv = new StringWriter();
    long events = audit.export(new AuditExport(AuditExport.Format.CSV, csv));

    String text = csv.toString();
    assertThat(events).isEqualTo(3);
    assertThat(text.split("\r\n", -1)).as("header, three rows, the final line end").hasSize(5);
    String cells = text.replace("\r\n", ""); // the row ends are the export's own
    assertThat(cells).doesNotContain("\n");
    FORGING.forEach(c -> assertThat(cells.indexOf(c)).as("U+%04X", (int) c).isEqualTo(-1));
    assertThat(text.lines()).noneMatch(line -> line.startsWith("2026-01-01"));
    String[] rows = text.split("\r\n");
    assertThat(rows[1])
        .startsWith("1,")
        .contains(",\"eve<U+000D><U+000A>2026-01-01,admin,LOGIN_OK\",", ",staff/<U+202E>exe.txt,");
    assertThat(rows[3])
        .contains("TERMINAL_RETIRE", "異動のため<U+2028>2026-01-01,ciso,APPROVED<U+2067> 回収済");

    // the chain keeps the exact text: the evidence is escaped on the way out, never altered
    assertThat(jdbc.sql("select actor from audit_event where seq = 1").query(String.class).single())
        .isEqualTo(FORGED_ACTOR);
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void csvCommandWhenCp932ThenTheSameRowsAndEscapes() throws Exception {
    Path file = dir.resolve("audit.csv");
    int exit =
        new AuditCommandConfiguration()
            .auditExportCommand(audit)
            .execute(
                "audit-export",
                Map.of("file", file.toString(), "format", "csv", "encoding", "CP932"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(exit).isZero();
    String text = Files.readString(file, Charset.forName("windows-31j"));
    assertThat(text.split("\r\n", -1)).hasSize(5);
    assertThat(text).contains("eve<U+000D><U+000A>2026-01-01,admin,LOGIN_OK", "<U+2028>");
  }

  @Test
  void jsonLinesWhenValuesHoldLineBreaksOrBidiControlsThenOneLineEachAndTheOriginalReadsBack() {
    StringWriter out = new StringWriter();
    audit.export(new AuditExport(AuditExport.Format.JSONL, out));

    String text = out.toString();
    List<String> lines = List.of(text.split("\n"));
    assertThat(lines).as("three events and the checkpoint").hasSize(4);
    FORGING.forEach(c -> assertThat(text.indexOf(c)).as("U+%04X", (int) c).isEqualTo(-1));
    assertThat(text).contains("\\u202E", "\\u2028", "\\u2067", "\\r\\n");
    assertThat(JsonMapper.shared().readTree(lines.get(0)).path("actor").asString())
        .isEqualTo(FORGED_ACTOR);
    assertThat(JsonMapper.shared().readTree(lines.get(0)).path("subject").asString())
        .isEqualTo(REVERSED_SUBJECT);
    assertThat(
            JsonMapper.shared()
                .readTree(JsonMapper.shared().readTree(lines.get(2)).path("detail").asString())
                .path("reason")
                .asString())
        .isEqualTo(REASON);
  }
}
