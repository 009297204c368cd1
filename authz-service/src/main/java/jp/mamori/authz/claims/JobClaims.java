package jp.mamori.authz.claims;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exactly-once firing of scheduled jobs across instances on one database, one run of a job at a
 * time.
 *
 * <ul>
 *   <li><b>Once per due time</b>: the instance whose insert of {@code (job, due)} succeeds runs the
 *       job; the others see the row and skip. Because the row is keyed by the due time, a restart
 *       does not run a job twice, and an instance that starts after a due time nobody claimed (all
 *       were down) runs it late rather than never.
 *   <li><b>Never two runs of one job at once</b>: a run holds a PostgreSQL advisory lock for the
 *       job on its own connection from before the claim until it has recorded its end. A due time
 *       that comes while an earlier run of the job is still going (on any instance) is skipped, not
 *       claimed: a drift check that outlasts its period must not be overtaken by the next one,
 *       which would find and restore the same drift again. The lock is the session's: an instance
 *       that dies mid-run loses its connection and with it the lock, so the job is not blocked.
 * </ul>
 */
public class JobClaims {

  private static final Logger log = LoggerFactory.getLogger(JobClaims.class);

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final String instance;

  public JobClaims(DataSource dataSource, Clock clock, String instance) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.clock = clock;
    this.instance = instance;
  }

  /**
   * Runs {@code work} as the run of {@code job} due at {@code due} if no run of the job is in
   * progress anywhere and this instance claims the due time; records the outcome {@code work}
   * returns (or its failure) as the run's end.
   *
   * @return whether this instance ran it
   */
  public boolean runOnce(String job, Instant due, Supplier<String> work) {
    long key = lockKey(job);
    try (Connection lock = dataSource.getConnection()) {
      if (!advisory(lock, "select pg_try_advisory_lock(?)", key)) {
        java.util.Optional<String> claimant =
            jdbc.sql("select claimed_by from job_run where job = ? and due = ?")
                .params(job, Timestamp.from(due))
                .query(String.class)
                .optional();
        if (claimant.isPresent()) {
          log.debug("Job {} due {} is run by {}", job, due, claimant.get());
        } else {
          log.info(
              "Job {} due {} skipped on {}: an earlier run of it is still in progress",
              job,
              due,
              instance);
        }
        return false;
      }
      try {
        if (!claim(job, due)) {
          return false;
        }
        String outcome;
        try {
          outcome = work.get();
        } catch (RuntimeException e) {
          outcome = "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
          log.error("Job {} due {} failed: {}", job, due, e.getMessage(), e);
        }
        finish(job, due, outcome);
        return true;
      } finally {
        advisory(lock, "select pg_advisory_unlock(?)", key);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "job " + job + " due " + due + ": the database refused the job's lock: " + e.getMessage(),
          e);
    }
  }

  /** Whether this instance won the run of {@code job} due at {@code due}. */
  private boolean claim(String job, Instant due) {
    return jdbc.sql(
                "insert into job_run (job, due, claimed_by, claimed_at) values (?, ?, ?, ?)"
                    + " on conflict do nothing")
            .params(job, Timestamp.from(due), instance, Timestamp.from(clock.instant()))
            .update()
        == 1;
  }

  /** Records how a claimed run ended. */
  private void finish(String job, Instant due, String outcome) {
    jdbc.sql("update job_run set finished_at = ?, outcome = ? where job = ? and due = ?")
        .params(
            Timestamp.from(clock.instant()),
            outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome,
            job,
            Timestamp.from(due))
        .update();
  }

  private static boolean advisory(Connection connection, String sql, long key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, key);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /** The advisory lock's key: the first 8 bytes of SHA-256 of "mamori.job." and the job's name. */
  static long lockKey(String job) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("mamori.job." + job).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (hash[i] & 0xff);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /**
   * The most recent due time of {@code cron} at or before now (looking back two days), or now if
   * there is none in that window: the key a run claims.
   */
  public static Instant latestDue(
      org.springframework.scheduling.support.CronExpression cron,
      Clock clock,
      java.time.ZoneId zone) {
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(clock).withZoneSameInstant(zone);
    java.time.ZonedDateTime latest = null;
    for (java.time.ZonedDateTime next = cron.next(now.minusDays(2));
        next != null && !next.isAfter(now);
        next = cron.next(next)) {
      latest = next;
    }
    return latest == null ? now.toInstant() : latest.toInstant();
  }
}
