package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.policy.Enforces;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tamper-evident audit log on PostgreSQL (AU-1, AU-2). An append joins the caller's transaction
 * (or opens one), locks the chain's head row, chains the events after it and moves the head: the
 * change and its record commit together or not at all, and instances sharing the database append
 * one at a time, so the sequence has no gap and no fork. {@link #checkpoint()} signs the head;
 * {@link #verify()} recomputes the whole chain and checks the checkpoints.
 */
@Enforces(
    value = {"AU-1", "AU-2", "AU-5"},
    ja = "操作と変更を同じトランザクションでハッシュ連鎖の監査ログに追記し、署名付きチェックポイントで改ざんを検出する",
    en =
        "Appends operations and changes to a hash-chained audit log in their own transaction; signed checkpoints reveal tampering")
public class AuditLog {

  private static final int INSERT_BATCH = 500;

  private static final int FETCH = 10_000;

  private final JdbcTemplate jdbc;
  private final JdbcTemplate streaming;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final AuditSigner signer;

  public AuditLog(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, AuditSigner signer) {
    this.jdbc = jdbc;
    this.streaming = new JdbcTemplate(jdbc.getDataSource());
    this.streaming.setFetchSize(FETCH);
    this.tx = tx;
    this.clock = clock;
    this.signer = signer;
  }

  /** An audit log on a data source with its own transaction manager (tests, tools). */
  public static AuditLog on(javax.sql.DataSource dataSource, Clock clock, AuditSigner signer) {
    return new AuditLog(
        new JdbcTemplate(dataSource),
        new TransactionTemplate(
            new org.springframework.jdbc.support.JdbcTransactionManager(dataSource)),
        clock,
        signer);
  }

  /** An event's detail as JSON with its keys sorted (the same map gives the same text). */
  public static String detail(Map<String, ?> fields) {
    return tools.jackson.databind.json.JsonMapper.shared()
        .writeValueAsString(new java.util.TreeMap<>(fields));
  }

  /**
   * Appends one event (in the caller's transaction, if there is one) in one statement ({@link
   * #APPEND}).
   */
  public Event append(Entry entry) {
    Instant at = AuditChain.truncate(clock.instant());
    return tx.execute(status -> {
      for (int attempt = 1; ; attempt++) {
        List<Event> appended =
            jdbc.query(
                APPEND,
                (rs, i) ->
                    new Event(
                        rs.getLong(1),
                        at,
                        entry.kind(),
                        entry.actor(),
                        entry.subject(),
                        entry.detail(),
                        entry.requirementIds(),
                        rs.getString(2).strip(),
                        rs.getString(3).strip()),
                Timestamp.from(at),
                AuditChain.micros(at), // the same instant, already to the microsecond
                entry.kind(),
                entry.actor(),
                entry.subject(),
                entry.detail(),
                entry.requirementIds());
        if (!appended.isEmpty()) {
          return appended.getFirst();
        }
        if (attempt == 100) {
          throw new IllegalStateException(
              "Could not append to the audit log after 100 attempts: other writers kept taking"
                  + " the next sequence number");
        }
        // another writer took the next sequence number first: chain after theirs
      }
    });
  }

  /**
   * One event after the last committed one, hashed in the database as {@link AuditChain#hash} does
   * ({@code audit_field}, migration V13), in one statement without a lock: if another writer took
   * the same sequence number, the primary key makes this one insert nothing (it waits for that
   * writer's transaction first) and it is tried again after theirs. Reading only committed events,
   * it never chains after an event that is later rolled back.
   */
  private static final String APPEND =
      """
      with last as (
          (select seq, hash from audit_event order by seq desc limit 1)
          union all select 0, repeat('0', 64)
          order by seq desc limit 1),
      next as (
          select last.seq + 1 as seq, cast(? as timestamptz) as at, cast(? as bigint) as micros,
                 cast(? as text) as kind,
                 cast(? as text) as actor, cast(? as text) as subject, cast(? as text) as detail,
                 cast(? as text) as requirement_ids, last.hash as prev_hash
          from last)
      insert into audit_event (seq, at, kind, actor, subject, detail, requirement_ids, prev_hash,
                               hash)
      select seq, at, kind, actor, subject, detail, requirement_ids, prev_hash,
             encode(sha256(audit_field(seq::text)
                 || audit_field(micros::text)
                 || audit_field(kind) || audit_field(actor) || audit_field(subject)
                 || audit_field(detail) || audit_field(requirement_ids)
                 || audit_field(prev_hash)), 'hex')
      from next
      on conflict (seq) do nothing
      returning seq, prev_hash, hash
      """;

  /**
   * Appends events in order after the last committed one, in batches. If another writer appends
   * meanwhile (a sequence number is taken), the whole lot is undone to a savepoint and chained
   * again after theirs.
   */
  public List<Event> appendAll(List<Entry> entries) {
    if (entries.isEmpty()) {
      return List.of();
    }
    if (entries.size() == 1) {
      return List.of(append(entries.getFirst()));
    }
    return tx.execute(status -> {
      for (int attempt = 1; ; attempt++) {
        Object savepoint = status.createSavepoint();
        long seq = 0;
        String hash = AuditChain.GENESIS;
        List<Map<String, Object>> last =
            jdbc.queryForList("select seq, hash from audit_event order by seq desc limit 1");
        if (!last.isEmpty()) {
          seq = ((Number) last.getFirst().get("seq")).longValue();
          hash = ((String) last.getFirst().get("hash")).strip();
        }
        Instant now = clock.instant();
        List<Event> events = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
          Event event = AuditChain.next(seq, hash, now, entry);
          events.add(event);
          seq = event.seq();
          hash = event.hash();
        }
        boolean all = true;
        for (int from = 0; from < events.size() && all; from += INSERT_BATCH) {
          List<Event> batch = events.subList(from, Math.min(events.size(), from + INSERT_BATCH));
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
          for (int[] chunk : counts) {
            for (int c : chunk) {
              all &= c == 1;
            }
          }
        }
        if (all) {
          status.releaseSavepoint(savepoint);
          return events;
        }
        status.rollbackToSavepoint(savepoint);
        if (attempt == 100) {
          throw new IllegalStateException(
              "Could not append to the audit log after 100 attempts: other writers kept taking"
                  + " the next sequence numbers");
        }
      }
    });
  }

  /**
   * Runs a change and appends its record in the same transaction; {@code record} may answer null
   * when the change turned out to change nothing.
   */
  public <T> T recorded(Supplier<T> change, java.util.function.Function<T, Entry> record) {
    return tx.execute(status -> {
      T result = change.get();
      Entry entry = record.apply(result);
      if (entry != null) {
        append(entry);
      }
      return result;
    });
  }

  /** As {@link #recorded}, for a change recorded as several events. */
  public <T> T recordedAll(Supplier<T> change, java.util.function.Function<T, List<Entry>> record) {
    return tx.execute(status -> {
      T result = change.get();
      appendAll(record.apply(result));
      return result;
    });
  }

  /** Signs the current head, unless it is signed already or the log is empty. */
  public Optional<Checkpoint> checkpoint() {
    return tx.execute(status -> {
      List<Map<String, Object>> last =
          jdbc.queryForList("select seq, hash from audit_event order by seq desc limit 1");
      if (last.isEmpty()) {
        return Optional.<Checkpoint>empty();
      }
      long seq = ((Number) last.getFirst().get("seq")).longValue();
      Checkpoint c =
          signer.sign(seq, ((String) last.getFirst().get("hash")).strip(), clock.instant());
      int inserted =
          jdbc.update(
              "insert into audit_checkpoint (seq, hash, at, jws) values (?, ?, ?, ?)"
                  + " on conflict (seq) do nothing",
              c.seq(),
              c.hash(),
              Timestamp.from(c.at()),
              c.jws());
      return inserted == 1 ? Optional.of(c) : Optional.<Checkpoint>empty();
    });
  }

  /** Every checkpoint, by sequence number. */
  public Map<Long, Checkpoint> checkpoints() {
    Map<Long, Checkpoint> checkpoints = new LinkedHashMap<>();
    jdbc.query(
        "select seq, hash, at, jws from audit_checkpoint order by seq",
        rs -> {
          checkpoints.put(
              rs.getLong(1),
              new Checkpoint(
                  rs.getLong(1),
                  rs.getString(2).strip(),
                  rs.getTimestamp(3).toInstant(),
                  rs.getString(4)));
        });
    return checkpoints;
  }

  /**
   * Recomputes the chain from the first event and checks every checkpoint against it (read and
   * hashed in ranges of {@value #VERIFY_RANGE} events by {@value #VERIFY_WORKERS} workers, checked
   * in order).
   *
   * @param extra checkpoints kept outside the database (an export), checked as well
   */
  public Verification verify(Map<Long, Checkpoint> extra) {
    return verify(extra, n -> {}, n -> {});
  }

  /**
   * As {@link #verify(Map)}, telling how far it got: {@code total} receives the number of events to
   * check once it is known, {@code done} the events of each range checked (CLI progress).
   */
  public Verification verify(
      Map<Long, Checkpoint> extra,
      java.util.function.LongConsumer total,
      java.util.function.LongConsumer done) {
    Map<Long, Checkpoint> checkpoints = checkpoints();
    extra.forEach(checkpoints::putIfAbsent);
    AuditChain.Verifier verifier = new AuditChain.Verifier(checkpoints, signer::valid);
    Optional<Base> base = base();
    base.ifPresent(b -> verifier.startAfter(b.seq(), b.hash()));
    long first = base.map(b -> b.seq() + 1).orElse(1L);
    // The log is read in ranges of sequence numbers by two workers, each on its own connection,
    // which also hash what they read; this thread hands the verifier the ranges in order. At most
    // IN_FLIGHT ranges are held at once, whatever the log's size. Events appended after the start
    // are left to the next verification.
    long last = jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class);
    total.accept(Math.max(0, last - first + 1));
    java.util.concurrent.BlockingQueue<java.util.concurrent.Future<Runnable>> ranges =
        new java.util.concurrent.ArrayBlockingQueue<>(IN_FLIGHT);
    try (java.util.concurrent.ExecutorService workers =
            java.util.concurrent.Executors.newFixedThreadPool(VERIFY_WORKERS);
        java.util.concurrent.ExecutorService feeder =
            java.util.concurrent.Executors.newSingleThreadExecutor()) {
      java.util.concurrent.Future<?> feeding =
          feeder.submit(() -> {
            for (long from = first; from <= last; from += VERIFY_RANGE) {
              long start = from;
              long end = Math.min(last, from + VERIFY_RANGE - 1);
              put(
                  ranges,
                  workers.submit(() -> {
                    Runnable check = readAndHash(verifier, start, end);
                    return (Runnable)
                        () -> {
                          check.run();
                          done.accept(end - start + 1);
                        };
                  }));
            }
            put(ranges, java.util.concurrent.CompletableFuture.completedFuture(END));
            return null;
          });
      while (true) {
        Runnable range = ranges.take().get();
        if (range == END) {
          break;
        }
        range.run();
      }
      feeding.get();
      announced(base, verifier);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the audit log", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("audit verification failed", e.getCause());
    }
    return verifier.finish();
  }

  /** The start of the chain after archiving: the last archived event (AU-1). */
  public record Base(long seq, String hash, Instant archivedAt, String archivedBy) {}

  public Optional<Base> base() {
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

  /** The base must be the one the last {@code AUDIT_ARCHIVED} event of the chain announced. */
  private void announced(Optional<Base> base, AuditChain.Verifier verifier) {
    List<String> details =
        jdbc.queryForList(
            "select detail from audit_event where kind = 'AUDIT_ARCHIVED' order by seq desc"
                + " limit 1",
            String.class);
    Optional<Long> said =
        details.stream()
            .findFirst()
            .map(d ->
                tools.jackson.databind.json.JsonMapper.shared()
                    .readTree(d)
                    .path("baseSeq")
                    .asLong(-1));
    long actual = base.map(Base::seq).orElse(0L);
    if (said.orElse(0L) != actual) {
      verifier.problem(
          new AuditChain.Problem(
              actual,
              "the chain to start after event "
                  + said.orElse(0L)
                  + " (as its last AUDIT_ARCHIVED event says)",
              base.isPresent()
                  ? "it starts after " + actual + " (base moved without an archive record)"
                  : "no base (archived events put back, or the base removed)"));
    }
  }

  /** What an archiving did. */
  public record Archived(long baseSeq, long events) {}

  /**
   * Archives the events before {@code before} (AU-1, AU-3): refuses while they are younger than the
   * retention period or when the log is not intact; writes them (and the checkpoints up to them) to
   * {@code export} — the external medium — and then removes them, up to the last signed checkpoint
   * before {@code before}, which becomes the chain's base; the archiving is appended as {@code
   * AUDIT_ARCHIVED}.
   */
  public Archived archive(
      Instant before, Duration retention, AuditExport export, String where, String actor) {
    Instant now = clock.instant();
    if (before.isAfter(now.minus(retention))) {
      throw new IllegalArgumentException(
          "before: records are kept for "
              + retention.toDays()
              + " days ("
              + retention
              + ", mamori.audit.retention, AU-1): expected a time on or before "
              + now.minus(retention)
              + "; found "
              + before);
    }
    long from = base().map(Base::seq).orElse(0L);
    List<Long> candidates =
        jdbc.queryForList(
            "select max(c.seq) from audit_checkpoint c join audit_event e on e.seq = c.seq"
                + " where e.at < ? and c.seq > ?",
            Long.class,
            Timestamp.from(before),
            from);
    Long upTo = candidates.isEmpty() ? null : candidates.getFirst();
    if (upTo == null) {
      throw new IllegalArgumentException(
          "before: expected a signed checkpoint of an event before "
              + before
              + " (the archived part must end at one); found none after event "
              + from);
    }
    Verification v = verify();
    if (!v.intact()) {
      throw new IllegalStateException(
          "the audit log is not intact (" + v.problems().getFirst() + "): nothing archived");
    }
    long[] count = {0};
    streaming.query(
        "select " + COLUMNS + " from audit_event where seq > ? and seq <= ? order by seq",
        rs -> {
          export.event(event(rs));
          count[0]++;
        },
        from,
        upTo);
    checkpoints().values().stream().filter(c -> c.seq() <= upTo).forEach(export::checkpoint);
    export.flush();
    String hash =
        jdbc.queryForObject("select hash from audit_event where seq = ?", String.class, upTo)
            .strip();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("baseSeq", upTo);
    fields.put("baseHash", hash);
    fields.put("before", before.toString());
    fields.put("events", count[0]);
    fields.put("archive", where);
    tx.executeWithoutResult(s -> {
      jdbc.update(
          "insert into audit_base (id, seq, hash, archived_at, archived_by) values (1, ?, ?, ?, ?)"
              + " on conflict (id) do update set seq = excluded.seq, hash = excluded.hash,"
              + " archived_at = excluded.archived_at, archived_by = excluded.archived_by",
          upTo,
          hash,
          Timestamp.from(now),
          actor);
      jdbc.update("delete from audit_event where seq > ? and seq <= ?", from, upTo);
      append(new Entry("AUDIT_ARCHIVED", actor, "audit_event", detail(fields), "AU-1,AU-3"));
    });
    return new Archived(upTo, count[0]);
  }

  private static final int VERIFY_RANGE = 20_000;
  private static final int VERIFY_WORKERS = 2;
  private static final int IN_FLIGHT = 4;
  private static final Runnable END = () -> {};

  /** Reads and hashes the events of {@code [from, to]}; the verifier takes them when run. */
  private Runnable readAndHash(AuditChain.Verifier verifier, long from, long to) {
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
    String[] hashes = new String[events.size()];
    for (int i = 0; i < hashes.length; i++) {
      Event e = events.get(i);
      hashes[i] =
          AuditChain.hash(
              e.seq(),
              e.at(),
              e.kind(),
              e.actor(),
              e.subject(),
              e.detail(),
              e.requirementIds(),
              e.prevHash());
    }
    return () -> {
      for (int i = 0; i < hashes.length; i++) {
        verifier.accept(events.get(i), hashes[i]);
      }
    };
  }

  private static void put(
      java.util.concurrent.BlockingQueue<java.util.concurrent.Future<Runnable>> queue,
      java.util.concurrent.Future<Runnable> item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the audit log", e);
    }
  }

  public Verification verify() {
    return verify(Map.of());
  }

  /** Writes every event in order, then every checkpoint; returns the number of events. */
  public long export(AuditExport export) {
    long[] count = {0};
    tx.executeWithoutResult(status ->
        streaming.query(
            "select " + COLUMNS + " from audit_event order by seq",
            rs -> {
              export.event(event(rs));
              count[0]++;
            }));
    checkpoints().values().forEach(export::checkpoint);
    return count[0];
  }

  /** Events of one subject (a person, an account), oldest first (GV-5 investigations). */
  public List<Event> about(String subject, Instant from, Instant to) {
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
  private static Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
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

  private static final String COLUMNS =
      "seq, at, kind, actor, subject, detail, requirement_ids, prev_hash, hash";

  public AuditSigner signer() {
    return signer;
  }
}
