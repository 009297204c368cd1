package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import java.time.chrono.JapaneseChronology;
import java.time.chrono.JapaneseDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Date patterns of a layout, 和暦 included; java.time's JapaneseDate is the oracle for eras. */
class HrDateFormatTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "yyyy-MM-dd|2026-04-01|2026-04-01",
        "yyyy/MM/dd|2026/04/01|2026-04-01",
        "yyyy/M/d|2026/4/1|2026-04-01",
        "yyyy/M/d|2026/04/01|2026-04-01",
        "yyyy/M/d|2026/12/31|2026-12-31",
        "yyyyMMdd|20260401|2026-04-01",
        "uuuu-MM-dd|2024-02-29|2024-02-29",
        "GGGGy年M月d日|令和8年4月1日|2026-04-01",
        "GGGGy年M月d日|令和08年04月01日|2026-04-01",
        "GGGGy年M月d日|令和元年5月1日|2019-05-01",
        "GGGGy年M月d日|令和1年5月1日|2019-05-01",
        "GGGGy年M月d日|平成31年4月30日|2019-04-30",
        "GGGGy年M月d日|平成元年1月8日|1989-01-08",
        "GGGGy年M月d日|昭和64年1月7日|1989-01-07",
        "GGGGy年M月d日|昭和55年6月15日|1980-06-15",
        "GGGGy年M月d日|大正15年12月24日|1926-12-24",
        "GGGGy年M月d日|昭和元年12月25日|1926-12-25",
        "GGGGy年M月d日|明治6年1月1日|1873-01-01",
        "Gy.M.d|R8.4.1|2026-04-01",
        "Gy.M.d|R08.04.01|2026-04-01",
        "Gy.M.d|r8.4.1|2026-04-01",
        "Gy.M.d|H31.4.30|2019-04-30",
        "Gy.M.d|S55.6.15|1980-06-15",
        "Gyy.MM.dd|R08.04.01|2026-04-01",
        "Gy/M/d|H1/1/8|1989-01-08",
      })
  void parseWhenTextHasTheFormThenTheDate(String pattern, String text, LocalDate date) {
    assertThat(HrDateFormat.of(pattern).parse(text)).contains(date);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "yyyy-MM-dd|2026-4-1",
        "yyyy-MM-dd|2026/04/01",
        "yyyy-MM-dd|2026-02-29",
        "yyyy-MM-dd|2026-13-01",
        "yyyy-MM-dd|20260-04-01",
        "yyyy-MM-dd|２０２６-04-01",
        "yyyyMMdd|2026041",
        "yyyy/M/d|2026/4/31",
        "Gyy.MM.dd|R8.4.1",
        "Gy.M.d|X8.4.1",
        "GGGGy年M月d日|R8.4.1",
        "GGGGy年M月d日|令和0年5月1日",
        "GGGGy年M月d日|令和8年2月29日",
        "GGGGy年M月d日|慶応4年1月1日",
      })
  void parseWhenTextHasNotTheFormOrNoSuchDayThenEmpty(String pattern, String text) {
    assertThat(HrDateFormat.of(pattern).parse(text)).isEmpty();
    assertThat(HrDateFormat.of(pattern).read(text)).isInstanceOf(HrDateFormat.NotThisForm.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GGGGy年M月d日|令和1年4月1日|REIWA",
        "GGGGy年M月d日|令和元年4月30日|REIWA",
        "GGGGy年M月d日|平成31年5月1日|HEISEI",
        "GGGGy年M月d日|平成32年1月1日|HEISEI",
        "GGGGy年M月d日|平成1年1月7日|HEISEI",
        "GGGGy年M月d日|昭和64年1月8日|SHOWA",
        "GGGGy年M月d日|昭和1年12月24日|SHOWA",
        "GGGGy年M月d日|明治5年12月31日|MEIJI",
        "Gy.M.d|R1.4.1|REIWA",
      })
  void readWhenTheDayIsOutsideItsEraThenOutsideEraNotADate(String pattern, String text, Gengo era) {
    HrDateFormat format = HrDateFormat.of(pattern);

    assertThat(format.read(text)).isEqualTo(new HrDateFormat.OutsideEra(era));
    assertThat(format.parse(text)).isEmpty();
  }

  @Test
  void parseWhenEveryDayFrom1873To2040ThenAgreesWithJavaTimeJapaneseDate() {
    DateTimeFormatter javaKanji =
        DateTimeFormatter.ofPattern("GGGGy年M月d日", Locale.JAPAN)
            .withChronology(JapaneseChronology.INSTANCE);
    HrDateFormat kanji = HrDateFormat.of("GGGGy年M月d日");
    HrDateFormat letter = HrDateFormat.of("Gyy.MM.dd");
    for (LocalDate day = LocalDate.of(1873, 1, 1);
        day.isBefore(LocalDate.of(2041, 1, 1));
        day = day.plusDays(1)) {
      JapaneseDate japanese = JapaneseDate.from(day);
      String written = javaKanji.format(day);
      String letters =
          japanese.getEra().getDisplayName(TextStyle.NARROW, Locale.ENGLISH)
              + String.format(
                  "%02d.%02d.%02d",
                  japanese.get(java.time.temporal.ChronoField.YEAR_OF_ERA),
                  day.getMonthValue(),
                  day.getDayOfMonth());
      assertThat(kanji.parse(written)).as(written).contains(day);
      assertThat(letter.parse(letters)).as(letters).contains(day);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "YYYY-MM-dd|YYYY|週の年",
        "yyyy-MM-DD|DD|dd",
        "yyyy-mm-dd|mm|MM",
        "yyyy-MMM-dd|MMM|names of months",
        "yy-MM-dd|yy|GGGG",
        "yyyy-MM|yyyy-MM|a year, a month and a day",
        "GGGGyyyy年M月d日|yyyy|the year of the era",
        "GG y.M.d|GG|GGGG",
        "yyyyMd|M|separator",
        "yyyy-MM-dd'T'|'|without quotes",
        "yyyy-MM-dd HH:mm|HH|only the letters",
        "yyyy-MM-dd-dd|dd|once only",
      })
  void ofWhenThePatternIsWrongThenRefusedNamingThePartAndWhatIsExpected(
      String pattern, String part, String expected) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HrDateFormat.of(pattern))
        .withMessageContaining("「" + pattern + "」")
        .withMessageContaining("「" + part + "」")
        .withMessageContaining(expected);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HrDateFormat.of(" "))
        .withMessageContaining("a date pattern");
  }

  @Test
  void shownWhenEraPatternThenWithAnExample() {
    assertThat(HrDateFormat.of("yyyy-MM-dd").shown()).isEqualTo("yyyy-MM-dd");
    assertThat(HrDateFormat.of("GGGGy年M月d日").shown()).isEqualTo("GGGGy年M月d日「令和8年4月1日」");
    assertThat(HrDateFormat.of("Gyy.MM.dd").shown()).isEqualTo("Gyy.MM.dd「R08.04.01」");
    assertThat(HrDateFormat.of("yyyy-MM-dd")).isEqualTo(HrDateFormat.of("yyyy-MM-dd"));
    assertThat(Optional.of(HrDateFormat.of("yyyy/M/d").toString()))
        .contains("HrDateFormat[yyyy/M/d]");
  }

  @Test
  void spanWhenEraThenFirstAndLastDay() {
    assertThat(Gengo.REIWA.span()).contains("令和は 2019-05-01 から").doesNotContain("まで");
    assertThat(Gengo.HEISEI.span()).contains("1989-01-08 から 2019-04-30 まで");
    assertThat(Gengo.MEIJI.firstDay()).isEqualTo(LocalDate.of(1873, 1, 1));
  }
}
