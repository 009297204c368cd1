package jp.mamori.authz.claims;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leases on rows, for work that one instance at a time must do on one row of a table shared by
 * several instances — a checkout to close, an inventory campaign to end. The table has the columns
 * {@code claimed_by} (the instance holding the lease) and {@code claimed_until} (when the lease
 * lapses). An instance that dies holding a lease holds the row no longer than the lease: another
 * takes it after {@code claimed_until}.
 *
 * <p>Scheduled jobs that must run once across instances use {@link JobClaims}; this is its
 * counterpart for rows. Both are the service's only claim mechanisms.
 */
public final class RowLeases {

  /** The columns that end a lease, for the set list of the update that finishes the work. */
  public static final String RELEASE = "claimed_by = null, claimed_until = null";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final String instance;

  public RowLeases(JdbcClient jdbc, Clock clock, String instance) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  /** This instance's name, as {@code claimed_by} holds it. */
  public String instance() {
    return instance;
  }

  /**
   * Takes the row {@code id} of {@code table} for this instance for {@code lease}, if the row meets
   * {@code condition} (SQL; each {@code ?} in it is bound to the current time) and no lease holds
   * it; answers whether it was taken.
   */
  public boolean take(String table, long id, String condition, Duration lease) {
    Instant now = clock.instant();
    List<Object> params = new ArrayList<>(List.of(instance, Timestamp.from(now.plus(lease)), id));
    for (int i = 0; i < condition.chars().filter(c -> c == '?').count(); i++) {
      params.add(Timestamp.from(now));
    }
    params.add(Timestamp.from(now));
    return jdbc.sql(
                "update "
                    + table
                    + " set claimed_by = ?, claimed_until = ? where id = ? and ("
                    + condition
                    + ") and (claimed_until is null or claimed_until < ?)")
            .params(params)
            .update()
        == 1;
  }
}
