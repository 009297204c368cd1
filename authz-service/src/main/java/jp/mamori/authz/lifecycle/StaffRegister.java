package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.hr.StaffRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The staff register ({@code staff_account}): each person's name and main section as HR states them
 * on the day a plan was applied, which the staff page shows. Written after every apply from the
 * same HR file, so a mover's page shows the new section from the day the move is applied.
 */
final class StaffRegister {

  private final JdbcClient jdbc;
  private final Clock clock;

  StaffRegister(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
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
    List<String> numbers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> kana = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    List<String> sections = new ArrayList<>();
    for (StaffRecord r : current.values()) {
      numbers.add(r.employeeNumber());
      names.add(r.fullName());
      kana.add(r.fullNameKana());
      codes.add(r.sectionCode());
      sections.add(r.sectionName());
    }
    Timestamp now = Timestamp.from(clock.instant());
    // one statement for the whole file (40,000 people in one round trip); a row is rewritten only
    // when HR changed it
    jdbc.sql(
            """
            insert into staff_account (employee_number, username, full_name, full_name_kana,
                section_code, section_name, created_at, updated_at)
            select n, n, f, k, c, s, ?, ?
            from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                as r(n, f, k, c, s)
            on conflict (employee_number) do update set
                full_name = excluded.full_name, full_name_kana = excluded.full_name_kana,
                section_code = excluded.section_code, section_name = excluded.section_name,
                updated_at = excluded.updated_at
            where (staff_account.full_name, staff_account.full_name_kana,
                   staff_account.section_code, staff_account.section_name)
                is distinct from (excluded.full_name, excluded.full_name_kana,
                   excluded.section_code, excluded.section_name)\
            """)
        .params(
            now,
            now,
            numbers.toArray(String[]::new),
            names.toArray(String[]::new),
            kana.toArray(String[]::new),
            codes.toArray(String[]::new),
            sections.toArray(String[]::new))
        .update();
    return current.size();
  }
}
