package jp.mamori.hrsync.reconcile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots kept in this process only (tests; a single run of the command line). */
public final class InMemorySnapshotStore implements SnapshotStore {

  private final Map<Target, Snapshot> snapshots = new ConcurrentHashMap<>();

  @Override
  public Optional<Snapshot> load(Target target) {
    return Optional.ofNullable(snapshots.get(target));
  }

  @Override
  public void save(Target target, Snapshot snapshot) {
    snapshots.put(target, snapshot);
  }

  @Override
  public void clear(Target target) {
    snapshots.remove(target);
  }
}
