package jp.mamori.authz.lifecycle;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.hr.StaffRecord;

/** The section kept with each action of a plan, for the people who check the plan by section. */
final class MainSections {

  private MainSections() {}

  /**
   * Each person's main section as the HR file states it for {@code today} (the newest main row in
   * effect, else the earliest future one): {@code 所属コード 所属名}, by employee number.
   */
  static Map<String, String> of(List<StaffRecord> records, LocalDate today) {
    Map<String, StaffRecord> chosen = new HashMap<>();
    for (StaffRecord r : records) {
      if (r.concurrentPost()) {
        continue;
      }
      chosen.merge(
          r.employeeNumber(),
          r,
          (a, b) -> {
            boolean aNow = !a.effectiveDate().isAfter(today);
            boolean bNow = !b.effectiveDate().isAfter(today);
            if (aNow != bNow) {
              return aNow ? a : b;
            }
            boolean bBetter =
                aNow
                    ? b.effectiveDate().isAfter(a.effectiveDate())
                    : b.effectiveDate().isBefore(a.effectiveDate());
            return bBetter ? b : a;
          });
    }
    Map<String, String> sections = new HashMap<>();
    chosen.forEach((n, r) -> sections.put(n, r.sectionCode() + " " + r.sectionName()));
    return sections;
  }
}
