package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.audit.AuditChain.Event;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statements of an append to the chain: of one event ({@link AuditLog#append}) and of several
 * ({@link AuditLog#appendAll}).
 */
final class AuditAppendStore {

  /**
   * The last event as a log last appended or read it: where the next one chains. A guess only — the
   * append inserts after it only if the database still holds it ({@link #APPEND}).
   *
   * @param at its time; empty for the genesis
   */
  record Head(long seq, String hash, Optional<Instant> at) {}

  private final JdbcTemplate jdbc;

  AuditAppendStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The last event the database holds (committed, or this transaction's), or the genesis. */
  Head head() {
    return jdbc
        .query(
            "select seq, hash, (extract(epoch from at) * 1000000)::bigint from audit_event"
                + " order by seq desc limit 1",
            (rs, i) ->
                new Head(
                    rs.getLong(1),
                    rs.getString(2).strip(),
                    Optional.of(AuditChain.ofMicros(rs.getLong(3)))))
        .stream()
        .findFirst()
        .orElse(new Head(0, AuditChain.GENESIS, Optional.empty()));
  }

  /**
   * Inserts {@code event}, chained after {@code last}, if {@code last} is still in the database and
   * no other event took its sequence number; answers whether it was inserted.
   */
  boolean insertAfter(Head last, Event event) {
    Timestamp at = Timestamp.from(event.at());
    int inserted =
        last.seq() == 0
            ? jdbc.update(
                APPEND_FIRST,
                event.seq(),
                at,
                event.kind(),
                event.actor(),
                event.subject(),
                event.detail(),
                event.requirementIds(),
                event.prevHash(),
                event.hash())
            : jdbc.update(
                APPEND,
                event.seq(),
                at,
                event.kind(),
                event.actor(),
                event.subject(),
                event.detail(),
                event.requirementIds(),
                event.prevHash(),
                event.hash(),
                last.seq(),
                last.hash());
    return inserted == 1;
  }

  /**
   * The last event the database holds, as {@link AuditLog#appendAll} reads it before chaining
   * several events after it; the genesis when the log is empty.
   */
  Head lastForBatch() {
    List<Map<String, Object>> last =
        jdbc.queryForList(
            "select seq, hash, (extract(epoch from at) * 1000000)::bigint as micros"
                + " from audit_event order by seq desc limit 1");
    if (last.isEmpty()) {
      return new Head(0, AuditChain.GENESIS, Optional.empty());
    }
    return new Head(
        ((Number) last.getFirst().get("seq")).longValue(),
        ((String) last.getFirst().get("hash")).strip(),
        Optional.of(AuditChain.ofMicros(((Number) last.getFirst().get("micros")).longValue())));
  }

  /**
   * Inserts {@code batch} in one batch of statements, each only if no other event took its sequence
   * number; answers whether every one was inserted.
   */
  boolean insertBatch(List<Event> batch) {
    int[][] counts =
        jdbc.batchUpdate(
            "insert into audit_event (seq, at, kind, actor, subject, detail,"
                + " requirement_ids, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (seq) do nothing",
            batch,
            batch.size(),
            (ps, e) -> {
              ps.setLong(1, e.seq());
              ps.setTimestamp(2, Timestamp.from(e.at()));
              ps.setString(3, e.kind());
              ps.setString(4, e.actor());
              ps.setString(5, e.subject());
              ps.setString(6, e.detail());
              ps.setString(7, e.requirementIds());
              ps.setString(8, e.prevHash());
              ps.setString(9, e.hash());
            });
    boolean all = true;
    for (int[] chunk : counts) {
      for (int c : chunk) {
        all &= c == 1;
      }
    }
    return all;
  }

  /**
   * One event after the last one, hashed in Java ({@link AuditChain#next}) from the head this log
   * last saw, in one statement without a lock: inserted only if that head is still in the database
   * — a head rolled back since (an enclosing transaction that failed) or not yet committed by
   * another writer inserts nothing — and only if no other writer took the sequence number (the
   * primary key; it waits for that writer's transaction first). When nothing is inserted the head
   * is read again and the event chained after it. Reading only committed events (and the caller's
   * own), it never chains after an event that is later rolled back.
   */
  private static final String APPEND =
      """
      insert into audit_event (seq, at, kind, actor, subject, detail, requirement_ids,
                               prev_hash, hash)
      select cast(? as bigint), cast(? as timestamptz), cast(? as text), cast(? as text),
             cast(? as text), cast(? as text), cast(? as text), cast(? as text), cast(? as text)
      where exists (select 1 from audit_event where seq = cast(? as bigint) and hash = cast(? as text))
      on conflict (seq) do nothing
      """;

  /** The first event of an empty log, after the genesis: only while the log is still empty. */
  private static final String APPEND_FIRST =
      """
      insert into audit_event (seq, at, kind, actor, subject, detail, requirement_ids,
                               prev_hash, hash)
      select cast(? as bigint), cast(? as timestamptz), cast(? as text), cast(? as text),
             cast(? as text), cast(? as text), cast(? as text), cast(? as text), cast(? as text)
      where not exists (select 1 from audit_event)
      on conflict (seq) do nothing
      """;
}
