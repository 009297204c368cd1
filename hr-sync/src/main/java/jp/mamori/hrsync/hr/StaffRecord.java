package jp.mamori.hrsync.hr;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One person as the HR export (人事データ) describes them on its effective date: the source record that
 * reconciliation links to directory and Keycloak accounts by {@link #employeeNumber()}.
 *
 * <p>The constructor enforces the same rules as {@link HrCsvReader}'s row checks (GV-7), so a
 * record that exists is valid: every text field is non-blank, free of control and format characters
 * and at most 200 characters long; the employee number is 5 to 10 ASCII digits; the kana reading is
 * full-width katakana; a {@linkplain EmploymentType#requiresContractEnd() fixed-term kind of
 * employment} carries a contract end, which is never before the effective date. A violation is a
 * programming error and throws {@link IllegalArgumentException}, whose message names the field but
 * never its value.
 *
 * <p>The record is personal data: {@link #toString()} shows only the employee number and the
 * section code, so that a record that ends up in a log does not carry a name.
 *
 * @param employeeNumber 職員番号, 5 to 10 ASCII digits; unique within one export
 * @param fullName 氏名, family name first, normally separated from the given name by a space
 * @param fullNameKana カナ, the reading of the name in full-width katakana
 * @param sectionCode 所属コード, e.g. {@code K01}
 * @param sectionName 所属名, e.g. 市民課
 * @param title 職名, e.g. 主任
 * @param employmentType 雇用区分
 * @param status 在籍区分
 * @param effectiveDate 発令日: the date from which this record holds
 * @param contractEnd 契約終了日: the last day of a fixed-term contract; present for fiscal-year
 *     appointed, dispatched and contractor staff, optional for the others
 * @param concurrentPost 兼務: this row is an additional post of a person whose main post is on
 *     another row with the same employee number (access of both sections, GV-2)
 * @param returnDate 復職予定日: for a person on leave ({@link EmploymentStatus#isLeave()}), the day they
 *     are expected back, where the export carries it; never before the effective date
 * @param personId the HR system's own person identifier (個人ID / 個人番号ではない内部ID), where the export
 *     carries one: it tells a re-employed person from a newcomer given a reused 職員番号
 * @param birthDate 生年月日, where the export carries it: the same, when there is no person ID
 */
public record StaffRecord(
    String employeeNumber,
    String fullName,
    String fullNameKana,
    String sectionCode,
    String sectionName,
    String title,
    EmploymentType employmentType,
    EmploymentStatus status,
    LocalDate effectiveDate,
    Optional<LocalDate> contractEnd,
    boolean concurrentPost,
    Optional<LocalDate> returnDate,
    Optional<String> personId,
    Optional<LocalDate> birthDate) {

  /** A row without return date, person ID or birth date. */
  public StaffRecord(
      String employeeNumber,
      String fullName,
      String fullNameKana,
      String sectionCode,
      String sectionName,
      String title,
      EmploymentType employmentType,
      EmploymentStatus status,
      LocalDate effectiveDate,
      Optional<LocalDate> contractEnd,
      boolean concurrentPost) {
    this(
        employeeNumber,
        fullName,
        fullNameKana,
        sectionCode,
        sectionName,
        title,
        employmentType,
        status,
        effectiveDate,
        contractEnd,
        concurrentPost,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A main post (not 兼務). */
  public StaffRecord(
      String employeeNumber,
      String fullName,
      String fullNameKana,
      String sectionCode,
      String sectionName,
      String title,
      EmploymentType employmentType,
      EmploymentStatus status,
      LocalDate effectiveDate,
      Optional<LocalDate> contractEnd) {
    this(
        employeeNumber,
        fullName,
        fullNameKana,
        sectionCode,
        sectionName,
        title,
        employmentType,
        status,
        effectiveDate,
        contractEnd,
        false);
  }

  public StaffRecord {
    Objects.requireNonNull(employeeNumber, "employeeNumber must not be null");
    if (!StaffFields.isEmployeeNumber(employeeNumber)) {
      throw new IllegalArgumentException("employeeNumber must be 5 to 10 ASCII digits");
    }
    StaffFields.requireText(fullName, "fullName");
    StaffFields.requireText(fullNameKana, "fullNameKana");
    if (!StaffFields.isKatakana(fullNameKana)) {
      throw new IllegalArgumentException(
          "fullNameKana must be full-width katakana, ー, ・ and spaces (employee "
              + employeeNumber
              + ")");
    }
    StaffFields.requireText(sectionCode, "sectionCode");
    StaffFields.requireText(sectionName, "sectionName");
    StaffFields.requireText(title, "title");
    Objects.requireNonNull(employmentType, "employmentType must not be null");
    Objects.requireNonNull(status, "status must not be null");
    Objects.requireNonNull(effectiveDate, "effectiveDate must not be null");
    Objects.requireNonNull(contractEnd, "contractEnd must not be null; use Optional.empty()");
    if (employmentType.requiresContractEnd() && contractEnd.isEmpty()) {
      throw new IllegalArgumentException(
          "contractEnd is required for " + employmentType + " (employee " + employeeNumber + ")");
    }
    if (contractEnd.isPresent() && contractEnd.get().isBefore(effectiveDate)) {
      throw new IllegalArgumentException(
          "contractEnd must not be before effectiveDate (employee " + employeeNumber + ")");
    }
    Objects.requireNonNull(returnDate, "returnDate must not be null; use Optional.empty()");
    Objects.requireNonNull(personId, "personId must not be null; use Optional.empty()");
    Objects.requireNonNull(birthDate, "birthDate must not be null; use Optional.empty()");
    if (returnDate.isPresent() && returnDate.get().isBefore(effectiveDate)) {
      throw new IllegalArgumentException(
          "returnDate must not be before effectiveDate (employee " + employeeNumber + ")");
    }
    personId.ifPresent(id -> StaffFields.requireText(id, "personId"));
  }

  /**
   * A copy with the return date, person ID and birth date the export carries (the reader reads the
   * fixed fields first, then these optional ones).
   */
  public StaffRecord withPerson(
      Optional<LocalDate> returnDate, Optional<String> personId, Optional<LocalDate> birthDate) {
    return new StaffRecord(
        employeeNumber,
        fullName,
        fullNameKana,
        sectionCode,
        sectionName,
        title,
        employmentType,
        status,
        effectiveDate,
        contractEnd,
        concurrentPost,
        returnDate,
        personId,
        birthDate);
  }

  /**
   * 氏: the part of {@link #fullName()} before the first half- or full-width space, or the whole
   * name when it has no space (some HR systems store names without one).
   */
  public String familyName() {
    int space = firstSpace();
    return space < 0 ? fullName : fullName.substring(0, space).strip();
  }

  /**
   * 名: the part of {@link #fullName()} after the first half- or full-width space, stripped; the
   * empty string when the name has no space.
   */
  public String givenName() {
    int space = firstSpace();
    return space < 0 ? "" : fullName.substring(space + 1).strip();
  }

  private int firstSpace() {
    for (int i = 0; i < fullName.length(); i++) {
      char c = fullName.charAt(i);
      if (c == ' ' || c == '\u3000') {
        return i;
      }
    }
    return -1;
  }

  /** Identifiers only: names, titles and dates are personal data and stay out of logs. */
  @Override
  public String toString() {
    return "StaffRecord[employeeNumber=" + employeeNumber + ", sectionCode=" + sectionCode + "]";
  }
}
