package jp.mamori.hrsync.hr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way of writing a date that a layout accepts, given as a pattern in the letters of {@link
 * java.time.format.DateTimeFormatter} — a small, strict subset of them, with the Japanese era
 * added:
 *
 * <table>
 *   <caption>pattern letters</caption>
 *   <tr><td>{@code yyyy} or {@code uuuu}</td><td>the Gregorian year, 4 digits</td></tr>
 *   <tr><td>{@code MM}, {@code dd}</td><td>month and day, exactly 2 digits ({@code 04})</td></tr>
 *   <tr><td>{@code M}, {@code d}</td><td>month and day, 1 or 2 digits ({@code 4} or {@code 04})</td></tr>
 *   <tr><td>{@code GGGG}</td><td>the era's name: 令和, 平成, 昭和, 大正, 明治</td></tr>
 *   <tr><td>{@code G}</td><td>the era's letter: R, H, S, T, M (either case)</td></tr>
 *   <tr><td>{@code y}, {@code yy}</td><td>with an era: the year of the era, 1 or 2 digits, or
 *       exactly 2 ({@code R08}); 元 for year 1</td></tr>
 * </table>
 *
 * <p>Every other character that is not an ASCII letter stands for itself ({@code -}, {@code /},
 * {@code .}, 年, 月, 日). Other letters are refused, so that the classic mistakes — {@code YYYY}
 * (week-based year), {@code DD} (day of the year), {@code mm} (minutes) — are caught when the
 * profile is loaded rather than misreading dates. A 1-digit field must not touch another number
 * ({@code yyyyMd} would be ambiguous).
 *
 * <p>Examples: {@code yyyy-MM-dd} (2026-04-01), {@code yyyy/M/d} (2026/4/1 and 2026/04/01), {@code
 * yyyyMMdd} (20260401), {@code GGGGy年M月d日} (令和8年4月1日, 令和元年5月1日), {@code Gy.M.d} (R8.4.1,
 * R08.04.01). A date is read only if it exists — 2026-02-29 does not, nor does 令和1年4月1日 (令和 began
 * on 2019-05-01; see {@link Gengo}). Only ASCII digits are accepted, as for every number in the
 * export.
 *
 * <p>Immutable; equal when the patterns are equal.
 */
public final class HrDateFormat {

  /** What reading a text gave. */
  sealed interface Reading {}

  /** The text is this date. */
  record Read(LocalDate date) implements Reading {}

  /** The text does not have the form, or names a day that does not exist. */
  record NotThisForm() implements Reading {}

  /** The text has the form of an era date, but the day is outside that era. */
  record OutsideEra(Gengo era) implements Reading {}

  private static final String ERA_LETTERS = "MTSHRmtshr";

  private final String pattern;
  private final Pattern regex;
  private final boolean hasEra;
  private final String example;

  private HrDateFormat(String pattern, Pattern regex, boolean hasEra, String example) {
    this.pattern = pattern;
    this.regex = regex;
    this.hasEra = hasEra;
    this.example = example;
  }

  /**
   * @throws IllegalArgumentException if the pattern is not one this class reads; the message says
   *     what was found and what is expected, in Japanese and English
   */
  public static HrDateFormat of(String pattern) {
    Objects.requireNonNull(pattern, "pattern must not be null");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("日付の書式が空です (expected a date pattern, found none)");
    }
    StringBuilder regex = new StringBuilder();
    StringBuilder example = new StringBuilder();
    String era = null;
    String year = null;
    String month = null;
    String day = null;
    boolean previousNumeric = false;
    boolean previousVariable = false;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int run = 1;
      while (isAsciiLetter(c) && i + run < pattern.length() && pattern.charAt(i + run) == c) {
        run++;
      }
      String token = pattern.substring(i, i + run);
      i += run;
      boolean numeric = true;
      boolean variable = false;
      switch (c) {
        case 'y', 'u' -> {
          year = once(pattern, year, token, "年 (year)");
          if (run == 4) {
            regex.append("(?<year>\\d{4})");
            example.append("2026");
          } else if (c == 'y' && (run == 1 || run == 2)) {
            variable = run == 1;
            regex.append(run == 1 ? "(?<year>元|\\d{1,2})" : "(?<year>元|\\d{2})");
            example.append(run == 1 ? "8" : "08");
          } else {
            throw bad(
                pattern,
                token,
                "yyyy (西暦4桁 / a 4-digit year), または元号と y・yy (or the year of an era with G or"
                    + " GGGG)");
          }
        }
        case 'M', 'd' -> {
          String what = c == 'M' ? "月 (month)" : "日 (day)";
          if (c == 'M') {
            month = once(pattern, month, token, what);
          } else {
            day = once(pattern, day, token, what);
          }
          String group = c == 'M' ? "month" : "day";
          if (run == 1) {
            variable = true;
            regex.append("(?<").append(group).append(">\\d{1,2})");
            example.append(c == 'M' ? "4" : "1");
          } else if (run == 2) {
            regex.append("(?<").append(group).append(">\\d{2})");
            example.append(c == 'M' ? "04" : "01");
          } else {
            throw bad(
                pattern,
                token,
                c + " または " + c + c + " (1 or 2 digits; names of months are not read)");
          }
        }
        case 'G' -> {
          era = once(pattern, era, token, "元号 (era)");
          numeric = false;
          if (run == 1) {
            regex.append("(?<era>[").append(ERA_LETTERS).append("])");
            example.append('R');
          } else if (run == 4) {
            regex.append("(?<era>明治|大正|昭和|平成|令和)");
            example.append("令和");
          } else {
            throw bad(pattern, token, "G (R・H・S・T・M) または GGGG (令和・平成・昭和・大正・明治)");
          }
        }
        case '\'' -> throw bad(pattern, token, "引用符なしの文字 (literal text as is, without quotes)");
        default -> {
          if (isAsciiLetter(c)) {
            throw bad(pattern, token, hint(c));
          }
          numeric = false;
          regex.append(Pattern.quote(token));
          example.append(token);
        }
      }
      if (numeric && previousNumeric && (variable || previousVariable)) {
        throw bad(
            pattern,
            token,
            "1桁の項目の前後に区切り文字 (a separator next to a 1-digit field: write MM and dd, or"
                + " put a separator between)");
      }
      previousNumeric = numeric;
      previousVariable = variable;
    }
    if (year == null || month == null || day == null) {
      throw bad(pattern, pattern, "年・月・日をすべて含む書式 (a pattern with a year, a month and a day)");
    }
    boolean eraYear = year.length() <= 2;
    if (era != null && !eraYear) {
      throw bad(pattern, year, "元号の年 y または yy (with an era, the year of the era: y or yy)");
    }
    if (era == null && eraYear) {
      throw bad(pattern, year, "yyyy、または元号 G・GGGG と y (yyyy, or an era G or GGGG before y)");
    }
    return new HrDateFormat(
        pattern, Pattern.compile(regex.toString()), era != null, example.toString());
  }

  /** The pattern as written in the profile. */
  public String pattern() {
    return pattern;
  }

  /**
   * The pattern for a message: as written, and for an era pattern with an example, {@code
   * GGGGy年M月d日「令和8年4月1日」}, since few readers know the era letters.
   */
  public String shown() {
    return hasEra ? pattern + "「" + example + "」" : pattern;
  }

  /** The date the text writes in this form, or empty if it is not one. */
  public Optional<LocalDate> parse(String text) {
    return read(text) instanceof Read read ? Optional.of(read.date()) : Optional.empty();
  }

  /** Reads the text: a date, not this form, or a day outside the era named. */
  Reading read(String text) {
    Matcher matcher = regex.matcher(text);
    if (!matcher.matches()) {
      return new NotThisForm();
    }
    int month = Integer.parseInt(matcher.group("month"));
    int day = Integer.parseInt(matcher.group("day"));
    String yearText = matcher.group("year");
    Gengo gengo = null;
    int year;
    if (hasEra) {
      String eraText = matcher.group("era");
      gengo =
          (eraText.length() == 1 ? Gengo.byLetter(eraText.charAt(0)) : Gengo.byKanji(eraText))
              .orElseThrow();
      int yearOfEra = yearText.equals("元") ? 1 : Integer.parseInt(yearText);
      if (yearOfEra < 1) {
        return new NotThisForm();
      }
      year = gengo.gregorianYear(yearOfEra);
    } else {
      year = Integer.parseInt(yearText);
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return new NotThisForm(); // 2月30日, 13月: no such day
    }
    if (gengo != null && !gengo.contains(date)) {
      return new OutsideEra(gengo);
    }
    return new Read(date);
  }

  private static String once(String pattern, String previous, String token, String what) {
    if (previous != null) {
      throw bad(pattern, token, what + " を一度だけ (the " + what + " once only)");
    }
    return token;
  }

  private static String hint(char c) {
    return switch (c) {
      case 'Y' -> "yyyy (Y は週の年 / Y is a week-based year)";
      case 'D' -> "dd (D は年内の通し日 / D is the day of the year)";
      case 'm' -> "MM (m は分 / m is minutes)";
      case 'g', 'e', 'N' -> "G または GGGG (the era)";
      default -> "y・M・d・G と区切り文字だけ (only the letters y, M, d, G and separators)";
    };
  }

  private static IllegalArgumentException bad(String pattern, String token, String expected) {
    return new IllegalArgumentException("日付の書式「" + pattern + "」の「" + token + "」: " + expected);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HrDateFormat format && format.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return "HrDateFormat[" + pattern + "]";
  }
}
