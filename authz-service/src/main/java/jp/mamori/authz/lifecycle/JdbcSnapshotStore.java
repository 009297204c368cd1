package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.hrsync.reconcile.Snapshot;
import jp.mamori.hrsync.reconcile.SnapshotCodec;
import jp.mamori.hrsync.reconcile.SnapshotStore;
import jp.mamori.hrsync.reconcile.Target;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Target snapshots in PostgreSQL ({@code target_snapshot}), shared by every instance: whichever
 * instance runs the sync (once, by {@link JobClaims}) reads the snapshot the previous run left.
 */
final class JdbcSnapshotStore implements SnapshotStore {

  private final JdbcClient jdbc;
  private final Clock clock;

  JdbcSnapshotStore(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Optional<Snapshot> load(Target target) {
    return jdbc.sql("select snapshot from target_snapshot where target = :target")
        .param("target", target.name())
        .query((rs, n) -> SnapshotCodec.read(rs.getBinaryStream(1)))
        .optional();
  }

  /** The row's {@code saved_at} and count: a later save changes it. */
  @Override
  public Optional<String> version(Target target) {
    return jdbc.sql("select saved_at, accounts, mark from target_snapshot where target = :target")
        .param("target", target.name())
        .query(
            (rs, n) -> rs.getTimestamp(1).toInstant() + "/" + rs.getInt(2) + "/" + rs.getString(3))
        .optional();
  }

  @Override
  public String save(Target target, Snapshot snapshot) {
    Instant savedAt = clock.instant();
    // in pieces, sent as a stream of known length: one array of the whole snapshot (1-2 MB for
    // 40,000 accounts) would start a concurrent marking of the heap in the middle of the run
    SnapshotCodec.Chunks encoded = SnapshotCodec.encodeInChunks(snapshot);
    jdbc.sql(
            """
            insert into target_snapshot (target, snapshot, accounts, mark, complete_at, saved_at)
            values (:target, :snapshot, :accounts, :mark, :completeAt, :savedAt)
            on conflict (target) do update set snapshot = excluded.snapshot,
                accounts = excluded.accounts, mark = excluded.mark,
                complete_at = excluded.complete_at, saved_at = excluded.saved_at
            """)
        .param("target", target.name())
        .param(
            "snapshot",
            new org.springframework.jdbc.core.support.SqlBinaryValue(
                encoded.stream(), encoded.size()))
        .param("accounts", snapshot.accounts().size())
        .param("mark", snapshot.mark())
        .param("completeAt", Timestamp.from(snapshot.completeAt()))
        .param("savedAt", Timestamp.from(savedAt))
        .update();
    return version(target).orElseThrow();
  }

  @Override
  public void clear(Target target) {
    jdbc.sql("delete from target_snapshot where target = :target")
        .param("target", target.name())
        .update();
  }
}
