package jp.mamori.authz.governance;

import java.time.Instant;
import jp.mamori.authz.governance.Sanctions.Sanction;

/**
 * A sanction as the API shows it (GV-4). Every member is always written; the optional ones as
 * {@code null}. Instants are ISO-8601 text.
 *
 * @param id the sanction
 * @param username who is sanctioned
 * @param violationId the violation it answers, or null
 * @param measure {@code SUSPEND} or {@code REVOKE}
 * @param right {@code ACCOUNT}, {@code TIER}, {@code SYSTEM} or {@code PRIVILEGED}
 * @param target the tier or system, where the right names one
 * @param code the violation's code
 * @param note the note given when imposed
 * @param imposedBy the administrator who imposed it
 * @param imposedAt when
 * @param status {@code IN_FORCE}, {@code REINSTATEMENT_REQUESTED} or {@code LIFTED}
 * @param reinstatementRequestedBy who asked to lift it, or null
 * @param decidedBy the CISO who decided the reinstatement, or null
 * @param decidedAt when, or null
 * @param labelJa the sanction and its status for people, in Japanese
 * @param labelEn the same in English
 */
record SanctionView(
    long id,
    String username,
    Long violationId,
    String measure,
    String right,
    String target,
    String code,
    String note,
    String imposedBy,
    String imposedAt,
    String status,
    String reinstatementRequestedBy,
    String decidedBy,
    String decidedAt,
    String labelJa,
    String labelEn) {

  static SanctionView of(Sanction s) {
    return new SanctionView(
        s.id(),
        s.username(),
        s.violationId().orElse(null),
        s.measure().name(),
        s.right().name(),
        s.rightValue(),
        s.code().name(),
        s.note(),
        s.imposedBy(),
        s.imposedAt().toString(),
        s.status().name(),
        s.reinstatementRequestedBy().orElse(null),
        s.decidedBy().orElse(null),
        s.decidedAt().map(Instant::toString).orElse(null),
        s.describeJa() + " — " + statusJa(s),
        s.describeEn() + " — " + statusEn(s));
  }

  private static String statusJa(Sanction s) {
    return switch (s.status()) {
      case IN_FORCE -> "有効";
      case REINSTATEMENT_REQUESTED -> "解除申請中 (CISO の承認待ち)";
      case LIFTED -> "解除済み";
    };
  }

  private static String statusEn(Sanction s) {
    return switch (s.status()) {
      case IN_FORCE -> "in force";
      case REINSTATEMENT_REQUESTED -> "reinstatement requested (waiting for the CISO)";
      case LIFTED -> "lifted";
    };
  }

  /** Without the note: it is about a person. */
  @Override
  public String toString() {
    return "SanctionView[#"
        + id
        + ", "
        + username
        + ", "
        + measure
        + " "
        + right
        + ", "
        + status
        + "]";
  }
}
