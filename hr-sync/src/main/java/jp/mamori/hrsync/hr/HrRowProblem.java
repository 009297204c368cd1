package jp.mamori.hrsync.hr;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One rejected value in one row of an HR export: the file, the line, the column, what was found and
 * what was expected (GV-7). A row with a problem is skipped; the other rows are still read — like
 * UnboundID's {@code LDIFException} with "may continue reading".
 *
 * <p>{@link #value()} is the offending value as found, minus any control or format characters (so
 * that a report cannot be garbled by them) and cut to 200 characters. It may be personal data: it
 * is meant for the operator's report, which the HR department uses to correct the export, and must
 * not be logged. {@link #toString()} leaves it out; {@link #message()} includes it.
 *
 * @param file the HR export
 * @param line the 1-based line on which the row starts (the header is line 1; a row whose quoted
 *     field spans several lines is reported at its first line)
 * @param column the header name of the column, or the empty string when the problem concerns the
 *     whole row (wrong column count, broken quoting)
 * @param value the offending value, sanitised as described above; may be empty
 * @param expected what would have been accepted, in Japanese with an English gloss
 */
public record HrRowProblem(Path file, long line, String column, String value, String expected) {

  private static final int MAX_SHOWN = StaffFields.MAX_LENGTH;

  public HrRowProblem {
    Objects.requireNonNull(file, "file must not be null");
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1 or more, got " + line);
    }
    Objects.requireNonNull(column, "column must not be null; use \"\" for the whole row");
    Objects.requireNonNull(value, "value must not be null");
    Objects.requireNonNull(expected, "expected must not be null");
    if (expected.isBlank()) {
      throw new IllegalArgumentException("expected must say what would have been accepted");
    }
    value = shown(value);
  }

  /**
   * The line for the operator's report, e.g. {@code hr.csv:12 列「発令日」: 値 "2026-13-01" — 期待: 日付
   * yyyy-MM-dd または yyyy/MM/dd (expected a date yyyy-MM-dd or yyyy/MM/dd)}. Contains the value:
   * personal data, not for logs.
   */
  public String message() {
    String where = column.isEmpty() ? ":" : " 列「" + column + "」:";
    return fileName() + ":" + line + where + " 値 \"" + value + "\" — 期待: " + expected;
  }

  /** Everything but the value, which may be personal data. */
  @Override
  public String toString() {
    return "HrRowProblem["
        + fileName()
        + ":"
        + line
        + (column.isEmpty() ? "" : " column=" + column)
        + ", expected="
        + expected
        + "]";
  }

  private String fileName() {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  private static String shown(String value) {
    String clean = StaffFields.stripForbidden(value);
    if (clean.codePointCount(0, clean.length()) <= MAX_SHOWN) {
      return clean;
    }
    return clean.substring(0, clean.offsetByCodePoints(0, MAX_SHOWN)) + "…";
  }
}
