package jp.mamori.hrsync.hr;

import java.util.Optional;

/**
 * 在籍区分: whether a person is at work, with its code in the default layout of the HR export (a layout
 * profile may map other texts to it, see {@link HrLayout}).
 *
 * <p>This type only names the state; what access each state allows (出向 and 休職 suspend it, 退職 ends
 * it — LC-1) is decided by the reconciliation core, not here.
 */
public enum EmploymentStatus {
  /** 在職, code {@code 01}: at work. */
  ACTIVE("01", "在職"),
  /** 出向, code {@code 02}: seconded outside the municipality. */
  SECONDED("02", "出向"),
  /** 休職, code {@code 03}: on leave of absence (any kind not listed below). */
  LEAVE("03", "休職"),
  /** 退職, code {@code 04}: retired or otherwise left. */
  RETIRED("04", "退職"),
  /** 育児休業, code {@code 05}: childcare leave. */
  CHILDCARE_LEAVE("05", "育児休業"),
  /** 産前産後休暇, code {@code 06}: maternity leave. */
  MATERNITY_LEAVE("06", "産前産後休暇"),
  /** 病気休職, code {@code 07}: sick leave. */
  SICK_LEAVE("07", "病気休職");

  private final String code;
  private final String label;

  EmploymentStatus(String code, String label) {
    this.code = code;
    this.label = label;
  }

  /** Whether this is an absence (休職 or one of its kinds) the person returns from. */
  public boolean isLeave() {
    return this == LEAVE
        || this == CHILDCARE_LEAVE
        || this == MATERNITY_LEAVE
        || this == SICK_LEAVE;
  }

  /** The two-digit code used in the HR export's 在籍区分 column. */
  public String code() {
    return code;
  }

  /** The Japanese name. */
  public String label() {
    return label;
  }

  /**
   * The status with this exact code ({@code "01"}..{@code "07"}), or empty for anything else. An
   * unknown code is an expected outcome of reading an export, so this does not throw.
   */
  public static Optional<EmploymentStatus> fromCode(String code) {
    for (EmploymentStatus status : values()) {
      if (status.code.equals(code)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
