package jp.mamori.hrsync.hr;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The header names under which an HR export carries each field — the columns part of an {@link
 * HrLayout}, kept for callers that only rename columns ({@link HrLayout#withColumns}); a layout
 * profile also sets the codes, the 兼務 words, the date formats and the optional columns 復職予定日, 個人ID
 * and 生年月日. Columns are found by these names, in any order; columns with other names are ignored,
 * so an export may carry more than Mamori reads. Every column is required except {@link
 * #contractEnd()}: a file without it can still be read, but then no fixed-term record ({@linkplain
 * EmploymentType#requiresContractEnd() 会計年度任用職員, 派遣, 受託事業者}) in it is valid.
 *
 * <p>Names are compared exactly after stripping surrounding whitespace; they must be distinct, so
 * that no two fields are read from one column.
 *
 * @param employeeNumber header of 職員番号
 * @param fullName header of 氏名
 * @param fullNameKana header of the kana reading
 * @param sectionCode header of 所属コード
 * @param sectionName header of 所属名
 * @param title header of 職名
 * @param employmentType header of 雇用区分
 * @param status header of 在籍区分
 * @param effectiveDate header of 発令日
 * @param contractEnd header of 契約終了日 (the column itself is optional)
 * @param concurrentPost header of 兼務 (the column itself is optional)
 */
public record HrColumnMapping(
    String employeeNumber,
    String fullName,
    String fullNameKana,
    String sectionCode,
    String sectionName,
    String title,
    String employmentType,
    String status,
    String effectiveDate,
    String contractEnd,
    String concurrentPost) {

  /** The mapping with the usual optional 兼務 column, {@code 兼務}. */
  public HrColumnMapping(
      String employeeNumber,
      String fullName,
      String fullNameKana,
      String sectionCode,
      String sectionName,
      String title,
      String employmentType,
      String status,
      String effectiveDate,
      String contractEnd) {
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
        "兼務");
  }

  public HrColumnMapping {
    List<String> names =
        Arrays.asList(
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
            concurrentPost);
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("every header name must be non-blank, got " + names);
      }
      if (!name.equals(name.strip())) {
        throw new IllegalArgumentException(
            "header name \"" + name + "\" must not start or end with whitespace");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "header name \"" + name + "\" is used for two fields; each field needs its own column");
      }
    }
  }

  /**
   * The headers of the usual Japanese export: 職員番号, 氏名, カナ, 所属コード, 所属名, 職名, 雇用区分, 在籍区分, 発令日, 契約終了日.
   */
  public static HrColumnMapping japaneseDefaults() {
    return new HrColumnMapping(
        "職員番号", "氏名", "カナ", "所属コード", "所属名", "職名", "雇用区分", "在籍区分", "発令日", "契約終了日");
  }

  /** The required header names, in the order of the record's components. */
  List<String> requiredHeaders() {
    return List.of(
        employeeNumber,
        fullName,
        fullNameKana,
        sectionCode,
        sectionName,
        title,
        employmentType,
        status,
        effectiveDate);
  }
}
