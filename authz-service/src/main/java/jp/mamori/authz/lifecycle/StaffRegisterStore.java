package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.hrsync.hr.StaffRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of the staff register ({@code staff_account}) the lifecycle writes. Which HR row is a
 * person's current one is {@link StaffRegister}'s.
 */
final class StaffRegisterStore {

  private final JdbcClient jdbc;

  StaffRegisterStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records each person's name and section from their row (one row per person). */
  void upsert(List<StaffRecord> current, Instant at) {
    List<String> numbers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> kana = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    List<String> sections = new ArrayList<>();
    for (StaffRecord r : current) {
      numbers.add(r.employeeNumber());
      names.add(r.fullName());
      kana.add(r.fullNameKana());
      codes.add(r.sectionCode());
      sections.add(r.sectionName());
    }
    Timestamp now = Timestamp.from(at);
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
  }
}
