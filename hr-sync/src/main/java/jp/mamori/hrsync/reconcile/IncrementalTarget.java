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
  public record LastRead(ReadKind kind, String why, int accounts, int changed, int gone) {}

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
    store.clear(target());
  }

  @Override
  public List<TargetAccount> read() {
    Instant now = clock.instant();
    Optional<Snapshot> stored;
    String why;
    try {
      stored = store.load(target());
    } catch (RuntimeException e) {
      log.warn(
          "{}: the stored snapshot could not be read ({}); reading completely",
          target(),
          e.toString());
      stored = Optional.empty();
    }
    if (stored.isEmpty()) {
      why = "no snapshot of an earlier run";
    } else if (!now.isBefore(stored.get().completeAt().plus(completeEvery))) {
      why = "complete reconciliation due (every " + completeEvery + ")";
    } else {
      switch (source.changesSince(stored.get().mark())) {
        case IncrementalSource.Changes changes -> {
          Map<String, TargetAccount> accounts = new HashMap<>(stored.get().accounts());
          changes.gone().forEach(accounts::remove);
          changes.changed().forEach(a -> accounts.put(a.id(), a));
          Snapshot next = new Snapshot(accounts, changes.mark(), stored.get().completeAt());
          store.save(target(), next);
          lastRead =
              new LastRead(
                  ReadKind.CHANGES,
                  "",
                  accounts.size(),
                  changes.changed().size(),
                  changes.gone().size());
          return List.copyOf(next.accounts().values());
        }
        case IncrementalSource.Unknown unknown -> why = unknown.why();
      }
    }
    IncrementalSource.Complete complete = source.readComplete();
    store.save(target(), Snapshot.of(complete.accounts(), complete.mark(), now));
    lastRead = new LastRead(ReadKind.COMPLETE, why, complete.accounts().size(), 0, 0);
    log.info("{}: complete read of {} accounts ({})", target(), complete.accounts().size(), why);
    return complete.accounts();
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
    store
        .load(target())
        .ifPresent(s -> {
          Map<String, TargetAccount> accounts = new HashMap<>(s.accounts());
          accounts.keySet().removeAll(deleted);
          store.save(target(), new Snapshot(accounts, s.mark(), s.completeAt()));
        });
  }

  @Override
  public String toString() {
    return "IncrementalTarget[" + target() + ", complete every " + completeEvery + "]";
  }
}
