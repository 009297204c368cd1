package jp.mamori.hrsync.hr;

import java.util.Optional;

/**
 * A field Mamori reads from the HR export, with its key in a layout profile ({@code columns.<key>})
 * and its Japanese name.
 *
 * <p>The first nine are {@linkplain #required() required}: a file whose header lacks one of them
 * cannot be read. The others are optional: their column is read when the layout names one and the
 * file has it, and otherwise left out of every record — except that without 契約終了日 no fixed-term
 * record ({@linkplain EmploymentType#requiresContractEnd() 会計年度任用職員, 派遣, 受託事業者}) is valid.
 */
public enum HrField {
  /** 職員番号: 5 to 10 ASCII digits. */
  EMPLOYEE_NUMBER("employeeNumber", "職員番号", true),
  /** 氏名. */
  FULL_NAME("fullName", "氏名", true),
  /** カナ: the reading of the name in full-width katakana. */
  FULL_NAME_KANA("fullNameKana", "カナ", true),
  /** 所属コード. */
  SECTION_CODE("sectionCode", "所属コード", true),
  /** 所属名. */
  SECTION_NAME("sectionName", "所属名", true),
  /** 職名. */
  TITLE("title", "職名", true),
  /** 雇用区分: a value of the layout's {@link HrLayout#employmentTypes()}. */
  EMPLOYMENT_TYPE("employmentType", "雇用区分", true),
  /** 在籍区分: a value of the layout's {@link HrLayout#statuses()}. */
  STATUS("status", "在籍区分", true),
  /** 発令日: a date in one of the layout's formats. */
  EFFECTIVE_DATE("effectiveDate", "発令日", true),
  /** 契約終了日: required in a row of a fixed-term kind of employment. */
  CONTRACT_END("contractEnd", "契約終了日", false),
  /** 兼務: one of the layout's words for a concurrent or a main post, or blank (main post). */
  CONCURRENT_POST("concurrentPost", "兼務", false),
  /** 復職予定日: when a person on leave is expected back. */
  RETURN_DATE("returnDate", "復職予定日", false),
  /** 個人ID: the HR system's own identifier of the person (never the My Number). */
  PERSON_ID("personId", "個人ID", false),
  /** 生年月日. */
  BIRTH_DATE("birthDate", "生年月日", false);

  private final String key;
  private final String label;
  private final boolean required;

  HrField(String key, String label, boolean required) {
    this.key = key;
    this.label = label;
    this.required = required;
  }

  /** The key under {@code columns} in a layout profile, e.g. {@code employeeNumber}. */
  public String key() {
    return key;
  }

  /** The Japanese name, e.g. 職員番号; also the default layout's header where it has one. */
  public String label() {
    return label;
  }

  /** Whether every file must have this column (and every layout must name a header for it). */
  public boolean required() {
    return required;
  }

  /** The field with this profile key, or empty. */
  public static Optional<HrField> byKey(String key) {
    for (HrField field : values()) {
      if (field.key.equals(key)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}
