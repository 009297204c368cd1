package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * CSV cells and JSON lines for Excel and external media (AU-3, GV-6): no formula, and no value that
 * shows as a line of its own or reorders the text around it (AU-2, GV-7).
 */
class AuditExportTest {

  @Test
  void charsetWhenExcelsNamesThenAlwaysWindows31jNeverIbmsVariant() {
    for (String name : new String[] {"CP932", "cp932", "MS932", "Windows-31J", "Shift_JIS"}) {
      assertThat(AuditExport.charset(name)).as(name).isEqualTo(Charset.forName("windows-31j"));
    }
    // Java's own "CP932" is IBM's x-IBM942C: a wave dash or a backslash would come out differently
    assertThat(Charset.forName("CP932").name()).isNotEqualTo("windows-31j");
    assertThat(AuditExport.charset("utf-8")).isEqualTo(StandardCharsets.UTF_8);
    assertThat(AuditExport.charset(null)).isEqualTo(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AuditExport.charset("EUC-JP"))
        .hasMessage("encoding: expected UTF-8 or CP932 (Excel); found EUC-JP");
  }

  @Test
  void cellWhenASpreadsheetWouldReadAFormulaThenQuotedAsText() {
    assertThat(AuditExport.cell("=HYPERLINK(\"http://x\")")).startsWith("\"'=");
    assertThat(AuditExport.cell("+1")).isEqualTo("'+1");
    assertThat(AuditExport.cell("職員 10001")).isEqualTo("職員 10001");
  }

  @Test
  void cellWhenTheFormulaIsFullWidthOrBehindSpacesThenQuotedAsTextToo() {
    assertThat(AuditExport.cell("＝HYPERLINK(\"http://x\")")).startsWith("\"'＝");
    assertThat(AuditExport.cell("＋81")).isEqualTo("'＋81");
    assertThat(AuditExport.cell("－1")).isEqualTo("'－1");
    assertThat(AuditExport.cell("＠SUM(A1)")).isEqualTo("'＠SUM(A1)");
    assertThat(AuditExport.cell(" =1+1")).isEqualTo("' =1+1");
    assertThat(AuditExport.cell("\u3000=1+1")).isEqualTo("'\u3000=1+1");
    assertThat(AuditExport.cell("\tdata")).isEqualTo("'\tdata");
    assertThat(AuditExport.cell("  山田 太郎")).as("spaces before a name alone").isEqualTo("  山田 太郎");
  }

  /** A value an attacker chose (a name, a reason) that tries to add a row to the export. */
  static final String FORGED_ROW = "x\r\n2026-01-01,admin,LOGIN_OK";

  @Test
  void cellWhenAValueHoldsLineBreaksThenEscapedVisiblyAndOneLine() {
    assertThat(AuditExport.cell(FORGED_ROW))
        .isEqualTo("\"x<U+000D><U+000A>2026-01-01,admin,LOGIN_OK\"")
        .doesNotContain("\r", "\n");
    assertThat(AuditExport.cell("\r=cmd|' /C calc'!A0"))
        .as("a CR first no longer hides a formula behind it: the cell starts with '<'")
        .isEqualTo("<U+000D>=cmd|' /C calc'!A0");
  }

  @Test
  void cellWhenOtherLineSeparatorsThenEachEscapedVisibly() {
    // NEL, line and paragraph separators, vertical tab, form feed, file/group/record separators:
    // all break lines in some reader (Python's splitlines, browsers, editors)
    String[][] table = {
      {"a\u0085b", "a<U+0085>b"},
      {"a\u2028b", "a<U+2028>b"},
      {"a\u2029b", "a<U+2029>b"},
      {"a\u000Bb", "a<U+000B>b"},
      {"a\fb", "a<U+000C>b"},
      {"a\u001Cb\u001Db\u001Eb", "a<U+001C>b<U+001D>b<U+001E>b"},
      {"a\u0000b", "a<U+0000>b"},
      {"a\u007Fb", "a<U+007F>b"},
    };
    for (String[] row : table) {
      assertThat(AuditExport.cell(row[0])).as(row[1]).isEqualTo(row[1]);
      assertThat(AuditExport.cell(row[0]).lines()).as(row[1]).hasSize(1);
    }
  }

  @Test
  void cellWhenBidiControlsThenEscapedVisiblySoNothingIsReordered() {
    String[][] table = {
      {"\u202Egnp.exe", "<U+202E>gnp.exe"},
      {"a\u202Ab\u202Bc\u202Cd\u202De", "a<U+202A>b<U+202B>c<U+202C>d<U+202D>e"},
      {"a\u2066b\u2067c\u2068d\u2069e", "a<U+2066>b<U+2067>c<U+2068>d<U+2069>e"},
      {"a\u200Eb\u200Fc\u061Cd", "a<U+200E>b<U+200F>c<U+061C>d"},
    };
    for (String[] row : table) {
      assertThat(AuditExport.cell(row[0])).as(row[1]).isEqualTo(row[1]);
    }
    assertThat(AuditExport.cell("山田 太郎 (情報システム課)")).isEqualTo("山田 太郎 (情報システム課)");
    assertThat(AuditExport.cell("a\tb")).as("a tab inside a cell breaks no line").isEqualTo("a\tb");
  }

  @Test
  void eventWhenJsonLinesThenSeparatorsAndBidiEscapedAndTheOriginalReadsBack() {
    java.io.StringWriter out = new java.io.StringWriter();
    AuditExport export = new AuditExport(AuditExport.Format.JSONL, out);
    String actor = "eve\u2028{\"seq\":1}\u202E\u0085" + FORGED_ROW;
    export.event(
        new AuditChain.Event(
            7,
            java.time.Instant.parse("2027-04-01T00:00:00Z"),
            "TEST_EVENT",
            actor,
            "staff/1",
            "{}",
            "AU-3",
            AuditChain.GENESIS,
            "a".repeat(64)));

    String text = out.toString();
    assertThat(text).endsWith("\n");
    assertThat(text.lines()).as("one event, one line").hasSize(1);
    for (char c : new char[] {'\r', '\u2028', '\u2029', '\u0085', '\u202E'}) {
      assertThat(text.indexOf(c)).as("U+%04X", (int) c).isEqualTo(-1);
    }
    assertThat(text).contains("\\u2028", "\\u202E", "\\u0085", "\\r\\n");
    assertThat(
            tools.jackson.databind.json.JsonMapper.shared().readTree(text).path("actor").asString())
        .as("the evidence is kept: the JSON reads back as the original value")
        .isEqualTo(actor);
  }
}
