package jp.mamori.authz.realm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code realm_drift} table as {@link RealmDriftCheck} writes and reads it: one row per
 * difference found, closed by the restoration. Rows only; what counts as drift is the check's.
 */
final class RealmDriftStore {

  private final JdbcClient jdbc;

  RealmDriftStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records one difference found; returns the rows written (1). */
  int detected(
      Instant at,
      String trigger,
      String realm,
      String setting,
      String expected,
      String found,
      List<String> requirementIds) {
    return jdbc.sql(
            """
            insert into realm_drift (detected_at, detected_by, realm, setting, expected,
                found, requirement_ids)
            values (?, ?, ?, ?, ?, ?, ?)\
            """)
        .params(
            Timestamp.from(at),
            trigger,
            realm,
            setting,
            expected,
            found,
            String.join(",", requirementIds))
        .update();
  }

  /** Closes the open differences of one setting; returns the rows closed. */
  int restored(Instant at, String realm, String setting) {
    return jdbc.sql(
            "update realm_drift set restored_at = ? where realm = ? and setting = ?"
                + " and restored_at is null")
        .params(Timestamp.from(at), realm, setting)
        .update();
  }

  /** Recorded drift of one realm, newest first. */
  List<RealmDriftCheck.Recorded> recorded(String realm, int limit) {
    return jdbc.sql(
            "select realm, detected_at, detected_by, setting, expected, found, requirement_ids,"
                + " restored_at from realm_drift where realm = ? order by id desc limit ?")
        .params(realm, limit)
        .query((rs, n) ->
            new RealmDriftCheck.Recorded(
                rs.getString(1),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                List.of(rs.getString(7).split(",")),
                rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
        .list();
  }
}
