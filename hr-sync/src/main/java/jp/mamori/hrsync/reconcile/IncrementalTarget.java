package jp.mamori.hrsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.hrsync.sync.TemporaryPassword;

/**
 * A target read incrementally: the accounts as of the last run ({@link SnapshotStore}) plus what
 * the source says changed since ({@link IncrementalSource}), with a complete read when there is no
 * snapshot, when the source cannot tell, and every {@code completeEvery} (the complete
 * reconciliation that catches what no change record shows, e.g. an LDAP entry deleted by hand).
 *
 * <p>The snapshot is saved right after each read, with the source's mark taken before it: every
 * change applied afterwards — by this run or anyone else — is after the mark and read again next
 * time. Accounts this run deletes are removed from it (LDAP keeps no record of a deletion).
 *
 * <p>The contract of {@link ReconcileTarget#read()} holds: an error reading the changes throws, so
 * the planner never sees a partial list; a snapshot that cannot be read leads to a complete read.
 */
public final class IncrementalTarget implements ReconcileTarget {

  /** How the last read was made. */
  public enum ReadKind {
    COMPLETE,
    CHANGES
  }

  /**
   * The last read: complete or changes only, why a complete read was made, how many accounts the
   * result has, how many were read as changed and how many were gone.
   */
  public record LastRead(
      ReadKind kind,
      String why,
      int accounts,
      int changed,
      int gone,
      long snapshotLoadMillis,
      long sourceMillis) {}

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(IncrementalTarget.class);

  private final ReconcileTarget target;
  private final IncrementalSource source;
  private final SnapshotStore store;
  private final Clock clock;
  private final Duration completeEvery;
  private volatile LastRead lastRead;

  /**
   * @param target the adapter that applies actions
   * @param source the same adapter's change record (usually the same object)
   * @param completeEvery how often a complete read is made even when changes could be read
   */
  public IncrementalTarget(
      ReconcileTarget target,
      IncrementalSource source,
      SnapshotStore store,
      Clock clock,
      Duration completeEvery) {
    if (completeEvery.isNegative() || completeEvery.isZero()) {
      throw new IllegalArgumentException(
          "completeEvery: expected a positive duration, found " + completeEvery);
    }
    this.target = target;
    this.source = source;
    this.store = store;
    this.clock = clock;
    this.completeEvery = completeEvery;
  }

  @Override
  public Target target() {
    return target.target();
  }

  /** How the last {@link #read()} was made, or empty before the first. */
  public Optional<LastRead> lastRead() {
    return Optional.ofNullable(lastRead);
  }

  /** The next read is complete (e.g. an administrator asked for a complete reconciliation). */
  public void readCompletelyNextTime() {
    awaitSaved();
    cached = null;
    store.clear(target());
  }

  @Override
  public List<TargetAccount> read() {
    Instant now = clock.instant();
    Optional<Snapshot> stored;
    String why;
    awaitSaved();
    long t0 = System.nanoTime();
    try {
      Cached mine = cached;
      stored =
          mine != null && store.version(target()).filter(mine.version()::equals).isPresent()
              ? Optional.of(mine.snapshot()) // saved by this process, nobody saved since
              : store.load(target());
    } catch (RuntimeException e) {
      log.warn(
          "{}: the stored snapshot could not be read ({}); reading completely",
          target(),
          e.toString());
      stored = Optional.empty();
    }
    long loaded = millisSince(t0);
    if (stored.isEmpty()) {
      why = "no snapshot of an earlier run";
    } else if (!now.isBefore(stored.get().completeAt().plus(completeEvery))) {
      why = "complete reconciliation due (every " + completeEvery + ")";
    } else {
      long t1 = System.nanoTime();
      switch (source.changesSince(stored.get().mark())) {
        case IncrementalSource.Changes changes -> {
          long read = millisSince(t1);
          Map<String, TargetAccount> accounts = new HashMap<>(stored.get().accounts());
          changes.gone().forEach(accounts::remove);
          changes.changed().forEach(a -> accounts.put(a.id(), a));
          Snapshot next = new Snapshot(accounts, changes.mark(), stored.get().completeAt());
          save(next);
          lastRead =
              new LastRead(
                  ReadKind.CHANGES,
                  "",
                  accounts.size(),
                  changes.changed().size(),
                  changes.gone().size(),
                  loaded,
                  read);
          return List.copyOf(next.accounts().values());
        }
        case IncrementalSource.Unknown unknown -> why = unknown.why();
      }
    }
    long t1 = System.nanoTime();
    IncrementalSource.Complete complete = source.readComplete();
    long read = millisSince(t1);
    save(Snapshot.of(complete.accounts(), complete.mark(), now));
    lastRead = new LastRead(ReadKind.COMPLETE, why, complete.accounts().size(), 0, 0, loaded, read);
    log.info("{}: complete read of {} accounts ({})", target(), complete.accounts().size(), why);
    return complete.accounts();
  }

  /** The last snapshot this process saved, and the version the store gave it. */
  private record Cached(Snapshot snapshot, String version) {}

  private volatile Cached cached;

  /** Saves one snapshot at a time, after the read that made it, while the run goes on. */
  private final java.util.concurrent.ExecutorService saver =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mamori-snapshot-save");
        t.setDaemon(true);
        return t;
      });

  private volatile java.util.concurrent.Future<?> pending;

  /**
   * Saves in the background: the run plans and applies meanwhile. Any snapshot that was saved is
   * consistent with its mark, so a save that fails or is overtaken costs at most re-reading changes
   * already read; the next read (and {@link #awaitSaved()}) waits for it.
   */
  private void save(Snapshot snapshot) {
    awaitSaved();
    cached = null;
    pending =
        saver.submit(() -> {
          try {
            String version = store.save(target(), snapshot);
            cached = new Cached(snapshot, version);
          } catch (RuntimeException e) {
            log.error(
                "{}: the snapshot could not be saved ({}); the next run reads from the one before",
                target(),
                e.toString());
          }
        });
  }

  /** Waits until the last snapshot is saved (or failed to save); call before the process ends. */
  public void awaitSaved() {
    java.util.concurrent.Future<?> last = pending;
    if (last == null) {
      return;
    }
    try {
      last.get();
    } catch (java.util.concurrent.ExecutionException e) {
      // logged by the task
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** Asked of the target itself: a snapshot knows only the accounts it has read. */
  @Override
  public java.util.Map<String, String> namesTakenElsewhere(List<PlannedAction.Create> creates) {
    return target.namesTakenElsewhere(creates);
  }

  @Override
  public Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
    Optional<TemporaryPassword> issued = target.apply(action, today);
    forgetDeleted(List.of(action));
    return issued;
  }

  @Override
  public List<PlannedAction> applyAll(List<PlannedAction> actions, LocalDate today) {
    try {
      List<PlannedAction> applied = target.applyAll(actions, today);
      forgetDeleted(applied);
      return applied;
    } catch (PartiallyApplied e) {
      forgetDeleted(e.applied());
      throw e;
    }
  }

  /** Removes the accounts deleted by these applied actions from the snapshot. */
  private void forgetDeleted(List<PlannedAction> applied) {
    Set<String> deleted =
        applied.stream()
            .filter(a -> a instanceof PlannedAction.Delete)
            .map(a -> ((PlannedAction.Delete) a).accountId())
            .collect(Collectors.toSet());
    if (deleted.isEmpty()) {
      return;
    }
    awaitSaved();
    Cached mine = cached;
    Optional<Snapshot> current = mine != null ? Optional.of(mine.snapshot()) : store.load(target());
    current.ifPresent(s -> {
      Map<String, TargetAccount> accounts = new HashMap<>(s.accounts());
      accounts.keySet().removeAll(deleted);
      save(new Snapshot(accounts, s.mark(), s.completeAt()));
    });
  }

  @Override
  public String toString() {
    return "IncrementalTarget[" + target() + ", complete every " + completeEvery + "]";
  }
}
