package jp.mamori.authz.privileged;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The registry of privileged accounts, {@code privileged_account}: its rows, their locks and the
 * time of the last rotation. {@link PrivilegedStore} offers these to the workflow classes with the
 * checkouts' rows, under the same contract (the caller's transaction; no null).
 */
final class PrivilegedAccountStore {

  private final JdbcClient jdbc;

  PrivilegedAccountStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @throws org.springframework.dao.DuplicateKeyException when the ID is registered already
   */
  void insertAccount(PrivilegedAccount account, Instant at, String actor) {
    jdbc.sql(
            """
            insert into privileged_account (id, kind, target, description, owner, eligible,
                approvers, max_duration_s, exclusive, emergency_allowed, registered_at,
                registered_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\
            """)
        .params(
            account.id(),
            account.kind().name(),
            account.target(),
            account.description(),
            account.owner(),
            PrivilegedRows.join(account.eligible()),
            PrivilegedRows.join(account.approvers()),
            account.maxDuration().toSeconds(),
            account.exclusive(),
            account.emergencyAllowed(),
            Timestamp.from(at),
            actor)
        .update();
  }

  /** Returns false when no active account has this ID. */
  boolean retireAccount(String id, Instant at, String actor) {
    return jdbc.sql(
                "update privileged_account set retired_at = ?, retired_by = ? where id = ? and"
                    + " retired_at is null")
            .params(Timestamp.from(at), actor, id)
            .update()
        > 0;
  }

  Optional<PrivilegedAccount> account(String id) {
    return jdbc.sql("select * from privileged_account where id = ?")
        .param(id)
        .query(PrivilegedAccountStore::toAccount)
        .optional();
  }

  List<PrivilegedAccount> accounts() {
    return jdbc.sql("select * from privileged_account order by id")
        .query(PrivilegedAccountStore::toAccount)
        .list();
  }

  void updateLists(String id, Set<String> eligible, Set<String> approvers) {
    jdbc.sql("update privileged_account set eligible = ?, approvers = ? where id = ?")
        .params(PrivilegedRows.join(eligible), PrivilegedRows.join(approvers), id)
        .update();
  }

  /** Locks the account's row until the transaction ends (a checkout and a rotation both do). */
  void lockAccount(String id) {
    jdbc.sql("select id from privileged_account where id = ? for update")
        .param(id)
        .query(String.class)
        .single();
  }

  /** As {@link #lockAccount}, but returns false at once when another transaction holds it. */
  boolean tryLockAccount(String id) {
    return jdbc.sql("select id from privileged_account where id = ? for update skip locked")
        .param(id)
        .query(String.class)
        .optional()
        .isPresent();
  }

  Optional<Instant> lastRotatedAt(String id) {
    return jdbc.sql("select last_rotated_at from privileged_account where id = ?")
        .param(id)
        .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
        .single();
  }

  void rotated(String id, Instant at) {
    jdbc.sql("update privileged_account set last_rotated_at = ? where id = ?")
        .params(Timestamp.from(at), id)
        .update();
  }

  /** As {@link #rotated}, for a directory account only (a role has no password). */
  void rotatedIfDirectory(String id, Instant at) {
    jdbc.sql(
            "update privileged_account set last_rotated_at = ? where id = ? and kind = 'DIRECTORY'")
        .params(Timestamp.from(at), id)
        .update();
  }

  private static PrivilegedAccount toAccount(ResultSet rs, int n) throws SQLException {
    return new PrivilegedAccount(
        rs.getString("id"),
        PrivilegedAccount.Kind.valueOf(rs.getString("kind")),
        rs.getString("target"),
        rs.getString("description"),
        rs.getString("owner"),
        PrivilegedRows.split(rs.getString("eligible")),
        PrivilegedRows.split(rs.getString("approvers")),
        Duration.ofSeconds(rs.getLong("max_duration_s")),
        rs.getBoolean("exclusive"),
        rs.getBoolean("emergency_allowed"),
        rs.getTimestamp("registered_at").toInstant(),
        rs.getString("registered_by"),
        instant(rs, "retired_at"),
        instant(rs, "last_rotated_at"));
  }

  /** A nullable time column. */
  static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
  }
}
