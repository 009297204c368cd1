package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Layout profiles: the shipped ones, how a profile is laid over the default, and refusals. */
class HrLayoutLoaderTest {

  @TempDir Path dir;

  @Test
  void loadDefaultWhenReadThenTodaysHeadersCodesWordsAndDates() {
    HrLayout layout = HrLayoutLoader.loadDefault();

    HrColumnMapping mapping = HrColumnMapping.japaneseDefaults();
    assertThat(layout.withColumns(mapping).headers()).isEqualTo(layout.headers());
    assertThat(layout.header(HrField.CONCURRENT_POST)).contains("兼務");
    // optional: read where the file has them
    assertThat(layout.header(HrField.RETURN_DATE)).contains("復職予定日");
    assertThat(layout.header(HrField.PERSON_ID)).contains("個人ID");
    assertThat(layout.header(HrField.BIRTH_DATE)).contains("生年月日");
    assertThat(layout.employmentTypes().keySet()).containsExactly("01", "02", "03", "04", "05");
    for (EmploymentType type : EmploymentType.values()) {
      assertThat(layout.employmentType(type.code())).contains(type);
    }
    assertThat(layout.statuses().keySet())
        .containsExactly("01", "02", "03", "04", "05", "06", "07");
    for (EmploymentStatus status : EmploymentStatus.values()) {
      assertThat(layout.status(status.code())).contains(status);
    }
    assertThat(layout.concurrentWords()).containsExactly("1", "兼務", "○");
    assertThat(layout.mainPostWords()).containsExactly("0", "本務");
    assertThat(layout.dateFormats())
        .extracting(HrDateFormat::pattern)
        .containsExactly("yyyy-MM-dd", "yyyy/MM/dd");
    assertThat(HrLayout.defaults()).isSameAs(layout);
    assertThat(HrLayoutLoader.load("")).isSameAs(layout);
    assertThat(HrLayoutLoader.load((String) null)).isSameAs(layout);
    assertThat(HrLayoutLoader.load("default")).isSameAs(layout);
  }

  @Test
  void loadWhenShippedExamplesThenTheyReadAllColumnsWithTheirOwnValues() {
    HrLayout words = HrLayoutLoader.load("example-words");
    HrLayout vendor = HrLayoutLoader.load("example-vendor");

    assertThat(words.source()).endsWith("example-words.yml");
    assertThat(words.header(HrField.EMPLOYEE_NUMBER)).contains("職員コード");
    assertThat(words.header(HrField.BIRTH_DATE)).contains("生年月日");
    assertThat(words.employmentType("会計年度任用")).contains(EmploymentType.FISCAL_YEAR_APPOINTED);
    assertThat(words.employmentType("01")).isEmpty();
    assertThat(words.status("病気休職")).contains(EmploymentStatus.SICK_LEAVE);
    assertThat(words.date("令和元年5月1日")).contains(java.time.LocalDate.of(2019, 5, 1));
    assertThat(vendor.header(HrField.SECTION_CODE)).contains("DEPT_CD");
    assertThat(vendor.status("2")).contains(EmploymentStatus.LEAVE);
    assertThat(vendor.employmentType("9")).contains(EmploymentType.TEMPORARY);
    assertThat(vendor.date("20260401")).contains(java.time.LocalDate.of(2026, 4, 1));
    for (HrField field : HrField.values()) {
      assertThat(words.header(field)).as(field.key()).isPresent();
      assertThat(vendor.header(field)).as(field.key()).isPresent();
    }
  }

  @Test
  void loadWhenProfileHoldsOnlyAColumnThenEverythingElseIsTheDefault() throws Exception {
    Path file = write("layout.yml", "columns:\n  returnDate: 復職予定日\n  contractEnd: \"\"\n");

    HrLayout layout = HrLayoutLoader.load(file.toString());

    HrLayout defaults = HrLayout.defaults();
    assertThat(layout.source()).isEqualTo(file.toString());
    assertThat(layout.header(HrField.RETURN_DATE)).contains("復職予定日");
    assertThat(layout.header(HrField.CONTRACT_END)).as("given empty: not read").isEmpty();
    assertThat(layout.header(HrField.EMPLOYEE_NUMBER)).contains("職員番号");
    assertThat(layout.employmentTypes()).isEqualTo(defaults.employmentTypes());
    assertThat(layout.statuses()).isEqualTo(defaults.statuses());
    assertThat(layout.dateFormats()).isEqualTo(defaults.dateFormats());
    assertThat(HrLayoutLoader.load(write("empty.yml", "# nothing yet\n")).headers())
        .isEqualTo(defaults.headers());
  }

  @Test
  void loadWhenValuesAreUnquotedNumbersOrJapaneseNamesThenReadAsWrittenText() throws Exception {
    Path file =
        write(
            "layout.yml",
            "employmentTypes:\n  01: REGULAR\n  1: 正規職員\n  yes: 会計年度任用職員\n"
                + "statuses:\n  08: ACTIVE\n  0.5: 休職\n"
                + "concurrentPost:\n  concurrent: 兼\n  main: [no, 0]\n");

    HrLayout layout = HrLayoutLoader.load(file);

    assertThat(layout.employmentTypes())
        .containsExactly(
            java.util.Map.entry("01", EmploymentType.REGULAR),
            java.util.Map.entry("1", EmploymentType.REGULAR),
            java.util.Map.entry("yes", EmploymentType.FISCAL_YEAR_APPOINTED));
    assertThat(layout.status("08")).contains(EmploymentStatus.ACTIVE);
    assertThat(layout.status("0.5")).contains(EmploymentStatus.LEAVE);
    assertThat(layout.concurrentWords()).containsExactly("兼");
    assertThat(layout.mainPostWords()).containsExactly("no", "0");
  }

  @Test
  void loadWhenSavedByNotepadWithABomThenRead() throws Exception {
    Path file = dir.resolve("bom.yml");
    byte[] text = "columns:\n  personId: 個人ID\n".getBytes(StandardCharsets.UTF_8);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(file, concat(bom, text));

    assertThat(HrLayoutLoader.load(file).header(HrField.PERSON_ID)).contains("個人ID");
  }

  static Stream<Arguments> badProfiles() {
    return Stream.of(
        Arguments.of(
            "columns:\n  employeNumber: 職員コード\n",
            "layout.yml:2:3",
            "columns.employeNumber",
            "employeeNumber, fullName"),
        Arguments.of(
            "column:\n  employeeNumber: 職員コード\n",
            "layout.yml:1:1",
            "column",
            "columns, employmentTypes"),
        Arguments.of(
            "employmentTypes:\n  正規: REGULER\n",
            "layout.yml:2:7",
            "employmentTypes.正規",
            "REGULAR (正規職員), FISCAL_YEAR_APPOINTED (会計年度任用職員)"),
        Arguments.of(
            "statuses:\n  在職: ON_DUTY\n", "layout.yml:2:7", "statuses.在職", "SICK_LEAVE (病気休職)"),
        Arguments.of(
            "dates:\n  - yyyy/MM/dd\n  - YYYY/MM/DD\n", "layout.yml:3:5", "dates[1]", "週の年"),
        Arguments.of(
            "columns:\n  sectionName: 所属コード\n",
            "layout.yml:2:16",
            "columns.sectionName",
            "columns.sectionCode (既定) と同じ"),
        Arguments.of(
            "columns:\n  fullName: 名前\n  fullNameKana: 名前\n",
            "layout.yml:3:17",
            "columns.fullNameKana",
            "columns.fullName と同じ"),
        Arguments.of(
            "columns:\n  employeeNumber: \"\"\n",
            "layout.yml:2:19",
            "columns.employeeNumber",
            "required"),
        Arguments.of(
            "statuses:\n  在職: ACTIVE\n  在職: LEAVE\n", "layout.yml:3:3", "statuses.在職", "2 行目と重複"),
        Arguments.of(
            "concurrentPost:\n  concurrent: [兼務]\n  main: [本務, 兼務]\n",
            "layout.yml:3:9",
            "concurrentPost.main",
            "not also listed under concurrent"),
        Arguments.of(
            "concurrentPost:\n  concurrent: [兼務]\n",
            "layout.yml:2:3",
            "concurrentPost.main",
            "a list of words"),
        Arguments.of("employmentTypes: {}\n", "layout.yml:1:18", "employmentTypes", "at least one"),
        Arguments.of("dates: []\n", "layout.yml:1:8", "dates", "at least one"),
        Arguments.of(
            "columns:\n  title: 職名\n employmentType: 区分\n",
            "layout.yml:3:2",
            "",
            "well-formed YAML"),
        Arguments.of("- columns\n", "layout.yml:1:1", "", "a mapping"));
  }

  @ParameterizedTest
  @MethodSource("badProfiles")
  void loadWhenProfileHasAMistakeThenRefusedNamingFileLineKeyAndExpectation(
      String yaml, String where, String key, String expected) throws Exception {
    Path file = write("layout.yml", yaml);

    assertThatExceptionOfType(HrLayoutException.class)
        .isThrownBy(() -> HrLayoutLoader.load(file))
        .satisfies(e -> {
          assertThat(e.source()).isEqualTo(file.toString());
          assertThat(e.getMessage()).startsWith("人事レイアウト定義に誤りがあります").contains(file.toString());
          assertThat(e.problems())
              .anySatisfy(p -> {
                assertThat(p.where()).isEqualTo(where);
                assertThat(p.key()).isEqualTo(key);
                assertThat(p.expected()).contains(expected);
                assertThat(e.getMessage()).contains(p.message());
              });
        });
  }

  @Test
  void loadWhenSeveralMistakesThenAllAreListedAtOnce() throws Exception {
    Path file =
        write(
            "layout.yml",
            "columns:\n  birthdate: 生年月日\nemploymentTypes:\n  正規: REGULER\ndates: [yyyy-MM-DD]\n");

    assertThatExceptionOfType(HrLayoutException.class)
        .isThrownBy(() -> HrLayoutLoader.load(file))
        .satisfies(e ->
            assertThat(e.problems())
                .extracting(HrLayoutException.Problem::key)
                .containsExactly("columns.birthdate", "employmentTypes.正規", "dates[0]"))
        .withMessageContaining("(3 problems)");
  }

  @Test
  void loadWhenFileIsMissingNotUtf8OrNotAProfileNameThenRefusedWithWhatToDo() throws Exception {
    Path missing = dir.resolve("nowhere.yml");
    assertThatExceptionOfType(HrLayoutException.class)
        .isThrownBy(() -> HrLayoutLoader.load(missing))
        .withMessageContaining(missing.toString())
        .withMessageContaining("an existing profile file");

    Path sjis = dir.resolve("sjis.yml");
    Files.write(sjis, "columns:\n  fullName: 漢字氏名\n".getBytes(Charset.forName("windows-31j")));
    assertThatExceptionOfType(HrLayoutException.class)
        .isThrownBy(() -> HrLayoutLoader.load(sjis.toString()))
        .withMessageContaining("save it as UTF-8");

    assertThatExceptionOfType(HrLayoutException.class)
        .isThrownBy(() -> HrLayoutLoader.load("example-word"))
        .withMessageContaining("example-word")
        .withMessageContaining("example-words, example-vendor");
  }

  @Test
  void recordWhenHeadersClashOrRequiredMissingThenRefused() {
    HrLayout defaults = HrLayout.defaults();
    java.util.Map<HrField, String> headers = new java.util.EnumMap<>(defaults.headers());
    headers.remove(HrField.TITLE);
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() ->
            new HrLayout(
                "test",
                headers,
                defaults.employmentTypes(),
                defaults.statuses(),
                defaults.concurrentWords(),
                defaults.mainPostWords(),
                defaults.dateFormats()))
        .withMessageContaining("title");
    assertThat(List.of(HrField.values())).filteredOn(HrField::required).hasSize(9);
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
