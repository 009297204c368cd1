package jp.mamori.hrsync.hr;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The result of reading one HR export: the valid records and the problems of the rows that were
 * skipped.
 *
 * <p><strong>When {@link #problems()} is not empty, {@link #records()} is not the whole
 * staff.</strong> A person whose row was skipped is missing from {@code records()} although HR
 * still lists them. Reconciliation must therefore not conclude from an incomplete file that someone
 * has left (LC-2): disabling or deleting accounts because they are missing from a file with
 * problems would lock out staff whose row merely had a typo. Likewise, a file with a header and no
 * rows reads as zero records without problems: a sudden drop in the number of records is more
 * likely a broken export than a mass retirement, and deserves a person's look before any account is
 * ended.
 *
 * @param file the file that was read
 * @param charset the encoding it was decoded with (detected, for {@link HrEncoding#AUTO})
 * @param records the valid records, in file order; unmodifiable
 * @param problems the problems found, in file order; a row may have several; unmodifiable
 * @param dataRows the number of data rows (not counting the header and blank lines), valid or not
 * @param rejectedEmployees the employee numbers read from rejected rows (where the number itself
 *     was readable): these people are in HR, their row could not be taken — reconciliation leaves
 *     them exactly as they are until the row is fixed (never an orphan, never a move)
 */
public record HrFile(
    Path file,
    Charset charset,
    List<StaffRecord> records,
    List<HrRowProblem> problems,
    int dataRows,
    java.util.Set<String> rejectedEmployees) {

  /** A file whose rejected rows name nobody (or a reader that does not tell). */
  public HrFile(
      Path file,
      Charset charset,
      List<StaffRecord> records,
      List<HrRowProblem> problems,
      int dataRows) {
    this(file, charset, records, problems, dataRows, java.util.Set.of());
  }

  public HrFile {
    Objects.requireNonNull(file, "file must not be null");
    Objects.requireNonNull(charset, "charset must not be null");
    records = List.copyOf(records);
    problems = List.copyOf(problems);
    rejectedEmployees = java.util.Set.copyOf(rejectedEmployees);
    if (dataRows < records.size()) {
      throw new IllegalArgumentException(
          "dataRows ("
              + dataRows
              + ") must be at least the number of records ("
              + records.size()
              + ")");
    }
  }

  /** Whether any row was rejected, i.e. whether {@link #records()} may be incomplete. */
  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Counts only: the records and problems are personal data. */
  @Override
  public String toString() {
    return "HrFile["
        + file
        + ", charset="
        + charset.name()
        + ", dataRows="
        + dataRows
        + ", records="
        + records.size()
        + ", problems="
        + problems.size()
        + "]";
  }
}
