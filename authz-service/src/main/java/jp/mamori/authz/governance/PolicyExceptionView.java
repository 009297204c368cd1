package jp.mamori.authz.governance;

import java.time.Instant;
import jp.mamori.authz.governance.PolicyExceptions.PolicyException;

/**
 * An exception to the policy as the API shows it (GV-3). Every member is always written; the
 * optional ones as {@code null}. Instants are ISO-8601 text.
 *
 * @param id the exception
 * @param rule the rule excepted
 * @param scope {@code TERMINAL}, {@code USER} or {@code SYSTEM}
 * @param target the terminal, user or system covered
 * @param reason why it was requested
 * @param requestedBy the ID administrator who requested it
 * @param requestedAt when
 * @param endsAt when it ends
 * @param emergency whether it came into force before approval
 * @param status {@code REQUESTED}, {@code IN_FORCE}, {@code REJECTED} or {@code ENDED}
 * @param decidedBy the CISO who decided, or null
 * @param report the report on an emergency exception, or null
 * @param reportDue when that report is due, or null
 * @param labelJa the status for people, in Japanese
 * @param labelEn the status for people, in English
 */
record PolicyExceptionView(
    long id,
    String rule,
    String scope,
    String target,
    String reason,
    String requestedBy,
    String requestedAt,
    String endsAt,
    boolean emergency,
    String status,
    String decidedBy,
    String report,
    String reportDue,
    String labelJa,
    String labelEn) {

  static PolicyExceptionView of(PolicyException e) {
    return new PolicyExceptionView(
        e.id(),
        e.rule(),
        e.scope().name(),
        e.scopeValue(),
        e.reason(),
        e.requestedBy(),
        e.requestedAt().toString(),
        e.endsAt().toString(),
        e.emergency(),
        e.status().name(),
        e.decidedBy().orElse(null),
        e.report().orElse(null),
        e.reportDue().map(Instant::toString).orElse(null),
        switch (e.status()) {
          case REQUESTED -> "承認待ち";
          case IN_FORCE -> e.decidedBy().isEmpty() ? "発効中 (緊急・事後承認待ち)" : "発効中";
          case REJECTED -> "却下";
          case ENDED -> "終了 (原則に復帰)";
        },
        switch (e.status()) {
          case REQUESTED -> "waiting for approval";
          case IN_FORCE ->
              e.decidedBy().isEmpty() ? "in force (emergency, approval pending)" : "in force";
          case REJECTED -> "rejected";
          case ENDED -> "ended (the rule applies again)";
        });
  }
}
