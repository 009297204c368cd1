package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.lifecycle.PersonCheck.Identity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of {@code person_identity}: whom each employee number is bound to. Whether a record is
 * the same person is {@link PersonCheck}'s.
 */
final class PersonIdentityStore {

  private final JdbcClient jdbc;

  PersonIdentityStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The identities the numbers are bound to, by number (a number bound to nobody is absent). */
  Map<String, Identity> known(Set<String> numbers) {
    Map<String, Identity> known = new HashMap<>();
    jdbc.sql(
            "select employee_number, person_id_sha256, birth_date_sha256, full_name_kana,"
                + " full_name from person_identity where employee_number = any(?::varchar[])")
        .param(numbers.toArray(String[]::new))
        .query((rs, n) ->
            known.put(
                rs.getString(1),
                new Identity(
                    Optional.ofNullable(rs.getString(2)),
                    Optional.ofNullable(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5))))
        .list();
    return known;
  }

  /**
   * Binds each number to its identity, in one statement, by the lifecycle run; evidence once known
   * is kept when the identity lacks it (a later export left the column out).
   */
  void record(Map<String, Identity> byNumber, Instant at) {
    List<String> numbers = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> births = new ArrayList<>();
    List<String> kana = new ArrayList<>();
    List<String> names = new ArrayList<>();
    byNumber.forEach((number, identity) -> {
      numbers.add(number);
      ids.add(identity.personIdSha256().orElse(null));
      births.add(identity.birthDateSha256().orElse(null));
      kana.add(identity.fullNameKana());
      names.add(identity.fullName());
    });
    jdbc.sql(
            """
            insert into person_identity (employee_number, person_id_sha256, birth_date_sha256,
                full_name_kana, full_name, recorded_at, recorded_by)
            select n, i, b, k, f, ?, 'mamori:lifecycle'
            from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                as r(n, i, b, k, f)
            on conflict (employee_number) do update set
                person_id_sha256 = coalesce(excluded.person_id_sha256,
                    person_identity.person_id_sha256),
                birth_date_sha256 = coalesce(excluded.birth_date_sha256,
                    person_identity.birth_date_sha256),
                full_name_kana = excluded.full_name_kana, full_name = excluded.full_name,
                recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
            where (person_identity.person_id_sha256, person_identity.birth_date_sha256,
                   person_identity.full_name_kana, person_identity.full_name)
                is distinct from (coalesce(excluded.person_id_sha256,
                   person_identity.person_id_sha256), coalesce(excluded.birth_date_sha256,
                   person_identity.birth_date_sha256), excluded.full_name_kana,
                   excluded.full_name)\
            """)
        .params(
            Timestamp.from(at),
            numbers.toArray(String[]::new),
            ids.toArray(String[]::new),
            births.toArray(String[]::new),
            kana.toArray(String[]::new),
            names.toArray(String[]::new))
        .update();
  }

  /** Binds the number to the identity as it is, by a person who confirmed it. */
  void confirm(String employeeNumber, Identity identity, Instant at, String by) {
    jdbc.sql(
            """
            insert into person_identity (employee_number, person_id_sha256, birth_date_sha256,
                full_name_kana, full_name, recorded_at, recorded_by)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (employee_number) do update set
                person_id_sha256 = excluded.person_id_sha256,
                birth_date_sha256 = excluded.birth_date_sha256,
                full_name_kana = excluded.full_name_kana, full_name = excluded.full_name,
                recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by\
            """)
        .params(
            employeeNumber,
            identity.personIdSha256().orElse(null),
            identity.birthDateSha256().orElse(null),
            identity.fullNameKana(),
            identity.fullName(),
            Timestamp.from(at),
            by)
        .update();
  }
}
