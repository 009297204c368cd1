package jp.mamori.policy;

import java.time.Duration;
import java.util.List;

/**
 * Privileged IDs (特権ID: administrator accounts of systems, servers and directories; 8-(2)-②,
 * 8-(2)-⑥, 8-(1)-③-(ウ)). A privileged ID is checked out by an approved member of staff for a
 * limited time, and its password is changed after use and periodically.
 *
 * @param maxCheckout the longest checkout of a privileged ID, PT5M–P1D (PR-5 接続時間は必要最小限)
 * @param twoPersonApproval whether a checkout needs a second person's approval (PR-2, PR-6 二人以上で
 *     相互に確認); turning it off leaves one person able to act with a privilege unchecked
 * @param rotationInterval the password of a privileged ID changes at least this often even when
 *     unused, P1D–P365D in whole days (PR-4 定期的に変更)
 * @param maxFailures failed logins that lock a privileged ID, 1–100 and at most {@code
 *     lockout.maxFailures}: privileged IDs are never easier to guess than staff accounts (PR-4
 *     誤入力があった場合の入力回数制限)
 * @param approvalTimeout a checkout request not approved within this expires, PT5M–P7D (PR-5: an
 *     approval given days later no longer matches the need it was asked for)
 * @param emergencyReportWithin an emergency use (緊急利用, taken without prior approval where the
 *     account allows it) must be reported and approved after the fact within this, P1D–P30D; later
 *     it is flagged overdue (GV-3 緊急時の例外措置は事後に報告)
 * @param stepUpRequired whether the privileged operations of Mamori itself — approving a checkout,
 *     taking it (its password shown), and an ID administrator's unlock, reinstatement and
 *     temporary-password issue — need a fresh user-verified WebAuthn assertion bound to that very
 *     operation (PR-6, MF-2); turning it off lets a stolen session do them
 */
public record PrivilegedAccessRules(
    Duration maxCheckout,
    boolean twoPersonApproval,
    Duration rotationInterval,
    int maxFailures,
    Duration approvalTimeout,
    Duration emergencyReportWithin,
    boolean stepUpRequired)
    implements Rule {

  static final DurationRange MAX_CHECKOUT =
      DurationRange.of(Duration.ofMinutes(5), Duration.ofHours(24));
  static final DurationRange ROTATION_INTERVAL = DurationRange.days(1, 365);
  static final IntRange MAX_FAILURES = LockoutRules.MAX_FAILURES;
  static final DurationRange APPROVAL_TIMEOUT =
      DurationRange.of(Duration.ofMinutes(5), Duration.ofDays(7));
  static final DurationRange EMERGENCY_REPORT_WITHIN = DurationRange.days(1, 30);

  /**
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public PrivilegedAccessRules {
    MAX_CHECKOUT.require("privileged.maxCheckout", maxCheckout);
    ROTATION_INTERVAL.require("privileged.rotationInterval", rotationInterval);
    MAX_FAILURES.require("privileged.maxFailures", maxFailures);
    APPROVAL_TIMEOUT.require("privileged.approvalTimeout", approvalTimeout);
    EMERGENCY_REPORT_WITHIN.require("privileged.emergencyReportWithin", emergencyReportWithin);
  }

  /**
   * PR-1 … PR-6: the few holders and strict management of privileged IDs (PR-1, PR-2, PR-3 are
   * enforced by the checkout that uses these settings), rotation and the attempt limit (PR-4), the
   * checkout time (PR-5) and the second person (PR-6); GV-3: emergency use reported afterwards.
   */
  @Override
  public List<String> requirementIds() {
    return List.of("PR-1", "PR-2", "PR-3", "PR-4", "PR-5", "PR-6", "GV-3");
  }
}
