package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements of {@link RecordedChange} on a feature's table of actions (with the columns {@code
 * id}, {@code state}, {@code error} and {@code settled_at}). The feature's own store makes it on
 * its table, and reads the rows left pending with {@link #pendingRows}: the table is the feature's.
 */
public final class RecordedChangeStore {

  private final String table;
  private final JdbcClient jdbc;

  /**
   * @param table the feature's table of actions, with {@code id}, {@code state}, {@code error} and
   *     {@code settled_at} columns (its name is part of the statements, so it is checked)
   */
  public RecordedChangeStore(String table, JdbcClient jdbc) {
    if (table == null || !table.matches("[a-z_]+")) {
      throw new IllegalArgumentException(
          "table: expected the name of a table of actions (a-z, _); found " + table);
    }
    this.table = table;
    this.jdbc = jdbc;
  }

  /**
   * The rows of {@code table} still {@link RecordedChange.State#PENDING}, oldest first, of one
   * person ({@code username}) or of all, each read with {@code row} from the {@code columns}
   * selected. For the features' stores, which know their tables' other columns.
   */
  public static <T> List<T> pendingRows(
      JdbcClient jdbc, String table, String columns, Optional<String> username, RowMapper<T> row) {
    var statement =
        jdbc.sql(
            "select "
                + columns
                + " from "
                + table
                + " where state = 'PENDING'"
                + (username.isPresent() ? " and username = ?" : "")
                + " order by id");
    if (username.isPresent()) {
      statement = statement.param(username.get());
    }
    return statement.query(row).list();
  }

  /** The table's name, for messages and the log. */
  String table() {
    return table;
  }

  /**
   * Locks the row {@code id} to the end of the transaction if it is still pending; answers whether
   * it did. With {@code skipLocked}, a row another transaction holds counts as not pending.
   */
  boolean lockPending(long id, boolean skipLocked) {
    return jdbc.sql(
            "select id from "
                + table
                + " where id = ? and state = 'PENDING' for update"
                + (skipLocked ? " skip locked" : ""))
        .param(id)
        .query(Long.class)
        .optional()
        .isPresent();
  }

  /** Sets the row's state, error (or note) and time of settling. */
  void mark(long id, RecordedChange.State state, String text, Instant at) {
    jdbc.sql("update " + table + " set state = ?, error = ?, settled_at = ? where id = ?")
        .params(state.name(), text, Timestamp.from(at), id)
        .update();
  }
}
