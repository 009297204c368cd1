package jp.mamori.hrsync.reconcile;

import java.util.Optional;

/**
 * Where the last known state of each target is kept between runs (see {@link IncrementalTarget}).
 * Saving replaces the target's snapshot as a whole, atomically.
 */
public interface SnapshotStore {

  Optional<Snapshot> load(Target target);

  void save(Target target, Snapshot snapshot);

  /** Forgets the target's snapshot: its next read is complete. */
  void clear(Target target);
}
