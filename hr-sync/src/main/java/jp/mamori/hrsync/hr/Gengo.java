package jp.mamori.hrsync.hr;

import java.time.LocalDate;
import java.util.Optional;

/**
 * 元号: the Japanese eras a 和暦 date in an HR export may be written in, with the day each began.
 *
 * <p>Year 1 of an era (元年) is the Gregorian year in which it began, so 令和元年 is 2019 and 平成31年 is
 * 2019 too; an era ends the day before the next one begins. A date outside its era (令和1年4月1日,
 * before 2019-05-01; 平成31年5月1日, after 2019-04-30) is not a date. 明治 is read from 明治6年1月1日
 * (1873-01-01), when Japan adopted the Gregorian calendar: earlier dates were of the lunisolar
 * calendar, whose days do not convert by arithmetic (java.time's {@code JapaneseDate} draws the
 * same line).
 */
enum Gengo {
  MEIJI("明治", 'M', 1868, LocalDate.of(1873, 1, 1)),
  TAISHO("大正", 'T', 1912, LocalDate.of(1912, 7, 30)),
  SHOWA("昭和", 'S', 1926, LocalDate.of(1926, 12, 25)),
  HEISEI("平成", 'H', 1989, LocalDate.of(1989, 1, 8)),
  REIWA("令和", 'R', 2019, LocalDate.of(2019, 5, 1));

  private final String kanji;
  private final char letter;
  private final int firstYear;
  private final LocalDate firstDay;

  Gengo(String kanji, char letter, int firstYear, LocalDate firstDay) {
    this.kanji = kanji;
    this.letter = letter;
    this.firstYear = firstYear;
    this.firstDay = firstDay;
  }

  /** The era's name, e.g. 令和. */
  String kanji() {
    return kanji;
  }

  /** The era's letter, e.g. {@code R}. */
  char letter() {
    return letter;
  }

  /** The first day a date of this era is read for. */
  LocalDate firstDay() {
    return firstDay;
  }

  /** The era's last day, or empty for the current era. */
  Optional<LocalDate> lastDay() {
    int next = ordinal() + 1;
    return next < values().length
        ? Optional.of(values()[next].firstDay.minusDays(1))
        : Optional.empty();
  }

  /** The Gregorian year of this era's year {@code yearOfEra} (1 = 元年). */
  int gregorianYear(int yearOfEra) {
    return firstYear + yearOfEra - 1;
  }

  /** Whether {@code date} falls within this era. */
  boolean contains(LocalDate date) {
    return !date.isBefore(firstDay) && lastDay().map(last -> !date.isAfter(last)).orElse(true);
  }

  /**
   * The era's span for a message, e.g. {@code 令和は 2019-05-01 から} and {@code 平成は 1989-01-08 から
   * 2019-04-30 まで}, in Japanese and English.
   */
  String span() {
    String last = lastDay().map(LocalDate::toString).orElse(null);
    return kanji
        + "は "
        + firstDay
        + " から"
        + (last == null ? "" : " " + last + " まで")
        + " ("
        + kanji
        + " runs from "
        + firstDay
        + (last == null ? "" : " to " + last)
        + ")";
  }

  /** The era named 令和, 平成 … */
  static Optional<Gengo> byKanji(String text) {
    for (Gengo gengo : values()) {
      if (gengo.kanji.equals(text)) {
        return Optional.of(gengo);
      }
    }
    return Optional.empty();
  }

  /** The era of the letter R, H, S, T or M, in either case. */
  static Optional<Gengo> byLetter(char c) {
    char upper = Character.toUpperCase(c);
    for (Gengo gengo : values()) {
      if (gengo.letter == upper) {
        return Optional.of(gengo);
      }
    }
    return Optional.empty();
  }
}
