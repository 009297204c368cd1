package jp.mamori.hrsync.hr;

import java.util.Optional;

/**
 * 雇用区分: the kind of employment an HR record describes, with its code in the default layout of the
 * HR export (a layout profile may map other texts to it, see {@link HrLayout}).
 *
 * <p>The kinds differ in how their access ends: a fiscal-year appointment (会計年度任用職員) ends with its
 * contract, at the latest on 31 March; dispatched workers (派遣) and contractor staff (受託事業者) are
 * limited to their contract (LC-7). Those three therefore {@linkplain #requiresContractEnd()
 * require a contract end date}.
 */
public enum EmploymentType {
  /** 正規職員, code {@code 01}. */
  REGULAR("01", "正規職員", false),
  /** 会計年度任用職員, code {@code 02}. Appointed for one fiscal year at a time. */
  FISCAL_YEAR_APPOINTED("02", "会計年度任用職員", true),
  /** 臨時・非常勤, code {@code 03}. */
  TEMPORARY("03", "臨時・非常勤", false),
  /** 派遣, code {@code 04}: a worker dispatched by a staffing agency. */
  DISPATCHED("04", "派遣", true),
  /** 受託事業者, code {@code 05}: staff of a contractor working under a service contract. */
  CONTRACTOR("05", "受託事業者", true);

  private final String code;
  private final String label;
  private final boolean requiresContractEnd;

  EmploymentType(String code, String label, boolean requiresContractEnd) {
    this.code = code;
    this.label = label;
    this.requiresContractEnd = requiresContractEnd;
  }

  /** The two-digit code used in the HR export's 雇用区分 column. */
  public String code() {
    return code;
  }

  /** The Japanese name, as the policy and the HR department write it. */
  public String label() {
    return label;
  }

  /** Whether a record of this kind must carry 契約終了日 (LC-7). */
  public boolean requiresContractEnd() {
    return requiresContractEnd;
  }

  /**
   * The type with this exact code ({@code "01"}..{@code "05"}), or empty for anything else. An
   * unknown code is an expected outcome of reading an export, not a programming error, so this does
   * not throw.
   */
  public static Optional<EmploymentType> fromCode(String code) {
    for (EmploymentType type : values()) {
      if (type.code.equals(code)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
