package jp.mamori.authz.audit;

import java.util.List;
import jp.mamori.authz.audit.AuditChain.Verification;

/**
 * The audit log's verification as the API shows it ({@code GET /api/audit/verification}, AU-2,
 * AU-6).
 *
 * @param intact whether no tampering was found
 * @param events how many events were read
 * @param lastSeq the last event's sequence number
 * @param lastHash the last event's hash
 * @param problems what was found wrong, each in words
 * @param clockSteps events recorded after the clock stepped back (AU-6): no tampering, but times to
 *     read with care, each in words
 * @param labelJa the outcome for people, in Japanese
 * @param labelEn the same in English
 */
record VerificationView(
    boolean intact,
    long events,
    long lastSeq,
    String lastHash,
    List<String> problems,
    List<String> clockSteps,
    String labelJa,
    String labelEn) {

  VerificationView {
    problems = List.copyOf(problems);
    clockSteps = List.copyOf(clockSteps);
  }

  static VerificationView of(Verification v) {
    return new VerificationView(
        v.intact(),
        v.events(),
        v.lastSeq(),
        v.lastHash(),
        v.problems().stream().map(Object::toString).toList(),
        v.clockSteps().stream().map(Object::toString).toList(),
        v.intact() ? "改ざんは検出されませんでした" : "改ざんを検出しました",
        v.intact() ? "no tampering found" : "tampering found");
  }
}
