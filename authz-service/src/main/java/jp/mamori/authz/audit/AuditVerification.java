package jp.mamori.authz.audit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.authz.audit.AuditLog.Base;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verification of the audit log on PostgreSQL (AU-2, AU-6): reads the chain in ranges, has
 * {@link AuditChain.Verifier} recompute and check it against the checkpoints stored in the database
 * and against their copies kept outside it ({@link CheckpointArchive}), checks the base left by an
 * archiving, and reports the steps back of the clock between events.
 */
final class AuditVerification {

  private static final int VERIFY_RANGE = 20_000;
  private static final int VERIFY_WORKERS = 2;
  private static final int IN_FLIGHT = 4;
  private static final Runnable END = () -> {};

  private final AuditChainStore chain;
  private final AuditSigner signer;
  private final Optional<CheckpointArchive> outside;
  private final Duration clockTolerance;

  AuditVerification(
      AuditChainStore chain,
      AuditSigner signer,
      Optional<CheckpointArchive> outside,
      Duration clockTolerance) {
    this.chain = chain;
    this.signer = signer;
    this.outside = outside;
    this.clockTolerance = clockTolerance;
  }

  /**
   * Verifies the whole log.
   *
   * @param checkpoints the database's checkpoints, with any given from an export
   * @param base where the chain starts after an archiving
   * @param total receives the number of events to check once it is known
   * @param done receives the events of each range checked
   */
  Verification verify(
      Map<Long, Checkpoint> checkpoints,
      Optional<Base> base,
      LongConsumer total,
      LongConsumer done) {
    Map<Long, Checkpoint> known = new LinkedHashMap<>(checkpoints);
    AuditChain.Verifier verifier =
        new AuditChain.Verifier(known, signer::valid).clockTolerance(clockTolerance);
    Set<Long> copied = outside.map(archive -> readOutside(archive, verifier)).orElseGet(Set::of);
    base.ifPresent(b -> verifier.startAfter(b.seq(), b.hash()));
    long first = base.map(b -> b.seq() + 1).orElse(1L);
    // The log is read in ranges of sequence numbers by two workers, each on its own connection,
    // which also hash what they read; this thread hands the verifier the ranges in order. At most
    // IN_FLIGHT ranges are held at once, whatever the log's size. Events appended after the start
    // are left to the next verification.
    long last = chain.lastSeq();
    total.accept(Math.max(0, last - first + 1));
    BlockingQueue<Future<Runnable>> ranges = new ArrayBlockingQueue<>(IN_FLIGHT);
    try (ExecutorService workers = Executors.newFixedThreadPool(VERIFY_WORKERS);
        ExecutorService feeder = Executors.newSingleThreadExecutor()) {
      Future<?> feeding =
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
            put(ranges, CompletableFuture.completedFuture(END));
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
      lateCheckpoints(copied, known);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the audit log", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("audit verification failed", e.getCause());
    }
    return verifier.finish();
  }

  /**
   * Hands the verifier every copy kept outside the database (a line that is none is a finding);
   * returns their sequence numbers. Read before the log's last event is, so that no copy can be of
   * an event committed after that.
   */
  private static Set<Long> readOutside(CheckpointArchive archive, AuditChain.Verifier verifier) {
    Set<Long> copied = new TreeSet<>();
    for (CheckpointArchive.Line line : archive.lines()) {
      Optional<Checkpoint> copy = AuditSigner.read(line.text());
      if (copy.isPresent()) {
        verifier.outside(copy.get(), line.where());
        copied.add(copy.get().seq());
      } else {
        verifier.problem(
            new AuditChain.Problem(
                0,
                "a signed checkpoint (JWS, compact serialization) on "
                    + line.where()
                    + ", kept outside the database",
                "text that is not one"));
      }
    }
    return copied;
  }

  /**
   * A copy is written outside just before its checkpoint is committed in the database: one read
   * outside while the database's checkpoints were read may have had its row committed since. Those
   * rows are looked for again once the chain has been read, so that only a row really missing is
   * reported.
   */
  private void lateCheckpoints(Set<Long> copied, Map<Long, Checkpoint> known) {
    for (long seq : copied) {
      if (!known.containsKey(seq)) {
        chain.checkpoint(seq).ifPresent(c -> known.put(c.seq(), c));
      }
    }
  }

  /** The base must be the one the last {@code AUDIT_ARCHIVED} event of the chain announced. */
  private void announced(Optional<Base> base, AuditChain.Verifier verifier) {
    Optional<Long> said =
        chain
            .lastArchivedDetail()
            .map(d -> JsonMapper.shared().readTree(d).path("baseSeq").asLong(-1));
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

  /** Reads and hashes the events of {@code [from, to]}; the verifier takes them when run. */
  private Runnable readAndHash(AuditChain.Verifier verifier, long from, long to) {
    List<Event> events = chain.range(from, to);
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

  private static void put(BlockingQueue<Future<Runnable>> queue, Future<Runnable> item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the audit log", e);
    }
  }
}
