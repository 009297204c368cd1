package jp.mamori.hrsync.hr;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The check of an HR export against a layout before it is used (the {@code check-hr} command):
 * reads the file exactly as the sync would and prints, in Japanese and English, the encoding found,
 * the number of data rows and of valid records, the records per 雇用区分 and 在籍区分, and the first
 * problems with line, column, value and what was expected. It reads the file and nothing else: no
 * directory, Keycloak or database is contacted, so it is safe to run on a new vendor's export
 * before the layout is configured.
 *
 * <p>The printed problems hold values from the file (personal data), as the operator needs them to
 * have the export corrected: the output is for the person running the check, not for a log.
 */
public final class HrFileCheck {

  /** Exit code: the file was read and every row is valid. */
  public static final int NO_PROBLEMS = 0;

  /** Exit code: the file was read, and some rows have problems (they would be skipped). */
  public static final int PROBLEMS = 1;

  /** Exit code: the file (or the layout) cannot be read at all; nothing would be synchronised. */
  public static final int UNREADABLE = 2;

  private final HrCsvReader reader;

  public HrFileCheck(HrCsvReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader must not be null");
  }

  /**
   * Reads {@code file} and prints the summary.
   *
   * @param limit how many problems to print at most (the count of all is always printed)
   * @return {@link #NO_PROBLEMS}, {@link #PROBLEMS} or {@link #UNREADABLE}
   */
  public int check(Path file, int limit, PrintStream out) {
    Objects.requireNonNull(file, "file must not be null");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 or more, got " + limit);
    }
    out.println("人事データの検査 / HR export check: " + file);
    out.println("レイアウト / layout: " + reader.layout().source());
    HrFile read;
    try {
      read = reader.read(file);
    } catch (HrFileException e) {
      out.println("読み取れません / cannot be read: " + e.getMessage());
      out.println(
          "結果 / result: 読み取り不可 — 何も同期されません。対象システムには触れていません"
              + " / unreadable: nothing would be synchronised; no target was touched");
      return UNREADABLE;
    }
    out.println(
        "文字コード / encoding: " + read.charset().name() + " (設定 / setting " + reader.encoding() + ")");
    out.println("データ行 / data rows: " + read.dataRows());
    out.println("取り込める行 / valid records: " + read.records().size());
    int rejectedRows = read.dataRows() - read.records().size();
    out.println(
        "問題のある行 / rows with problems: "
            + rejectedRows
            + " (問題 / problems: "
            + read.problems().size()
            + ")");
    Map<EmploymentType, Integer> types = new EnumMap<>(EmploymentType.class);
    Map<EmploymentStatus, Integer> statuses = new EnumMap<>(EmploymentStatus.class);
    for (StaffRecord record : read.records()) {
      types.merge(record.employmentType(), 1, Integer::sum);
      statuses.merge(record.status(), 1, Integer::sum);
    }
    out.println("雇用区分 / employment type:");
    for (EmploymentType type : EmploymentType.values()) {
      out.println("  " + type.label() + " " + type + ": " + types.getOrDefault(type, 0));
    }
    out.println("在籍区分 / status:");
    for (EmploymentStatus status : EmploymentStatus.values()) {
      out.println("  " + status.label() + " " + status + ": " + statuses.getOrDefault(status, 0));
    }
    if (read.problems().isEmpty()) {
      out.println("結果 / result: 問題なし / no problems — 対象システムには触れていません / no target was touched");
      return NO_PROBLEMS;
    }
    List<HrRowProblem> shown = read.problems().stream().limit(limit).toList();
    out.println(
        "問題 (先頭 "
            + shown.size()
            + " 件 / 全 "
            + read.problems().size()
            + " 件) / problems (first "
            + shown.size()
            + " of "
            + read.problems().size()
            + "):");
    for (HrRowProblem problem : shown) {
      out.println("  " + problem.message());
    }
    out.println(
        "結果 / result: 問題あり — 問題のある行は同期で読み飛ばされ、その職員のアカウントは変更されません。"
            + "対象システムには触れていません / problems found: those rows would be skipped and their"
            + " people's accounts left as they are; no target was touched");
    return PROBLEMS;
  }
}
