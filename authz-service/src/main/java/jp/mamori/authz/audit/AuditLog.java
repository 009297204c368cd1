package jp.mamori.authz.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.authz.audit.AuditChain.ClockStep;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.policy.Enforces;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tamper-evident audit log on PostgreSQL (AU-1, AU-2). An append joins the caller's transaction
 * (or opens one) and chains the event after the last one in one statement that inserts only while
 * that event is still the last (the sequence number is the primary key): the change and its record
 * commit together or not at all, and instances sharing the database never chain two events after
 * the same one, so the sequence has no gap and no fork; if the record cannot be written, the change
 * is rolled back and the caller gets the exception. {@link #checkpoint()} signs the head and keeps
 * a copy outside the database ({@link CheckpointArchive}); {@link #verify()} recomputes the whole
 * chain and checks it against the checkpoints and their copies. An event whose time is earlier than
 * the one before it by more than the tolerance is kept where it falls and followed by a {@code
 * CLOCK_STEPPED_BACK} event (AU-6).
 */
@Enforces(
    value = {"AU-1", "AU-2", "AU-5"},
    ja = "操作と変更を同じトランザクションでハッシュ連鎖の監査ログに追記し、署名付きチェックポイントで改ざんを検出する",
    en =
        "Appends operations and changes to a hash-chained audit log in their own transaction; signed checkpoints reveal tampering")
public class AuditLog {

  private static final int INSERT_BATCH = 500;

  private final AuditAppendStore appends;
  private final AuditChainStore chain;
  private final AuditArchiveStore archives;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final AuditSigner signer;
  private final Optional<CheckpointArchive> outside;
  private final Duration clockTolerance;
  private final Consumer<ClockStep> onClockStep;

  /**
   * An audit log whose checkpoints stay in the database only (tests, benchmarks): the service's own
   * adds {@link #withOutsideCheckpoints}. On a data source of its own: {@link
   * AuditLogStore#auditLog}. Steps back of the clock beyond {@link #DEFAULT_CLOCK_TOLERANCE} are
   * recorded.
   */
  public AuditLog(AuditLogStore store, TransactionTemplate tx, Clock clock, AuditSigner signer) {
    this(
        store.appends,
        store.chain,
        store.archives,
        tx,
        clock,
        signer,
        Optional.empty(),
        DEFAULT_CLOCK_TOLERANCE,
        step -> {});
  }

  private AuditLog(
      AuditAppendStore appends,
      AuditChainStore chain,
      AuditArchiveStore archives,
      TransactionTemplate tx,
      Clock clock,
      AuditSigner signer,
      Optional<CheckpointArchive> outside,
      Duration clockTolerance,
      Consumer<ClockStep> onClockStep) {
    this.appends = appends;
    this.chain = chain;
    this.archives = archives;
    this.tx = tx;
    this.clock = clock;
    this.signer = signer;
    this.outside = outside;
    this.clockTolerance = clockTolerance;
    this.onClockStep = onClockStep;
  }

  /** The default of {@code mamori.audit.max-clock-skew}. */
  public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofSeconds(5);

  /**
   * This log, with every checkpoint also appended to {@code archive} — before it is committed in
   * the database — and the verification holding the database against those copies (AU-2).
   */
  public AuditLog withOutsideCheckpoints(CheckpointArchive archive) {
    return new AuditLog(
        appends,
        chain,
        archives,
        tx,
        clock,
        signer,
        Optional.of(archive),
        clockTolerance,
        onClockStep);
  }

  /**
   * This log, with an event earlier than the one before it by more than {@code tolerance} followed
   * by a {@code CLOCK_STEPPED_BACK} event and handed to {@code alert} in the same transaction
   * (AU-6). Within the tolerance: writers racing for the next sequence number, or servers whose
   * clocks differ within the accepted skew.
   */
  public AuditLog withClockSteps(Duration tolerance, Consumer<ClockStep> alert) {
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException(
          "mamori.audit.max-clock-skew: expected zero or a positive duration; found " + tolerance);
    }
    return new AuditLog(appends, chain, archives, tx, clock, signer, outside, tolerance, alert);
  }

  /** An event's detail as JSON with its keys sorted (the same map gives the same text). */
  public static String detail(Map<String, ?> fields) {
    return tools.jackson.databind.json.JsonMapper.shared()
        .writeValueAsString(new java.util.TreeMap<>(fields));
  }

  /**
   * Appends one event (in the caller's transaction, if there is one) in one statement ({@link
   * AuditAppendStore#insertAfter}).
   */
  public Event append(Entry entry) {
    return append(entry, AuditChain.truncate(clock.instant()));
  }

  private final AtomicReference<AuditAppendStore.Head> head = new AtomicReference<>();

  private Event append(Entry entry, Instant at) {
    return tx.execute(status -> {
      AuditAppendStore.Head last = head.get();
      for (int attempt = 1; ; attempt++) {
        if (last == null) {
          last = appends.head();
        }
        Event event = AuditChain.next(last.seq(), last.hash(), at, entry);
        if (appends.insertAfter(last, event)) {
          head.set(new AuditAppendStore.Head(event.seq(), event.hash(), Optional.of(at)));
          AuditAppendStore.Head previous = last;
          previous.at().ifPresent(previousAt -> steppedBack(previous.seq(), previousAt, at));
          return event;
        }
        if (attempt == 100) {
          throw new IllegalStateException(
              "Could not append to the audit log after 100 attempts: other writers kept taking"
                  + " the next sequence number");
        }
        // another writer took the next sequence number first, or the head this log saw was
        // rolled back: read the head again and chain after it
        last = null;
      }
    });
  }

  /**
   * AU-6: when the event appended at {@code at} is earlier than the one before it by more than the
   * tolerance, a {@code CLOCK_STEPPED_BACK} event with both times follows it in the same
   * transaction (at the same time, so it does not step back itself) and the alert is raised. The
   * event itself is kept as it was: nothing is reordered or refused.
   */
  private void steppedBack(long previousSeq, Instant previousAt, Instant at) {
    if (!at.isBefore(previousAt.minus(clockTolerance))) {
      return;
    }
    ClockStep step = new ClockStep(previousSeq + 1, at, previousSeq, previousAt);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("seq", step.seq());
    fields.put("at", at.toString());
    fields.put("previousSeq", previousSeq);
    fields.put("previousAt", previousAt.toString());
    fields.put("back", step.back().toString());
    fields.put("tolerance", clockTolerance.toString());
    append(
        new Entry(
            "CLOCK_STEPPED_BACK",
            "mamori:clock",
            "audit_event/" + step.seq(),
            detail(fields),
            "AU-6"),
        at);
    onClockStep.accept(step);
  }

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
        AuditAppendStore.Head last = appends.lastForBatch();
        long seq = last.seq();
        String hash = last.hash();
        long previousSeq = seq;
        Instant now = AuditChain.truncate(clock.instant());
        List<Event> events = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
          Event event = AuditChain.next(seq, hash, now, entry);
          events.add(event);
          seq = event.seq();
          hash = event.hash();
        }
        boolean all = true;
        for (int from = 0; from < events.size() && all; from += INSERT_BATCH) {
          all =
              appends.insertBatch(
                  events.subList(from, Math.min(events.size(), from + INSERT_BATCH)));
        }
        if (all) {
          status.releaseSavepoint(savepoint);
          last.at().ifPresent(previousAt -> steppedBack(previousSeq, previousAt, now));
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

  /**
   * Runs {@code work} in one transaction (the caller's, if there is one), which appends made in it
   * join: for a record written in steps around a change outside the database ({@link
   * RecordedChange}).
   */
  public <T> T inTransaction(Supplier<T> work) {
    return tx.execute(status -> work.get());
  }

  /** As {@link #recorded}, for a change recorded as several events. */
  public <T> T recordedAll(Supplier<T> change, java.util.function.Function<T, List<Entry>> record) {
    return tx.execute(status -> {
      T result = change.get();
      appendAll(record.apply(result));
      return result;
    });
  }

  /**
   * Signs the current head, unless it is signed already or the log is empty, and appends a copy to
   * the folder outside the database, if this log has one.
   */
  public Optional<Checkpoint> checkpoint() {
    return tx.execute(status -> {
      Optional<AuditChainStore.LastEvent> last = chain.last();
      if (last.isEmpty()) {
        return Optional.<Checkpoint>empty();
      }
      Checkpoint c = signer.sign(last.get().seq(), last.get().hash(), clock.instant());
      boolean inserted = chain.insert(c);
      if (inserted) {
        // the copy is on the medium before the row is committed: a folder that cannot be written
        // rolls the checkpoint back, so the database never holds one the folder lacks
        outside.ifPresent(archive -> archive.append(c));
      }
      return inserted ? Optional.of(c) : Optional.<Checkpoint>empty();
    });
  }

  /** Every checkpoint, by sequence number. */
  public Map<Long, Checkpoint> checkpoints() {
    return chain.checkpoints();
  }

  /**
   * Recomputes the chain from the first event (or the base left by an archiving) and checks every
   * checkpoint against it: those in the database, their copies kept outside it (a copy beyond the
   * log's end means the tail or the whole log was deleted; a copy whose row is gone from the
   * database, or whose signature fails, is found too) and {@code extra}. Steps back of the clock
   * between events are reported apart from the problems ({@link Verification#clockSteps()}).
   *
   * @param extra checkpoints from an export, checked as well
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
    return new AuditVerification(chain, signer, outside, clockTolerance)
        .verify(checkpoints, base(), total, done);
  }

  /** The start of the chain after archiving: the last archived event (AU-1). */
  public record Base(long seq, String hash, Instant archivedAt, String archivedBy) {}

  public Optional<Base> base() {
    return archives.base();
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
    return new AuditArchiving(this, chain, archives, tx, clock)
        .archive(before, retention, export, where, actor);
  }

  public Verification verify() {
    return verify(Map.of());
  }

  /** Writes every event in order, then every checkpoint; returns the number of events. */
  public long export(AuditExport export) {
    long[] count = {0};
    tx.executeWithoutResult(status ->
        chain.eachEvent(event -> {
          export.event(event);
          count[0]++;
        }));
    checkpoints().values().forEach(export::checkpoint);
    return count[0];
  }

  /** Events of one subject (a person, an account), oldest first (GV-5 investigations). */
  public List<Event> about(String subject, Instant from, Instant to) {
    return chain.about(subject, from, to);
  }

  public AuditSigner signer() {
    return signer;
  }
}
