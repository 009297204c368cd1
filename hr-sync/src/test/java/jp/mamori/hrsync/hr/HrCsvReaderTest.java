package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** GV-7 (input checks) on HR exports; all data is fictional (GV-8). */
class HrCsvReaderTest {

  private static final String SAMPLE = "/jp/mamori/hrsync/sample/hr-staff.csv";
  private static final Charset CP932 = Charset.forName("windows-31j");
  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final String GOOD_FIRST = "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,01,2025-04-01,";
  private static final String GOOD_LAST = "20003,鈴木 一郎,スズキ イチロウ,K01,市民課,係長,01,01,2024/04/01,";

  @TempDir Path dir;

  private final HrCsvReader reader =
      new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO);

  @Test
  void readWhenSampleThenFiftyRecordsAndNoProblems() throws Exception {
    HrFile file = reader.read(sample());

    assertThat(file.problems()).isEmpty();
    assertThat(file.records()).hasSize(50);
    assertThat(file.dataRows()).isEqualTo(50);
    assertThat(file.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(file.records().get(0))
        .isEqualTo(
            new StaffRecord(
                "10001",
                "山田 太郎",
                "ヤマダ タロウ",
                "K01",
                "市民課",
                "主任",
                EmploymentType.REGULAR,
                EmploymentStatus.ACTIVE,
                LocalDate.of(2024, 4, 1),
                Optional.empty()));
    assertThat(file.records())
        .extracting(StaffRecord::employeeNumber)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(10001, 10050).mapToObj(Integer::toString).toList());
    assertThat(file.records())
        .extracting(StaffRecord::sectionCode)
        .containsOnly("K01", "Z01", "F01", "H01", "S01", "A01", "D01", "E01")
        .contains("K01", "Z01", "F01", "H01", "S01", "A01", "D01", "E01");
    assertThat(file.records())
        .filteredOn(r -> r.employmentType() == EmploymentType.FISCAL_YEAR_APPOINTED)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.contractEnd()).contains(LocalDate.of(2027, 3, 31)));
    assertThat(file.records())
        .filteredOn(r -> r.employmentType() == EmploymentType.DISPATCHED)
        .hasSize(1);
    assertThat(file.records())
        .filteredOn(r -> r.employmentType() == EmploymentType.CONTRACTOR)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.sectionCode()).isEqualTo("S01");
          assertThat(r.contractEnd()).isPresent();
        });
    assertThat(file.records())
        .filteredOn(r ->
            r.employmentType() == EmploymentType.REGULAR && r.status() == EmploymentStatus.ACTIVE)
        .hasSizeGreaterThan(35);
    assertThat(file.records())
        .extracting(StaffRecord::effectiveDate)
        .allSatisfy(d -> assertThat(d.getYear()).isBetween(2024, 2026));
  }

  @ParameterizedTest
  @EnumSource(
      value = HrEncoding.class,
      names = {"AUTO", "CP932"})
  void readWhenSampleConvertedToCp932ThenSameRecords(HrEncoding encoding) throws Exception {
    String text = Files.readString(sample(), StandardCharsets.UTF_8);
    Path cp932 = dir.resolve("hr-staff-sjis.csv");
    Files.write(cp932, text.getBytes(CP932));

    HrFile file = new HrCsvReader(HrColumnMapping.japaneseDefaults(), encoding).read(cp932);

    assertThat(file.charset()).isEqualTo(CP932);
    assertThat(file.problems()).isEmpty();
    assertThat(file.records()).isEqualTo(reader.read(sample()).records());
  }

  @ParameterizedTest
  @EnumSource(
      value = HrEncoding.class,
      names = {"AUTO", "UTF_8"})
  void readWhenUtf8WithBomThenBomStrippedAndSameRecords(HrEncoding encoding) throws Exception {
    byte[] text = Files.readAllBytes(sample());
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Path file = dir.resolve("hr-bom.csv");
    Files.write(file, withBom);

    HrFile read = new HrCsvReader(HrColumnMapping.japaneseDefaults(), encoding).read(file);

    assertThat(read.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(read.problems()).isEmpty();
    assertThat(read.records()).isEqualTo(reader.read(sample()).records());
  }

  @Test
  void readWhenUtf8ConfiguredButFileIsCp932ThenExceptionPointsAtEncoding() throws Exception {
    Path file = dir.resolve("hr.csv");
    Files.write(file, (HEADER + "\n" + GOOD_FIRST + "\n").getBytes(CP932));

    assertThatExceptionOfType(HrFileException.class)
        .isThrownBy(
            () -> new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.UTF_8).read(file))
        .withMessageContaining("hr.csv")
        .withMessageContaining("職員番号")
        .withMessageContaining("encoding");
  }

  static Stream<Arguments> badRows() {
    String longName = "課".repeat(201);
    return Stream.of(
        Arguments.of("20002,,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,", "氏名", "", "値があること"),
        Arguments.of("20002,佐藤 次郎,サトウ ジロウ,K01,市民課,  ,01,01,2025-04-01,", "職名", "", "non-blank"),
        Arguments.of(
            "2000A,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,", "職員番号", "2000A", "5 to 10"),
        Arguments.of("2002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,", "職員番号", "2002", "半角数字"),
        Arguments.of(
            "２０００２,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,", "職員番号", "２０００２", "ASCII digits"),
        Arguments.of("20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,06,01,2025-04-01,", "雇用区分", "06", "01=正規職員"),
        Arguments.of("20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,09,2025-04-01,", "在籍区分", "09", "07=病気休職"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2026-13-01,", "発令日", "2026-13-01", "yyyy-MM-dd"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2026-02-29,", "発令日", "2026-02-29", "yyyy/MM/dd"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,事務補助員,02,01,2026-04-01,",
            "契約終了日",
            "",
            "会計年度任用職員は契約終了日が必須"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,S01,情報システム課,保守員,05,01,2026-04-01,", "契約終了日", "", "CONTRACTOR"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,派遣職員,04,01,2026-04-01,2026-03-31",
            "契約終了日",
            "2026-03-31",
            "on or after the effective date 2026-04-01"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,派遣職員,04,01,2026-04-01,2027-02-30",
            "契約終了日",
            "2027-02-30",
            "yyyy-MM-dd"),
        Arguments.of("20002,佐藤 次郎,さとう じろう,K01,市民課,主事,01,01,2025-04-01,", "カナ", "さとう じろう", "全角カタカナ"),
        Arguments.of(
            "20002,佐藤 次郎,ｻﾄｳ ｼﾞﾛｳ,K01,市民課,主事,01,01,2025-04-01,", "カナ", "ｻﾄｳ ｼﾞﾛｳ", "full-width"),
        Arguments.of("20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事\u0007,01,01,2025-04-01,", "職名", "主事", "制御文字"),
        Arguments.of(
            "20002,佐藤\u202E次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,",
            "氏名",
            "佐藤次郎",
            "format characters"),
        Arguments.of(
            "20002,佐藤 次郎,サトウ ジロウ,K01," + longName + ",主事,01,01,2025-04-01,",
            "所属名",
            "課".repeat(200) + "…",
            "200 文字以内"),
        Arguments.of("20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01", "", "9 列", "10 列"),
        Arguments.of("20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,,", "", "11 列", "10 columns"),
        Arguments.of(
            "20002,\"佐藤\" 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,",
            "",
            "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2025-04-01,",
            "RFC 4180"));
  }

  @ParameterizedTest
  @MethodSource("badRows")
  void readWhenRowBreaksARuleThenProblemNamesLineColumnValueAndOtherRowsLoad(
      String badRow, String column, String value, String expected) throws Exception {
    Path file = write(HEADER + "\n" + GOOD_FIRST + "\n" + badRow + "\n" + GOOD_LAST + "\n");

    HrFile read = reader.read(file);

    assertThat(read.problems())
        .singleElement()
        .satisfies(problem -> {
          assertThat(problem.file()).isEqualTo(file);
          assertThat(problem.line()).isEqualTo(3);
          assertThat(problem.column()).isEqualTo(column);
          assertThat(problem.value()).isEqualTo(value);
          assertThat(problem.expected()).contains(expected);
          assertThat(problem.message()).startsWith("hr.csv:3");
        });
    assertThat(read.records())
        .extracting(StaffRecord::employeeNumber)
        .containsExactly("20001", "20003");
    assertThat(read.dataRows()).isEqualTo(3);
  }

  @Test
  void messageWhenDateIsInvalidThenNamesFileLineColumnValueAndExpectation() throws Exception {
    Path file =
        write(
            HEADER
                + "\n"
                + GOOD_FIRST
                + "\n"
                + "20002,佐藤 次郎,サトウ ジロウ,K01,市民課,主事,01,01,2026-13-01,\n");

    HrRowProblem problem = reader.read(file).problems().get(0);

    assertThat(problem.message())
        .isEqualTo(
            "hr.csv:3 列「発令日」: 値 \"2026-13-01\" — 期待: 日付 yyyy-MM-dd または yyyy/MM/dd"
                + " (expected a date yyyy-MM-dd or yyyy/MM/dd)");
    assertThat(problem.toString()).contains("hr.csv:3").doesNotContain("2026-13-01");
  }

  @Test
  void readWhenRowHasSeveralProblemsThenAllAreReportedAndRowSkippedOnce() throws Exception {
    Path file =
        write(HEADER + "\n" + "ABC,佐藤 次郎,さとう,K01,市民課,主事,09,01,2026-13-01,\n" + GOOD_LAST + "\n");

    HrFile read = reader.read(file);

    assertThat(read.problems())
        .extracting(HrRowProblem::column)
        .containsExactly("職員番号", "カナ", "雇用区分", "発令日");
    assertThat(read.problems()).extracting(HrRowProblem::line).containsOnly(2L);
    assertThat(read.records()).hasSize(1);
    assertThat(read.dataRows()).isEqualTo(2);
    assertThat(read.rejectedEmployees()).as("ABC is no employee number: nobody named").isEmpty();
  }

  @Test
  void readWhenTheFileIsCutInsideACharacterThenRefusedAsDamagedWithTheByteOffset()
      throws Exception {
    byte[] whole = (HEADER + "\n" + GOOD_FIRST + "\n20002,高橋 三郎").getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2); // inside 郎 (3 bytes)
    Path file = dir.resolve("cut.csv");
    Files.write(file, cut);

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(HrFileException.class)
        .hasMessageContaining("ends inside a character")
        .hasMessageContaining("byte offset " + (cut.length - 1))
        .hasMessageContaining("文字の途中で終わっています")
        .hasMessageNotContaining("missing header");
    Files.write(file, whole); // the same file whole reads (its last row is short: reported)
    assertThat(reader.read(file).records()).hasSize(1);
  }

  @Test
  void readWhenARowWithAReadableNumberIsRejectedThenThatPersonIsNamedAsRejected() throws Exception {
    Path file =
        write(
            HEADER
                + "\n"
                + GOOD_FIRST
                + "\n"
                + "20002,高橋 三郎,タカハシ サブロウ,K01,市民課,主事,01,01,2026-13-01,\n"
                + "20004,伊藤 四郎,イトウ シロウ,K01\n" // cut short
                + GOOD_LAST
                + "\n");

    HrFile read = reader.read(file);

    assertThat(read.records())
        .extracting(StaffRecord::employeeNumber)
        .containsExactly("20001", "20003");
    assertThat(read.rejectedEmployees()).containsExactlyInAnyOrder("20002", "20004");
    assertThat(read.toString()).doesNotContain("20002"); // counts only
  }

  @Test
  void readWhenQuotedFieldsHoldCommasQuotesAndLineBreaksThenParsedPerRfc4180() throws Exception {
    String csv =
        HEADER
            + "\r\n"
            + "20001,\"佐藤 花子\",サトウ ハナコ,K01,\"市民課,窓口係\",\"主事\"\"見習い\"\"\",01,01,2025-04-01,\r\n"
            + "20002,鈴木 次郎,スズキ ジロウ,K01,市民課,\"主事\r\n(窓口)\",01,01,2025-04-01,\r\n"
            + "20003,高橋 三郎,タカハシ サブロウ,K01,市民課,主事,01,01,2025-13-01,\r\n"
            + "20004,田中 四郎,タナカ シロウ,K01,市民課,主事,01,01,2025-04-01,\r\n";
    HrFile read = reader.read(write(csv));

    assertThat(read.records())
        .extracting(StaffRecord::employeeNumber)
        .containsExactly("20001", "20004");
    StaffRecord first = read.records().get(0);
    assertThat(first.sectionName()).isEqualTo("市民課,窓口係");
    assertThat(first.title()).isEqualTo("主事\"見習い\"");
    // The line break inside the quoted 職名 is one field (reported: line breaks are control
    // characters), and the rows after it keep their physical line numbers.
    assertThat(read.problems())
        .extracting(HrRowProblem::line, HrRowProblem::column, HrRowProblem::value)
        .containsExactly(tuple(3L, "職名", "主事(窓口)"), tuple(5L, "発令日", "2025-13-01"));
    assertThat(read.dataRows()).isEqualTo(4);
  }

  @Test
  void readWhenQuoteIsNeverClosedThenRowReportedAndEarlierRowsKept() throws Exception {
    HrFile read =
        reader.read(
            write(
                HEADER
                    + "\n"
                    + GOOD_FIRST
                    + "\n"
                    + "20002,\"佐藤 次郎,サトウ ジロウ,K01\n"
                    + GOOD_LAST
                    + "\n"));

    assertThat(read.records()).extracting(StaffRecord::employeeNumber).containsExactly("20001");
    assertThat(read.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(3);
          assertThat(p.column()).isEmpty();
          assertThat(p.expected()).contains("closing quote");
        });
  }

  @Test
  void readWhenEmployeeNumberRepeatsThenSecondReportedWithLineOfFirst() throws Exception {
    HrFile read =
        reader.read(
            write(
                HEADER
                    + "\n"
                    + GOOD_FIRST
                    + "\n"
                    + "20002,鈴木 次郎,スズキ ジロウ,K01,市民課,主事,01,01,2025-04-01,\n"
                    + "20001,佐藤 花子,サトウ ハナコ,Z01,税務課,課長,01,01,2026-04-01,\n"));

    assertThat(read.records())
        .extracting(StaffRecord::employeeNumber, StaffRecord::sectionCode)
        .containsExactly(tuple("20001", "K01"), tuple("20002", "K01"));
    assertThat(read.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(4);
          assertThat(p.column()).isEqualTo("職員番号");
          assertThat(p.value()).isEqualTo("20001");
          assertThat(p.expected()).contains("2 行目").contains("line 2");
        });
  }

  @Test
  void readWhenRequiredHeaderMissingThenExceptionNamesHeaderAndFile() throws Exception {
    Path file =
        write(
            "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,契約終了日\n"
                + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,01,\n");

    assertThatExceptionOfType(HrFileException.class)
        .isThrownBy(() -> reader.read(file))
        .satisfies(e -> assertThat(e.file()).isEqualTo(file))
        .withMessageContaining(file.toString())
        .withMessageContaining("missing header(s) [発令日]")
        .withMessageNotContaining("佐藤");
  }

  @Test
  void readWhenHeaderRepeatsAMappedNameThenException() throws Exception {
    Path file = write(HEADER + ",氏名\n");

    assertThatExceptionOfType(HrFileException.class)
        .isThrownBy(() -> reader.read(file))
        .withMessageContaining("\"氏名\" appears in columns 2 and 11");
  }

  @Test
  void readWhenFileMissingOrEmptyThenException() throws Exception {
    Path missing = dir.resolve("nowhere.csv");
    assertThatExceptionOfType(HrFileException.class)
        .isThrownBy(() -> reader.read(missing))
        .withMessageContaining("nowhere.csv")
        .withMessageContaining("does not exist");

    Path empty = write("\n\n");
    assertThatExceptionOfType(HrFileException.class)
        .isThrownBy(() -> reader.read(empty))
        .withMessageContaining("empty")
        .withMessageContaining("職員番号");
  }

  @Test
  void readWhenColumnsReorderedWithExtrasAndNoContractEndThenFoundByName() throws Exception {
    Path file =
        write(
            "備考,発令日,在籍区分,雇用区分,職名,所属名,所属コード,カナ,氏名,職員番号\n"
                + "メモ,2025-04-01,01,01,課長,市民課,K01,サトウ ハナコ,佐藤 花子,20001\n"
                + ",2026-04-01,01,02,事務補助員,市民課,K01,スズキ ジロウ,鈴木 次郎,20002\n");

    HrFile read = reader.read(file);

    assertThat(read.records())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.employeeNumber()).isEqualTo("20001");
          assertThat(r.fullName()).isEqualTo("佐藤 花子");
          assertThat(r.effectiveDate()).isEqualTo(LocalDate.of(2025, 4, 1));
        });
    assertThat(read.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.column()).isEqualTo("契約終了日"));
  }

  @Test
  void readWhenBlankAndTrailingEmptyLinesThenIgnored() throws Exception {
    HrFile read = reader.read(write(HEADER + "\n" + GOOD_FIRST + "\n\n" + GOOD_LAST + "\n\n"));

    assertThat(read.problems()).isEmpty();
    assertThat(read.records()).hasSize(2);
    assertThat(read.dataRows()).isEqualTo(2);
  }

  @Test
  void readWhenLastLineHasNoLineBreakThenRead() throws Exception {
    HrFile read = reader.read(write(HEADER + "\r\n" + GOOD_FIRST));

    assertThat(read.records()).hasSize(1);
  }

  @Test
  void readWhenCustomMappingThenUsesItsHeaders() throws Exception {
    HrColumnMapping mapping =
        new HrColumnMapping(
            "emp_no",
            "name",
            "kana",
            "sec",
            "sec_name",
            "title",
            "type",
            "status",
            "from",
            "until");
    Path file =
        write(
            "emp_no,name,kana,sec,sec_name,title,type,status,from,until\n"
                + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,01,2025-04-01,\n");

    HrFile read = new HrCsvReader(mapping, HrEncoding.UTF_8).read(file);

    assertThat(read.records()).hasSize(1);
  }

  @Test
  void readWhenRowsAreRandomGarbageThenNeverThrowsAndReportsEveryBadRow() throws Exception {
    Random random = new Random(20260401L);
    String alphabet = "0123456789,\"\r\n 　佐藤サトウ\u0007ｱ-/";
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 300; i++) {
      int length = random.nextInt(60);
      for (int j = 0; j < length; j++) {
        csv.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      csv.append('\n');
    }
    Path file = write(csv.toString());

    assertThatNoException().isThrownBy(() -> reader.read(file));
    HrFile read = reader.read(file);
    assertThat(read.problems()).allSatisfy(p -> assertThat(p.line()).isGreaterThan(1));
    assertThat(read.dataRows()).isGreaterThanOrEqualTo(read.records().size());
  }

  @Test
  void hrFileWhenPrintedThenShowsCountsOnly() throws Exception {
    HrFile read = reader.read(sample());

    assertThat(read.toString()).contains("records=50").doesNotContain("山田");
    assertThat(read.hasProblems()).isFalse();
  }

  @Test
  void readWhenConcurrentPostIsMarkedThenBothRowsAreKeptAndTheMainPostIsFlagged() throws Exception {
    Path file =
        write(
            "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日,兼務\n"
                + "20010,兼務 花子,ケンム ハナコ,F01,福祉課,主事,01,01,2027-04-01,,1\n"
                + "20010,兼務 花子,ケンム ハナコ,K01,市民課,主事,01,01,2027-04-01,,\n");

    HrFile read = reader.read(file);

    assertThat(read.problems()).isEmpty();
    assertThat(read.records())
        .extracting(StaffRecord::sectionCode, StaffRecord::concurrentPost)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("F01", true),
            org.assertj.core.groups.Tuple.tuple("K01", false));
  }

  @Test
  void readWhenSameNumberTwiceWithoutConcurrentMarkThenRejectedWithAHint() throws Exception {
    Path file =
        write(
            "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日,兼務\n"
                + "20011,兼務 次郎,ケンム ジロウ,F01,福祉課,主事,01,01,2027-04-01,,\n"
                + "20011,兼務 次郎,ケンム ジロウ,K01,市民課,主事,01,01,2027-04-01,,はい\n"
                + "20011,兼務 次郎,ケンム ジロウ,K01,市民課,主事,01,01,2027-04-01,,0\n");

    HrFile read = reader.read(file);

    assertThat(read.records()).hasSize(1);
    // line 3: an unknown mark (so it counts as a main post) and thus a second main post; line 4: a
    // second main post
    assertThat(read.problems()).extracting(HrRowProblem::line).containsExactly(3L, 3L, 4L);
    assertThat(read.problems().get(0).column()).isEqualTo("兼務");
    assertThat(read.problems().get(2).expected()).contains("兼務").contains("already on line 2");
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("hr.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static Path sample() throws URISyntaxException {
    return Path.of(HrCsvReaderTest.class.getResource(SAMPLE).toURI());
  }
}
