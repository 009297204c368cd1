package jp.mamori.hrsync.reconcile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots kept in this process only (tests; a single run of the command line). */
public final class InMemorySnapshotStore implements SnapshotStore {

  private record Stored(Snapshot snapshot, String version) {}

  private final Map<Target, Stored> snapshots = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong versions =
      new java.util.concurrent.atomic.AtomicLong();

  @Override
  public Optional<Snapshot> load(Target target) {
    return Optional.ofNullable(snapshots.get(target)).map(Stored::snapshot);
  }

  @Override
  public String save(Target target, Snapshot snapshot) {
    String version = Long.toString(versions.incrementAndGet());
    snapshots.put(target, new Stored(snapshot, version));
    return version;
  }

  @Override
  public Optional<String> version(Target target) {
    return Optional.ofNullable(snapshots.get(target)).map(Stored::version);
  }

  @Override
  public void clear(Target target) {
    snapshots.remove(target);
  }
}
