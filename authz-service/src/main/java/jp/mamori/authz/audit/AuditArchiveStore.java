package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.audit.AuditLog.Base;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statements of an archiving ({@link AuditArchiving}): the chain's base ({@code audit_base})
 * and the removal of the archived events.
 */
final class AuditArchiveStore {

  private final JdbcTemplate jdbc;

  AuditArchiveStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The start of the chain after archiving; empty when nothing was ever archived. */
  Optional<Base> base() {
    return jdbc
        .query(
            "select seq, hash, archived_at, archived_by from audit_base where id = 1",
            (rs, i) ->
                new Base(
                    rs.getLong(1),
                    rs.getString(2).strip(),
                    rs.getTimestamp(3).toInstant(),
                    rs.getString(4)))
        .stream()
        .findFirst();
  }

  /**
   * The last checkpoint after event {@code after} that signs an event earlier than {@code before};
   * null when there is none.
   */
  Long lastCheckpointBefore(Instant before, long after) {
    List<Long> candidates =
        jdbc.queryForList(
            "select max(c.seq) from audit_checkpoint c join audit_event e on e.seq = c.seq"
                + " where e.at < ? and c.seq > ?",
            Long.class,
            Timestamp.from(before),
            after);
    return candidates.isEmpty() ? null : candidates.getFirst();
  }

  /** Makes event {@code seq} the chain's base (the one base there is, replaced). */
  void moveBase(long seq, String hash, Instant at, String by) {
    jdbc.update(
        "insert into audit_base (id, seq, hash, archived_at, archived_by) values (1, ?, ?, ?, ?)"
            + " on conflict (id) do update set seq = excluded.seq, hash = excluded.hash,"
            + " archived_at = excluded.archived_at, archived_by = excluded.archived_by",
        seq,
        hash,
        Timestamp.from(at),
        by);
  }

  /** Removes the events of {@code (after, upTo]}. */
  void remove(long after, long upTo) {
    jdbc.update("delete from audit_event where seq > ? and seq <= ?", after, upTo);
  }
}
