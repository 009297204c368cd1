package jp.mamori.authz.lifecycle;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.hr.StaffRecord;

/**
 * The staff register ({@code staff_account}): each person's name and main section as HR states them
 * on the day a plan was applied, which the staff page shows. Written after every apply from the
 * same HR file, so a mover's page shows the new section from the day the move is applied.
 */
final class StaffRegister {

  private final StaffRegisterStore store;
  private final Clock clock;

  StaffRegister(StaffRegisterStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Records each person's main post as of {@code today} (the newest main row already in effect); a
   * person whose rows are all future-dated keeps what was recorded before.
   *
   * @return the number of people recorded
   */
  int record(List<StaffRecord> records, LocalDate today) {
    Map<String, StaffRecord> current = new LinkedHashMap<>();
    records.stream()
        .filter(r -> !r.concurrentPost() && !r.effectiveDate().isAfter(today))
        .sorted(Comparator.comparing(StaffRecord::effectiveDate))
        .forEach(r -> current.put(r.employeeNumber(), r));
    if (current.isEmpty()) {
      return 0;
    }
    store.upsert(List.copyOf(current.values()), clock.instant());
    return current.size();
  }
}
