package jp.mamori.hrsync.reconcile;

import java.util.Optional;

/**
 * Where the last known state of each target is kept between runs (see {@link IncrementalTarget}).
 * Saving replaces the target's snapshot as a whole, atomically.
 */
public interface SnapshotStore {

  Optional<Snapshot> load(Target target);

  /**
   * Saves the snapshot and returns its version: a token that {@link #version} returns for as long
   * as nobody saved another.
   */
  String save(Target target, Snapshot snapshot);

  /**
   * The version of the stored snapshot, or empty if there is none — cheap, so that a process that
   * saved the snapshot itself can keep using its copy without reading it back.
   */
  Optional<String> version(Target target);

  /** Forgets the target's snapshot: its next read is complete. */
  void clear(Target target);
}
