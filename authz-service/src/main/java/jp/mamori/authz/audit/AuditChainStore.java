package jp.mamori.authz.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.authz.audit.AuditChain.Event;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reads of the chain ({@code audit_event}) other than an append's ({@link AuditAppendStore}),
 * and the signed checkpoints ({@code audit_checkpoint}): for {@link AuditLog}, {@link
 * AuditVerification} and {@link AuditArchiving}.
 */
final class AuditChainStore {

  /** Rows fetched at a time where the whole log (or a large part of it) is read in order. */
  private static final int FETCH = 10_000;

  static final String COLUMNS =
      "seq, at, kind, actor, subject, detail, requirement_ids, prev_hash, hash";

  private final JdbcTemplate jdbc;
  private final JdbcTemplate streaming;

  AuditChainStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.streaming = new JdbcTemplate(jdbc.getDataSource());
    this.streaming.setFetchSize(FETCH);
  }

  /** The last event's sequence number and hash; empty when the log is empty. */
  Optional<LastEvent> last() {
    List<Map<String, Object>> last =
        jdbc.queryForList("select seq, hash from audit_event order by seq desc limit 1");
    if (last.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LastEvent(
            ((Number) last.getFirst().get("seq")).longValue(),
            ((String) last.getFirst().get("hash")).strip()));
  }

  /** The last event, as a checkpoint signs it. */
  record LastEvent(long seq, String hash) {}

  /** Inserts the checkpoint unless its event is signed already; answers whether it did. */
  boolean insert(Checkpoint c) {
    return jdbc.update(
            "insert into audit_checkpoint (seq, hash, at, jws) values (?, ?, ?, ?)"
                + " on conflict (seq) do nothing",
            c.seq(),
            c.hash(),
            Timestamp.from(c.at()),
            c.jws())
        == 1;
  }

  /** Every checkpoint, by sequence number. */
  Map<Long, Checkpoint> checkpoints() {
    Map<Long, Checkpoint> checkpoints = new LinkedHashMap<>();
    jdbc.query(
        "select seq, hash, at, jws from audit_checkpoint order by seq",
        rs -> {
          checkpoints.put(rs.getLong(1), checkpoint(rs));
        });
    return checkpoints;
  }

  /** The checkpoint of event {@code seq}, if there is one. */
  Optional<Checkpoint> checkpoint(long seq) {
    List<Checkpoint> found = new ArrayList<>(1);
    jdbc.query(
        "select seq, hash, at, jws from audit_checkpoint where seq = ?",
        rs -> {
          found.add(checkpoint(rs));
        },
        seq);
    return found.stream().findFirst();
  }

  private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
    return new Checkpoint(
        rs.getLong(1), rs.getString(2).strip(), rs.getTimestamp(3).toInstant(), rs.getString(4));
  }

  /** Hands every event to {@code each}, in order (in the caller's transaction: a cursor). */
  void eachEvent(Consumer<Event> each) {
    streaming.query(
        "select " + COLUMNS + " from audit_event order by seq",
        rs -> {
          each.accept(event(rs));
        });
  }

  /** Hands the events of {@code (after, upTo]} to {@code each}, in order. */
  void eachEvent(long after, long upTo, Consumer<Event> each) {
    streaming.query(
        "select " + COLUMNS + " from audit_event where seq > ? and seq <= ? order by seq",
        rs -> {
          each.accept(event(rs));
        },
        after,
        upTo);
  }

  /** Events of one subject in {@code [from, to)}, oldest first. */
  List<Event> about(String subject, Instant from, Instant to) {
    return jdbc.query(
        "select "
            + COLUMNS
            + " from audit_event where subject = ? and at >= ? and at < ? order by seq",
        (rs, i) -> event(rs),
        subject,
        Timestamp.from(from),
        Timestamp.from(to));
  }

  /** An event as read by {@link #COLUMNS}. */
  private static Event event(ResultSet rs) throws SQLException {
    return new Event(
        rs.getLong(1),
        rs.getTimestamp(2).toInstant(),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8).strip(),
        rs.getString(9).strip());
  }

  /** The last event's sequence number; 0 when the log is empty. */
  long lastSeq() {
    return jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class);
  }

  /** The hash of event {@code seq}. */
  String hash(long seq) {
    return jdbc.queryForObject("select hash from audit_event where seq = ?", String.class, seq)
        .strip();
  }

  /** The detail of the last {@code AUDIT_ARCHIVED} event, if any. */
  Optional<String> lastArchivedDetail() {
    return jdbc
        .queryForList(
            "select detail from audit_event where kind = 'AUDIT_ARCHIVED' order by seq desc"
                + " limit 1",
            String.class)
        .stream()
        .findFirst();
  }

  /**
   * The events of {@code [from, to]}, in order, their times read as microseconds (as they are
   * hashed) — for the verification's workers, each on its own connection.
   */
  List<Event> range(long from, long to) {
    List<Event> events = new ArrayList<>((int) (to - from + 1));
    streaming.query(
        "select seq, (extract(epoch from at) * 1000000)::bigint, kind, actor, subject, detail,"
            + " requirement_ids, prev_hash, hash from audit_event where seq between ? and ?"
            + " order by seq",
        rs -> {
          events.add(
              new Event(
                  rs.getLong(1),
                  AuditChain.ofMicros(rs.getLong(2)),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8).strip(),
                  rs.getString(9).strip()));
        },
        from,
        to);
    return events;
  }
}
