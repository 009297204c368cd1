package jp.mamori.hrsync.hr;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of one data row of an HR export (GV-7), as {@link HrCsvReader} lists them, with the
 * texts of the {@link HrLayout}: a row with any problem yields no record, and every problem it has
 * is reported.
 */
final class HrRowReader {

  static final String EXPECTED_NON_BLANK = "値があること (a non-blank value)";
  static final String EXPECTED_EMPLOYEE_NUMBER = "半角数字 5〜10 桁 (5 to 10 ASCII digits)";
  static final String EXPECTED_KANA =
      "全角カタカナ・長音記号ー・中点・・空白のみ (full-width katakana, ー, ・ and spaces only)";
  static final String EXPECTED_NO_CONTROL = "制御文字・書式文字を含まない値 (no control or format characters)";
  static final String EXPECTED_DECODABLE =
      "文字コードとして読める文字 (decodable characters; check the file's encoding setting)";
  static final String EXPECTED_MAX_LENGTH =
      StaffFields.MAX_LENGTH + " 文字以内 (at most " + StaffFields.MAX_LENGTH + " characters)";

  /**
   * Where each field is in a row: the column index by {@link HrField#ordinal()}, -1 where the file
   * (or the layout) has no such column.
   */
  record Columns(int[] positions, int count) {
    boolean has(HrField field) {
      return positions[field.ordinal()] >= 0;
    }

    String value(CsvParser.Row row, HrField field) {
      return row.fields().get(positions[field.ordinal()]);
    }

    /** The row's employee number if its column is there and holds a well-formed one. */
    Optional<String> employeeNumber(CsvParser.Row row) {
      int position = positions[HrField.EMPLOYEE_NUMBER.ordinal()];
      if (position < 0 || position >= row.fields().size()) {
        return Optional.empty();
      }
      String value = row.fields().get(position).strip();
      return StaffFields.isEmployeeNumber(value) ? Optional.of(value) : Optional.empty();
    }
  }

  private final HrLayout layout;
  private final Optional<SectionMaster> sections;

  HrRowReader(HrLayout layout, Optional<SectionMaster> sections) {
    this.layout = layout;
    this.sections = sections;
  }

  /**
   * The record of the row, or empty after reporting every problem it has.
   *
   * @param firstLineOfEmployee the line of each employee number's main post so far; updated
   */
  Optional<StaffRecord> read(
      CsvParser.Row row, Columns columns, RowCheck check, Map<String, Long> firstLineOfEmployee) {
    if (row.malformation().isPresent()) {
      check.problem("", String.join(",", row.fields()), row.malformation().get());
      return Optional.empty();
    }
    if (row.fields().size() != columns.count()) {
      check.problem(
          "",
          row.fields().size() + " 列",
          columns.count()
              + " 列 (expected "
              + columns.count()
              + " columns, as in the header; quote a value that contains a comma)");
      return Optional.empty();
    }

    boolean concurrent = concurrentPost(row, columns, check);
    String employeeNumber = required(row, columns, check, HrField.EMPLOYEE_NUMBER);
    if (employeeNumber != null) {
      checkEmployeeNumber(employeeNumber, concurrent, row.line(), check, firstLineOfEmployee);
    }
    String fullName = required(row, columns, check, HrField.FULL_NAME);
    String kana = required(row, columns, check, HrField.FULL_NAME_KANA);
    if (kana != null && !StaffFields.isKatakana(kana)) {
      check.problem(header(HrField.FULL_NAME_KANA), kana, EXPECTED_KANA);
    }
    String sectionCode = required(row, columns, check, HrField.SECTION_CODE);
    if (sectionCode != null && sections.isPresent() && sections.get().find(sectionCode).isEmpty()) {
      check.problem(header(HrField.SECTION_CODE), sectionCode, sections.get().expected());
    }
    String sectionName = required(row, columns, check, HrField.SECTION_NAME);
    String title = required(row, columns, check, HrField.TITLE);

    EmploymentType type = null;
    String typeText = required(row, columns, check, HrField.EMPLOYMENT_TYPE);
    if (typeText != null) {
      type = layout.employmentType(typeText).orElse(null);
      if (type == null) {
        check.problem(header(HrField.EMPLOYMENT_TYPE), typeText, layout.expectedEmploymentType());
      }
    }
    EmploymentStatus status = null;
    String statusText = required(row, columns, check, HrField.STATUS);
    if (statusText != null) {
      status = layout.status(statusText).orElse(null);
      if (status == null) {
        check.problem(header(HrField.STATUS), statusText, layout.expectedStatus());
      }
    }

    LocalDate effectiveDate = null;
    String effectiveText = required(row, columns, check, HrField.EFFECTIVE_DATE);
    if (effectiveText != null) {
      effectiveDate = date(HrField.EFFECTIVE_DATE, effectiveText, check);
    }

    LocalDate contractEnd = null;
    String contractEndText = optional(row, columns, check, HrField.CONTRACT_END);
    // A null text has been reported by check.text already.
    if (contractEndText != null && !contractEndText.isEmpty()) {
      contractEnd = date(HrField.CONTRACT_END, contractEndText, check);
      notBefore(HrField.CONTRACT_END, contractEnd, contractEndText, effectiveDate, check);
    } else if (contractEndText != null && type != null && type.requiresContractEnd()) {
      String column = layout.header(HrField.CONTRACT_END).orElse(HrField.CONTRACT_END.label());
      check.problem(
          column,
          "",
          type.label()
              + "は"
              + column
              + "が必須 (a contract end date is required for "
              + type
              + " staff)");
    }

    LocalDate returnDate = null;
    String returnText = optional(row, columns, check, HrField.RETURN_DATE);
    if (returnText != null && !returnText.isEmpty()) {
      returnDate = date(HrField.RETURN_DATE, returnText, check);
      notBefore(HrField.RETURN_DATE, returnDate, returnText, effectiveDate, check);
    }
    String personId = optional(row, columns, check, HrField.PERSON_ID);
    LocalDate birthDate = null;
    String birthText = optional(row, columns, check, HrField.BIRTH_DATE);
    if (birthText != null && !birthText.isEmpty()) {
      birthDate = date(HrField.BIRTH_DATE, birthText, check);
    }

    // Every check above reports what it rejects, so a row without problems makes a valid record.
    if (check.failed()) {
      return Optional.empty();
    }
    return Optional.of(
        new StaffRecord(
            employeeNumber,
            fullName,
            kana,
            sectionCode,
            sectionName,
            title,
            type,
            status,
            effectiveDate,
            Optional.ofNullable(contractEnd),
            concurrent,
            Optional.ofNullable(returnDate),
            Optional.ofNullable(personId).filter(id -> !id.isEmpty()),
            Optional.ofNullable(birthDate)));
  }

  /** Whether the row is a concurrent post (兼務); an unknown word is reported. */
  private boolean concurrentPost(CsvParser.Row row, Columns columns, RowCheck check) {
    String flag = optional(row, columns, check, HrField.CONCURRENT_POST);
    if (flag == null || flag.isEmpty()) {
      return false;
    }
    if (layout.concurrentWords().contains(flag)) {
      return true;
    }
    if (!layout.mainPostWords().contains(flag)) {
      check.problem(header(HrField.CONCURRENT_POST), flag, layout.expectedConcurrent());
    }
    return false;
  }

  private void checkEmployeeNumber(
      String employeeNumber,
      boolean concurrent,
      long line,
      RowCheck check,
      Map<String, Long> firstLineOfEmployee) {
    String column = header(HrField.EMPLOYEE_NUMBER);
    if (!StaffFields.isEmployeeNumber(employeeNumber)) {
      check.problem(column, employeeNumber, EXPECTED_EMPLOYEE_NUMBER);
      return;
    }
    // one main post (本務) per person; 兼務 rows add sections and may repeat the number
    Long first = concurrent ? null : firstLineOfEmployee.putIfAbsent(employeeNumber, line);
    if (first == null) {
      return;
    }
    Optional<String> mark = layout.header(HrField.CONCURRENT_POST);
    String word = layout.concurrentWords().get(0);
    check.problem(
        column,
        employeeNumber,
        "重複しない職員番号 — "
            + first
            + " 行目と重複"
            + mark.map(m -> "。兼務なら「" + m + "」列に " + word).orElse("")
            + " (a unique employee number; already on line "
            + first
            + mark.map(m -> "; mark a concurrent post with " + word + " in the " + m + " column")
                .orElse("")
            + ")");
  }

  private LocalDate date(HrField field, String text, RowCheck check) {
    return switch (layout.readDate(text)) {
      case HrDateFormat.Read read -> read.date();
      case HrDateFormat.OutsideEra outside -> {
        check.problem(header(field), text, layout.expectedDate() + " — " + outside.era().span());
        yield null;
      }
      case HrDateFormat.NotThisForm notADate -> {
        check.problem(header(field), text, layout.expectedDate());
        yield null;
      }
    };
  }

  private void notBefore(
      HrField field, LocalDate date, String text, LocalDate effectiveDate, RowCheck check) {
    if (date != null && effectiveDate != null && date.isBefore(effectiveDate)) {
      check.problem(
          header(field),
          text,
          header(HrField.EFFECTIVE_DATE)
              + " "
              + effectiveDate
              + " 以降の日付 (a date on or after the effective date "
              + effectiveDate
              + ")");
    }
  }

  private String required(CsvParser.Row row, Columns columns, RowCheck check, HrField field) {
    return check.text(header(field), columns.value(row, field), true);
  }

  /**
   * The stripped value, {@code ""} when blank or the column is absent, {@code null} if reported.
   */
  private String optional(CsvParser.Row row, Columns columns, RowCheck check, HrField field) {
    return columns.has(field) ? check.text(header(field), columns.value(row, field), false) : "";
  }

  private String header(HrField field) {
    return layout.header(field).orElse(field.label());
  }

  /** Collects the problems of one row. */
  static final class RowCheck {
    private final Path file;
    private final long line;
    private final List<HrRowProblem> problems;
    private boolean failed;

    RowCheck(Path file, long line, List<HrRowProblem> problems) {
      this.file = file;
      this.line = line;
      this.problems = problems;
    }

    void problem(String column, String value, String expected) {
      problems.add(new HrRowProblem(file, line, column, value, expected));
      failed = true;
    }

    boolean failed() {
      return failed;
    }

    /**
     * The stripped value if it passes the checks every field has, else {@code null} after
     * reporting. An optional field that is blank yields the empty string.
     */
    String text(String column, String raw, boolean required) {
      if (StaffFields.hasReplacementCharacter(raw)) {
        problem(column, raw, EXPECTED_DECODABLE);
        return null;
      }
      if (StaffFields.hasForbiddenCharacter(raw)) {
        problem(column, raw, EXPECTED_NO_CONTROL);
        return null;
      }
      String value = raw.strip();
      if (StaffFields.isTooLong(value)) {
        problem(column, value, EXPECTED_MAX_LENGTH);
        return null;
      }
      if (value.isEmpty() && required) {
        problem(column, "", EXPECTED_NON_BLANK);
        return null;
      }
      return value;
    }
  }
}
