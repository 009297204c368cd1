package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HrJsonReaderTest {

  @TempDir Path dir;
  private final HrJsonReader reader = new HrJsonReader(HrColumnMapping.japaneseDefaults());

  @Test
  void readWhenArrayOfStaffThenSameRecordsAndChecksAsCsv() throws Exception {
    Path file =
        write(
            """
            [
              {"職員番号": 10001, "氏名": "山田 太郎", "カナ": "ヤマダ タロウ", "所属コード": "K01",
               "所属名": "市民課", "職名": "主任", "雇用区分": "01", "在籍区分": "01", "発令日": "2024-04-01"},
              {"職員番号": "10002", "氏名": "会計 年度", "カナ": "カイケイ ネンド", "所属コード": "Z01",
               "所属名": "税務課", "職名": "事務補助", "雇用区分": "02", "在籍区分": "01", "発令日": "2026-04-01",
               "契約終了日": "2027-03-31"},
              {"職員番号": "10003", "氏名": "不正 日付", "カナ": "フセイ ヒヅケ", "所属コード": "Z01",
               "所属名": "税務課", "職名": "主事", "雇用区分": "01", "在籍区分": "01", "発令日": "2026-13-01"},
              {"職員番号": "10001", "氏名": "山田 太郎", "カナ": "ヤマダ タロウ", "所属コード": "F01",
               "所属名": "福祉課", "職名": "主任", "雇用区分": "01", "在籍区分": "01", "発令日": "2024-04-01",
               "兼務": "1"}
            ]
            """);

    HrFile read = reader.read(file);

    assertThat(read.records())
        .extracting(StaffRecord::employeeNumber)
        .containsExactly("10001", "10002", "10001");
    assertThat(read.records().get(1).contractEnd()).isPresent();
    assertThat(read.records().get(2).concurrentPost()).isTrue();
    assertThat(read.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(3);
          assertThat(p.column()).isEqualTo("発令日");
          assertThat(p.file()).isEqualTo(file);
        });
    assertThat(read.dataRows()).isEqualTo(4);
  }

  @Test
  void readWhenNotAnArrayThenRefusedNamingTheFile() throws Exception {
    Path file = write("{\"職員番号\": 1}");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(HrFileException.class)
        .hasMessageContaining("array")
        .hasMessageContaining(file.getFileName().toString());
  }

  @Test
  void readWhenMalformedJsonThenRefusedWithTheLine() throws Exception {
    Path file = write("[\n  {\"職員番号\": \n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(HrFileException.class)
        .hasMessageContaining("line");
  }

  private Path write(String json) throws Exception {
    Path file = dir.resolve("hr.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
