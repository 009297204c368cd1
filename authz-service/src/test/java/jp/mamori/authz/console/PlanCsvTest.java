package jp.mamori.authz.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.mamori.authz.lifecycle.LifecycleQueries.PlanChange;
import org.junit.jupiter.api.Test;

class PlanCsvTest {

  private final ConsoleLabels labels = new ConsoleLabels();

  @Test
  void csvWhenWrittenThenBomJapaneseHeaderAndCrlfLines() {
    String csv =
        PlanCsv.of(
            List.of(
                new PlanChange(
                    3,
                    "Disable",
                    "IDENTITY_PROVIDER",
                    "100002",
                    true,
                    "退職 (2027-03-31)",
                    "left (2027-03-31)",
                    "LC-1,LC-2",
                    "K02 税務課",
                    "DONE"),
                new PlanChange(
                    4, "Create", "DIRECTORY", "100009", false, "採用", "joiner", "LC-1", "", null)),
            labels);
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes[0]).isEqualTo((byte) 0xEF);
    assertThat(bytes[1]).isEqualTo((byte) 0xBB);
    assertThat(bytes[2]).isEqualTo((byte) 0xBF);
    String[] lines = csv.substring(1).split("\r\n", -1);
    assertThat(lines[0]).isEqualTo("番号,操作,操作コード,対象システム,職員番号,所属,無効化・削除,理由,理由 (英語),要件,適用結果");
    assertThat(lines[1])
        .isEqualTo(
            "3,無効化,Disable,Keycloak (SSO),100002,K02 税務課,はい,退職 (2027-03-31),left"
                + " (2027-03-31),\"LC-1,LC-2\",適用済み");
    assertThat(lines[2]).isEqualTo("4,作成,Create,ディレクトリ (AD/LDAP),100009,,,採用,joiner,LC-1,未適用");
    assertThat(lines[3]).as("the file ends with a line end").isEmpty();
    assertThat(lines).hasSize(4);
  }

  @Test
  void fieldWhenQuotesCommasOrLineEndsThenQuotedAsRfc4180() {
    assertThat(PlanCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(PlanCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(PlanCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(PlanCsv.field(null)).isEmpty();
    assertThat(PlanCsv.field("plain")).isEqualTo("plain");
  }

  @Test
  void fieldWhenItWouldBeAFormulaThenNeutralised() {
    assertThat(PlanCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(PlanCsv.field("+81")).isEqualTo("'+81");
    assertThat(PlanCsv.field("-1")).isEqualTo("'-1");
    assertThat(PlanCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(PlanCsv.field("a=b")).isEqualTo("a=b");
  }
}
