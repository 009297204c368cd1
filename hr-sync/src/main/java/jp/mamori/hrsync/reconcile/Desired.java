package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.Tier;

/**
 * What HR asks for one person; {@code index} is the person's position in HR order; {@code
 * suspendedTiers} the tiers refused during a leave that keeps the account (else empty).
 */
record Desired(
    int index,
    StaffRecord primary,
    Set<String> sections,
    AccountState state,
    Optional<StopReason> stop,
    boolean effective,
    LocalDate from,
    Set<Tier> suspendedTiers) {
  String employeeNumber() {
    return primary.employeeNumber();
  }
}
