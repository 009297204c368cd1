package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CSV cells and encodings for Excel (AU-3, GV-6). */
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
}
