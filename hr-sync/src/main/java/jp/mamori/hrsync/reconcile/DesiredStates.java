package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.Tier;

/**
 * What HR asks for, per employee, as of a day (LC-1): the main post (本務) carries the person's
 * state, 兼務 rows add sections, a 発令日 takes effect on its day (a retirement at the end of it), a
 * contract past its end and grace stops the account, and a leave stops all or some tiers as the
 * policy's absences say.
 */
final class DesiredStates {

  private final LifecycleRules rules;
  private final Absences absences;

  DesiredStates(LifecycleRules rules) {
    this.rules = rules;
    this.absences = new Absences(rules);
  }

  /** The state HR asks for, per employee, as of {@code today}. */
  Map<String, Desired> of(List<StaffRecord> records, LocalDate today) {
    // sized for the file up front: at prefecture scale (200,000 rows) rehashing would cost more
    // than the planning itself
    Map<String, List<StaffRecord>> byEmployee = LinkedHashMap.newLinkedHashMap(records.size());
    for (StaffRecord record : records) {
      byEmployee.computeIfAbsent(record.employeeNumber(), k -> new ArrayList<>(1)).add(record);
    }
    Map<String, Desired> desired = LinkedHashMap.newLinkedHashMap(byEmployee.size());
    byEmployee.forEach((employeeNumber, rows) -> {
      // the main post (本務) carries the person's state; 兼務 rows add sections
      StaffRecord primary =
          rows.stream().filter(r -> !r.concurrentPost()).findFirst().orElse(rows.getFirst());
      Set<String> sections = new LinkedHashSet<>();
      rows.forEach(r -> sections.add(r.sectionCode())); // 兼務: access of every section
      LocalDate from = primary.effectiveDate();
      boolean effective =
          primary.status() == EmploymentStatus.RETIRED
              ? today.isAfter(from) // 退職: at the end of the effective day
              : !today.isBefore(from);
      Optional<LocalDate> contractEnd = primary.contractEnd();
      if (contractEnd.isPresent()
          && today.isAfter(contractEnd.get().plusDays(rules.contractorGrace().toDays()))) {
        desired.put(
            employeeNumber,
            new Desired(
                desired.size(),
                primary,
                sections,
                AccountState.DISABLED,
                Optional.of(StopReason.CONTRACT_ENDED),
                true,
                from,
                Set.of()));
        return;
      }
      AccountState state;
      Optional<StopReason> stop;
      Set<Tier> suspendedTiers = Set.of();
      switch (primary.status()) {
        case ACTIVE -> {
          state = AccountState.ENABLED;
          stop = Optional.empty();
        }
        case SECONDED -> {
          state = AccountState.SUSPENDED;
          stop = Optional.of(StopReason.SECONDED);
        }
        case LEAVE, CHILDCARE_LEAVE, MATERNITY_LEAVE, SICK_LEAVE -> {
          Optional<Set<Tier>> only = absences.tiersOnly(primary.status());
          state = only.isPresent() ? AccountState.ENABLED : AccountState.SUSPENDED;
          stop =
              only.isPresent()
                  ? Optional.empty()
                  : Optional.of(Absences.stopReason(primary.status()));
          suspendedTiers = only.orElse(Set.of());
        }
        case RETIRED -> {
          state = AccountState.DISABLED;
          stop = Optional.of(StopReason.RETIRED);
        }
        default -> throw new IllegalStateException("unknown status " + primary.status());
      }
      desired.put(
          employeeNumber,
          new Desired(
              desired.size(),
              primary,
              Set.copyOf(sections),
              state,
              stop,
              effective,
              from,
              suspendedTiers));
    });
    return desired;
  }
}
