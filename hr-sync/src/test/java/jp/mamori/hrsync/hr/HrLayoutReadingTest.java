package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.chrono.JapaneseChronology;
import java.time.chrono.JapaneseDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exports written in the shipped example layouts, read through the real reader; all data is
 * fictional (GV-8). The texts each example expects are written out here, not taken from the
 * profiles, so that a profile that maps a value wrongly fails.
 */
class HrLayoutReadingTest {

  private static final String SAMPLE = "/jp/mamori/hrsync/sample/hr-staff.csv";
  private static final Charset CP932 = Charset.forName("windows-31j");
  private static final DateTimeFormatter WAREKI =
      DateTimeFormatter.ofPattern("GGGGy年M月d日", Locale.JAPAN)
          .withChronology(JapaneseChronology.INSTANCE);

  private static final String WORDS_HEADER =
      "職員コード,漢字氏名,カナ氏名,所属CD,所属名称,職名,任用区分,在職区分,異動日,任期満了日,本務兼務,復職予定日,個人ID,生年月日";
  private static final String VENDOR_HEADER =
      "EMP_NO,NAME_KANJI,NAME_KANA,DEPT_CD,DEPT_NAME,POSITION,EMP_TYPE,EMP_STATUS,EFFECTIVE_DATE,"
          + "CONTRACT_END,CONCURRENT_FLG,RETURN_DATE,PERSON_ID,BIRTH_DATE";

  private static final Map<EmploymentType, String> WORDS_TYPES =
      Map.of(
          EmploymentType.REGULAR, "正規",
          EmploymentType.FISCAL_YEAR_APPOINTED, "会計年度任用",
          EmploymentType.TEMPORARY, "非常勤",
          EmploymentType.DISPATCHED, "派遣",
          EmploymentType.CONTRACTOR, "委託");
  private static final Map<EmploymentType, String> VENDOR_TYPES =
      Map.of(
          EmploymentType.REGULAR, "1",
          EmploymentType.FISCAL_YEAR_APPOINTED, "2",
          EmploymentType.DISPATCHED, "3",
          EmploymentType.CONTRACTOR, "4",
          EmploymentType.TEMPORARY, "9");
  private static final Map<EmploymentStatus, String> VENDOR_STATUSES =
      Map.of(
          EmploymentStatus.ACTIVE, "1",
          EmploymentStatus.LEAVE, "2",
          EmploymentStatus.RETIRED, "3",
          EmploymentStatus.SECONDED, "4",
          EmploymentStatus.CHILDCARE_LEAVE, "5",
          EmploymentStatus.MATERNITY_LEAVE, "6",
          EmploymentStatus.SICK_LEAVE, "7");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"example-words", "example-vendor"})
  void readWhenAnExampleLayoutThenTheSameRecordsAsTheDefaultReadsFromTheEquivalentFile(
      String profile) throws Exception {
    List<StaffRecord> byDefault =
        new HrCsvReader(HrLayout.defaults(), HrEncoding.AUTO).read(sample()).records();
    assertThat(byDefault).hasSize(50);
    boolean words = profile.equals("example-words");
    StringBuilder csv = new StringBuilder(words ? WORDS_HEADER : VENDOR_HEADER).append('\n');
    List<StaffRecord> expected = new ArrayList<>();
    for (int row = 0; row < byDefault.size(); row++) {
      int i = row;
      StaffRecord r = byDefault.get(i);
      LocalDate birth = birthDate(i);
      Optional<LocalDate> back =
          r.status().isLeave() || i % 7 == 0
              ? Optional.of(r.effectiveDate().plusMonths(6))
              : Optional.empty();
      String personId = "P" + (900000 + i);
      csv.append(
              String.join(
                  ",",
                  r.employeeNumber(),
                  r.fullName(),
                  r.fullNameKana(),
                  r.sectionCode(),
                  r.sectionName(),
                  r.title(),
                  words
                      ? WORDS_TYPES.get(r.employmentType())
                      : VENDOR_TYPES.get(r.employmentType()),
                  words ? r.status().label() : VENDOR_STATUSES.get(r.status()),
                  date(words, i, r.effectiveDate()),
                  r.contractEnd().map(d -> date(words, i + 1, d)).orElse(""),
                  words ? "本務" : (i % 2 == 0 ? "0" : "N"),
                  back.map(d -> date(words, i, d)).orElse(""),
                  personId,
                  date(words, i + 1, birth)))
          .append('\n');
      expected.add(r.withPerson(back, Optional.of(personId), Optional.of(birth)));
    }
    Path file = dir.resolve(profile + ".csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);

    HrFile read = new HrCsvReader(HrLayoutLoader.load(profile), HrEncoding.AUTO).read(file);

    assertThat(read.problems()).extracting(HrRowProblem::message).isEmpty();
    assertThat(read.records()).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(read.records().get(i))
          .as("line %d", i + 2)
          .usingRecursiveComparison()
          .isEqualTo(expected.get(i));
    }
    assertThat(read.records())
        .extracting(StaffRecord::birthDate)
        .contains(
            Optional.of(LocalDate.of(1989, 1, 7)),
            Optional.of(LocalDate.of(1989, 1, 8)),
            Optional.of(LocalDate.of(1926, 12, 25)));
  }

  @Test
  void readWhenWordsLayoutAndConcurrentRowThenTheMainPostAndTheConcurrentPostAreKept()
      throws Exception {
    Path file =
        write(
            WORDS_HEADER
                + "\n20010,兼務 花子,ケンム ハナコ,F01,福祉課,主事,正規,在職,令和9年4月1日,,兼務,,,\n"
                + "20010,兼務 花子,ケンム ハナコ,K01,市民課,主事,正規,在職,R9.4.1,,本務,,,\n");

    HrFile read = words().read(file);

    assertThat(read.problems()).isEmpty();
    assertThat(read.records())
        .extracting(StaffRecord::sectionCode, StaffRecord::concurrentPost, StaffRecord::personId)
        .containsExactly(
            tuple("F01", true, Optional.empty()), tuple("K01", false, Optional.empty()));
  }

  @Test
  void readWhenAValueIsNotInTheLayoutThenTheProblemNamesColumnValueAndTheAcceptedValues()
      throws Exception {
    Path file =
        write(
            WORDS_HEADER
                + "\n20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,正職員,在職,令和7年4月1日,,,,,\n"
                + "20002,鈴木 次郎,スズキ ジロウ,K01,市民課,主事,正規,在籍,令和7年4月1日,,,,,\n"
                + "20003,高橋 三郎,タカハシ サブロウ,K01,市民課,主事,正規,在職,令和7年4月1日,,1,,,\n"
                + "20004,田中 四郎,タナカ シロウ,K01,市民課,主事,01,01,2025-04-01,,,,,\n");

    HrFile read = words().read(file);

    assertThat(read.records()).isEmpty();
    assertThat(read.problems())
        .extracting(HrRowProblem::line, HrRowProblem::column, HrRowProblem::value)
        .containsExactly(
            tuple(2L, "任用区分", "正職員"),
            tuple(3L, "在職区分", "在籍"),
            tuple(4L, "本務兼務", "1"),
            tuple(5L, "任用区分", "01"),
            tuple(5L, "在職区分", "01"),
            tuple(5L, "異動日", "2025-04-01"));
    assertThat(read.problems().get(0).expected())
        .startsWith("雇用区分 正規=正規職員, 再任用=正規職員, 会計年度任用=会計年度任用職員")
        .contains("派遣, 委託=受託事業者")
        .contains("(an employment type, one of 正規, 再任用, 会計年度任用, 臨時, 非常勤, 派遣, 委託)");
    assertThat(read.problems().get(1).expected()).contains("在職, 出向, 休職, 退職, 育児休業, 産前産後休暇, 病気休職");
    assertThat(read.problems().get(2).expected()).contains("空欄・本務 (本務) または 兼務 (兼務)");
    assertThat(read.problems().get(5).expected())
        .isEqualTo(
            "日付 GGGGy年M月d日「令和8年4月1日」 または Gy.M.d「R8.4.1」 (expected a date"
                + " GGGGy年M月d日「令和8年4月1日」 or Gy.M.d「R8.4.1」)");
    assertThat(read.problems().get(0).message())
        .isEqualTo("hr.csv:2 列「任用区分」: 値 \"正職員\" — 期待: " + read.problems().get(0).expected());

    HrFile vendor =
        new HrCsvReader(HrLayoutLoader.load("example-vendor"), HrEncoding.AUTO)
            .read(write(VENDOR_HEADER + "\n20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,1,01,20250401,,,,,\n"));
    assertThat(vendor.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.column()).isEqualTo("EMP_STATUS");
          assertThat(p.value()).isEqualTo("01");
          assertThat(p.expected()).contains("1=在職, 2=休職, 3=退職, 4=出向");
        });
  }

  @Test
  void readWhenAnEraDateIsImpossibleThenTheProblemNamesTheColumnTheFormsAndTheEra()
      throws Exception {
    Path file =
        write(
            WORDS_HEADER
                + "\n20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,正規,在職,令和1年4月1日,,,,,\n"
                + "20002,鈴木 次郎,スズキ ジロウ,K01,市民課,主事,正規,在職,令和元年5月1日,,,,,\n"
                + "20003,高橋 三郎,タカハシ サブロウ,K01,市民課,主事,正規,在職,平成31年4月30日,,,,,\n"
                + "20004,田中 四郎,タナカ シロウ,K01,市民課,主事,正規,在職,H31.5.1,,,,,平成元年1月7日\n");

    HrFile read = words().read(file);

    assertThat(read.records())
        .extracting(StaffRecord::employeeNumber, StaffRecord::effectiveDate)
        .containsExactly(
            tuple("20002", LocalDate.of(2019, 5, 1)), tuple("20003", LocalDate.of(2019, 4, 30)));
    assertThat(read.problems())
        .extracting(HrRowProblem::line, HrRowProblem::column, HrRowProblem::value)
        .containsExactly(
            tuple(2L, "異動日", "令和1年4月1日"),
            tuple(5L, "異動日", "H31.5.1"),
            tuple(5L, "生年月日", "平成元年1月7日"));
    assertThat(read.problems().get(0).expected())
        .startsWith("日付 GGGGy年M月d日「令和8年4月1日」 または Gy.M.d「R8.4.1」")
        .endsWith("令和は 2019-05-01 から (令和 runs from 2019-05-01)");
    assertThat(read.problems().get(1).expected()).contains("平成は 1989-01-08 から 2019-04-30 まで");
  }

  @Test
  void readWhenTheLayoutNamesOptionalColumnsThenReadWherePresentAndEmptyOtherwise()
      throws Exception {
    HrLayout layout =
        HrLayoutLoader.parse(
            "columns:\n  returnDate: 復職予定日\n  personId: 個人ID\n  birthDate: 生年月日\n", "test.yml");
    String header = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
    Path with =
        write(
            header
                + ",復職予定日,個人ID,生年月日\n"
                + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,05,2026-04-01,,2027-04-01,A-17,1985/10/03\n"
                + "20002,鈴木 次郎,スズキ ジロウ,K01,市民課,主事,01,01,2026-04-01,,,,\n"
                + "20003,高橋 三郎,タカハシ サブロウ,K01,市民課,主事,01,03,2026-04-01,,2026-03-31,B\u0007,1985-02-30\n");

    HrFile read = new HrCsvReader(layout, HrEncoding.AUTO).read(with);

    assertThat(read.records())
        .extracting(StaffRecord::returnDate, StaffRecord::personId, StaffRecord::birthDate)
        .containsExactly(
            tuple(
                Optional.of(LocalDate.of(2027, 4, 1)),
                Optional.of("A-17"),
                Optional.of(LocalDate.of(1985, 10, 3))),
            tuple(Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(read.problems())
        .extracting(HrRowProblem::line, HrRowProblem::column)
        .containsExactly(tuple(4L, "復職予定日"), tuple(4L, "個人ID"), tuple(4L, "生年月日"));
    assertThat(read.problems().get(0).expected())
        .contains("on or after the effective date 2026-04-01");

    Path without = dir.resolve("without.csv");
    Files.writeString(without, header + "\n20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,05,2026-04-01,\n");
    assertThat(new HrCsvReader(layout, HrEncoding.AUTO).read(without).records())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.returnDate()).isEmpty();
          assertThat(r.personId()).isEmpty();
          assertThat(r.birthDate()).isEmpty();
        });
    // the default layout names the same headers: the columns are read where the file has them
    assertThat(new HrCsvReader(HrLayout.defaults(), HrEncoding.AUTO).read(with).records())
        .extracting(StaffRecord::personId)
        .containsExactly(Optional.of("A-17"), Optional.empty());
    // a profile can switch one off
    assertThat(
            new HrCsvReader(
                    HrLayoutLoader.parse("columns:\n  personId: \"\"\n", "off.yml"),
                    HrEncoding.AUTO)
                .read(with)
                .records())
        .extracting(StaffRecord::personId)
        .containsOnly(Optional.empty());
  }

  @Test
  void readWhenCp932FileInTheWordsLayoutThenNamesWithIbmExtensionKanjiSurvive() throws Exception {
    String csv =
        WORDS_HEADER
            + "\r\n20001,髙橋 一郎,タカハシ イチロウ,K01,市民課,課長,正規,在職,令和7年4月1日,,本務,,P1,昭和50年1月2日\r\n"
            + "20002,山﨑 花子,ヤマサキ ハナコ,F01,福祉課,主事,会計年度任用,育児休業,R8.4.1,R9.3.31,本務,R8.10.1,P2,H2.3.4\r\n";
    byte[] bytes = csv.getBytes(CP932);
    assertThat(new String(bytes, CP932)).as("CP932 holds 髙 and 﨑").isEqualTo(csv);
    Path file = dir.resolve("sjis.csv");
    Files.write(file, bytes);

    HrFile read = words().read(file);

    assertThat(read.charset()).isEqualTo(CP932);
    assertThat(read.problems()).isEmpty();
    assertThat(read.records())
        .extracting(
            StaffRecord::fullName,
            StaffRecord::employmentType,
            StaffRecord::status,
            StaffRecord::contractEnd,
            StaffRecord::birthDate)
        .containsExactly(
            tuple(
                "髙橋 一郎",
                EmploymentType.REGULAR,
                EmploymentStatus.ACTIVE,
                Optional.empty(),
                Optional.of(LocalDate.of(1975, 1, 2))),
            tuple(
                "山﨑 花子",
                EmploymentType.FISCAL_YEAR_APPOINTED,
                EmploymentStatus.CHILDCARE_LEAVE,
                Optional.of(LocalDate.of(2027, 3, 31)),
                Optional.of(LocalDate.of(1990, 3, 4))));
  }

  /** Birth dates across the eras, the boundaries of 昭和/平成 and 昭和元年 among them. */
  private static LocalDate birthDate(int i) {
    return switch (i) {
      case 0 -> LocalDate.of(1989, 1, 7);
      case 1 -> LocalDate.of(1989, 1, 8);
      case 2 -> LocalDate.of(1926, 12, 25);
      default -> LocalDate.of(1955, 1, 1).plusDays(397L * i);
    };
  }

  /**
   * A date as each example writes it, in alternating forms; the 和暦 text comes from java.time, not
   * from the code under test, and year 1 is written 元年 on even rows.
   */
  private static String date(boolean words, int i, LocalDate date) {
    if (!words) {
      return i % 2 == 0
          ? date.format(DateTimeFormatter.BASIC_ISO_DATE)
          : date.getYear() + "/" + date.getMonthValue() + "/" + date.getDayOfMonth();
    }
    JapaneseDate japanese = JapaneseDate.from(date);
    if (i % 2 == 0) {
      String text = WAREKI.format(date);
      return japanese.get(ChronoField.YEAR_OF_ERA) == 1 ? text.replace("1年", "元年") : text;
    }
    return japanese.getEra().getDisplayName(TextStyle.NARROW, Locale.ENGLISH)
        + japanese.get(ChronoField.YEAR_OF_ERA)
        + "."
        + date.getMonthValue()
        + "."
        + date.getDayOfMonth();
  }

  private HrCsvReader words() {
    return new HrCsvReader(HrLayoutLoader.load("example-words"), HrEncoding.AUTO);
  }

  private Path write(String content) throws Exception {
    Path file = dir.resolve("hr.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static Path sample() throws Exception {
    return Path.of(HrLayoutReadingTest.class.getResource(SAMPLE).toURI());
  }
}
