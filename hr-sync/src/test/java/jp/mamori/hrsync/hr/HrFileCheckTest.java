package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check-hr summary: what it prints and its exit codes; all data is fictional (GV-8). */
class HrFileCheckTest {

  private static final String WORDS_HEADER =
      "職員コード,漢字氏名,カナ氏名,所属CD,所属名称,職名,任用区分,在職区分,異動日,任期満了日,本務兼務,復職予定日,個人ID,生年月日";

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void checkWhenEveryRowIsValidThenCountsPerTypeAndStatusAndExitZero() throws Exception {
    Path file = dir.resolve("staff.csv");
    Files.write(
        file,
        (WORDS_HEADER
                + "\n20001,髙橋 一郎,タカハシ イチロウ,K01,市民課,課長,正規,在職,令和7年4月1日,,,,,\n"
                + "20002,山﨑 花子,ヤマサキ ハナコ,F01,福祉課,主事,会計年度任用,在職,R8.4.1,R9.3.31,,,,\n"
                + "20003,鈴木 次郎,スズキ ジロウ,K01,市民課,主事,正規,育児休業,R8.4.1,,,,,\n")
            .getBytes(Charset.forName("windows-31j")));

    int exit = check(HrLayoutLoader.load("example-words"), file, 20);

    String text = text();
    assertThat(exit).isEqualTo(HrFileCheck.NO_PROBLEMS);
    assertThat(text)
        .contains("人事データの検査 / HR export check: " + file)
        .contains("レイアウト / layout: classpath:/jp/mamori/hrsync/layouts/example-words.yml")
        .contains("文字コード / encoding: windows-31j (設定 / setting AUTO)")
        .contains("データ行 / data rows: 3")
        .contains("取り込める行 / valid records: 3")
        .contains("問題のある行 / rows with problems: 0 (問題 / problems: 0)")
        .contains("  正規職員 REGULAR: 2\n")
        .contains("  会計年度任用職員 FISCAL_YEAR_APPOINTED: 1\n")
        .contains("  派遣 DISPATCHED: 0\n")
        .contains("  在職 ACTIVE: 2\n")
        .contains("  育児休業 CHILDCARE_LEAVE: 1\n")
        .contains("結果 / result: 問題なし / no problems")
        .contains("no target was touched")
        .doesNotContain("髙橋"); // no problem, so no value of the file is printed
  }

  @Test
  void checkWhenRowsHaveProblemsThenTheFirstNWithLineColumnValueExpectedAndExitOne()
      throws Exception {
    Path file = dir.resolve("staff.csv");
    StringBuilder csv = new StringBuilder(WORDS_HEADER).append('\n');
    csv.append("20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,正規,在職,令和7年4月1日,,,,,\n");
    for (int i = 2; i <= 6; i++) {
      csv.append("2000").append(i).append(",佐藤 次郎,サトウ ジロウ,K01,市民課,主事,正職員,在職,令和1年4月1日,,,,,\n");
    }
    Files.writeString(file, csv);

    int exit = check(HrLayoutLoader.load("example-words"), file, 3);

    String text = text();
    assertThat(exit).isEqualTo(HrFileCheck.PROBLEMS);
    assertThat(text)
        .contains("データ行 / data rows: 6")
        .contains("取り込める行 / valid records: 1")
        .contains("問題のある行 / rows with problems: 5 (問題 / problems: 10)")
        .contains("問題 (先頭 3 件 / 全 10 件) / problems (first 3 of 10):")
        .contains("  staff.csv:3 列「任用区分」: 値 \"正職員\" — 期待: 雇用区分 正規=正規職員")
        .contains("  staff.csv:3 列「異動日」: 値 \"令和1年4月1日\" — 期待: 日付 GGGGy年M月d日")
        .contains("  staff.csv:4 列「任用区分」")
        .doesNotContain("staff.csv:4 列「異動日」")
        .contains("結果 / result: 問題あり");
  }

  @Test
  void checkWhenTheFileCannotBeReadThenSaysWhyAndExitTwo() throws Exception {
    Path file = dir.resolve("staff.csv");
    Files.writeString(file, "職員番号,氏名\n20001,佐藤 花子\n");

    int exit = check(HrLayout.defaults(), file, 20);

    assertThat(exit).isEqualTo(HrFileCheck.UNREADABLE);
    assertThat(text())
        .contains("読み取れません / cannot be read: " + file)
        .contains("missing header(s) [カナ, 所属コード")
        .contains("結果 / result: 読み取り不可")
        .doesNotContain("データ行");

    bytes.reset();
    assertThat(check(HrLayout.defaults(), dir.resolve("nowhere.csv"), 20))
        .isEqualTo(HrFileCheck.UNREADABLE);
    assertThat(text()).contains("does not exist");
  }

  @Test
  void checkWhenLimitIsZeroThenOnlyTheCounts() throws Exception {
    Path file = dir.resolve("staff.csv");
    Files.writeString(
        file,
        "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日\n"
            + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,01,2025-13-01\n");

    assertThat(check(HrLayout.defaults(), file, 0)).isEqualTo(HrFileCheck.PROBLEMS);
    assertThat(text()).contains("(問題 / problems: 1)").doesNotContain("2025-13-01");
  }

  private int check(HrLayout layout, Path file, int limit) {
    return new HrFileCheck(new HrCsvReader(layout, HrEncoding.AUTO)).check(file, limit, out);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
