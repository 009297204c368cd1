package jp.mamori.policy;

import java.time.Duration;

/** Reads {@code privileged}: the rules of privileged accounts (特権ID). */
final class PrivilegedSection {

  private PrivilegedSection() {}

  static PrivilegedAccessRules privileged(PolicySection s, LockoutRules lockout) {
    Duration maxCheckout = s.duration("maxCheckout", PrivilegedAccessRules.MAX_CHECKOUT);
    Boolean twoPerson = s.bool("twoPersonApproval");
    Duration rotation = s.duration("rotationInterval", PrivilegedAccessRules.ROTATION_INTERVAL);
    Integer maxFailures = s.integer("maxFailures", PrivilegedAccessRules.MAX_FAILURES);
    Duration approvalTimeout =
        s.duration("approvalTimeout", PrivilegedAccessRules.APPROVAL_TIMEOUT);
    Duration reportWithin =
        s.duration("emergencyReportWithin", PrivilegedAccessRules.EMERGENCY_REPORT_WITHIN);
    Boolean stepUp = s.bool("stepUpRequired");
    if (PolicySection.allPresent(lockout, maxFailures)) {
      Policy.checkPrivilegedFailures(lockout, maxFailures, s::problem);
    }
    s.rejectUnknown();
    return !s.clean()
        ? null
        : new PrivilegedAccessRules(
            maxCheckout, twoPerson, rotation, maxFailures, approvalTimeout, reportWithin, stepUp);
  }
}
