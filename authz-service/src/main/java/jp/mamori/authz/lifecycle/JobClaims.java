package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exactly-once firing of scheduled jobs across instances on one database: the instance whose insert
 * of {@code (job, due)} succeeds runs the job; the others see the row and skip. Because the row is
 * keyed by the due time, a restart does not run a job twice, and an instance that starts after a
 * due time nobody claimed (all were down) runs it late rather than never.
 */
public class JobClaims {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final String instance;

  public JobClaims(JdbcClient jdbc, Clock clock, String instance) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.instance = instance;
  }

  /** Whether this instance won the run of {@code job} due at {@code due}. */
  public boolean claim(String job, Instant due) {
    return jdbc.sql(
                "insert into job_run (job, due, claimed_by, claimed_at) values (?, ?, ?, ?)"
                    + " on conflict do nothing")
            .params(job, Timestamp.from(due), instance, Timestamp.from(clock.instant()))
            .update()
        == 1;
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

  /** Records how a claimed run ended. */
  public void finish(String job, Instant due, String outcome) {
    jdbc.sql("update job_run set finished_at = ?, outcome = ? where job = ? and due = ?")
        .params(
            Timestamp.from(clock.instant()),
            outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome,
            job,
            Timestamp.from(due))
        .update();
  }
}
