package jp.mamori.authz.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mamori.authz.TestDatabase;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs on two instances sharing one PostgreSQL: once per due time, never two runs of a
 * job at once (a run that outlasts its period is not overtaken by the next due time), and an
 * instance that dies mid-run does not block the job.
 */
class JobClaimsIT {

  private static final Instant DUE = Instant.parse("2027-04-01T03:00:00Z");
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = TestDatabase.start();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void runOnceWhenTheSameDueTimeOnTwoInstancesThenOneRunsAndItsEndIsRecorded() {
    JobClaims a = new JobClaims(db.dataSource(), Clock.systemUTC(), "a");
    JobClaims b = new JobClaims(db.dataSource(), Clock.systemUTC(), "b");
    AtomicInteger runs = new AtomicInteger();

    assertThat(a.runOnce("once", DUE, () -> "run " + runs.incrementAndGet())).isTrue();
    assertThat(b.runOnce("once", DUE, () -> "run " + runs.incrementAndGet())).isFalse();
    assertThat(a.runOnce("once", DUE, () -> "run " + runs.incrementAndGet()))
        .as("after a restart, the same due time is not run again")
        .isFalse();

    assertThat(runs).hasValue(1);
    assertThat(
            db.jdbc()
                .sql("select claimed_by || ' ' || outcome from job_run where job = 'once'")
                .query(String.class)
                .single())
        .isEqualTo("a run 1");
  }

  @Test
  void runOnceWhenARunOutlastsItsPeriodThenTheNextDueTimeIsSkippedNotOverlapped() throws Exception {
    JobClaims a = new JobClaims(db.dataSource(), Clock.systemUTC(), "a");
    JobClaims b = new JobClaims(db.dataSource(), Clock.systemUTC(), "b");
    try (BlockedRun slow = BlockedRun.start(a, "slow", DUE, "slow run done")) {
      AtomicInteger overtaking = new AtomicInteger();
      assertThat(b.runOnce("slow", DUE.plusSeconds(2), () -> "" + overtaking.incrementAndGet()))
          .isFalse();
      assertThat(a.runOnce("slow", DUE.plusSeconds(2), () -> "" + overtaking.incrementAndGet()))
          .isFalse();
      assertThat(overtaking).as("nothing ran beside the slow run").hasValue(0);
      assertThat(
              db.jdbc()
                  .sql("select count(*) from job_run where job = 'slow'")
                  .query(Integer.class)
                  .single())
          .as("the skipped due time is not claimed")
          .isOne();
      // another job is not held up by it
      assertThat(b.runOnce("other", DUE, () -> "other ran")).isTrue();

      assertThat(slow.finish()).isTrue();
      assertThat(b.runOnce("slow", DUE.plusSeconds(4), () -> "next ran")).isTrue();
      assertThat(
              db.jdbc()
                  .sql(
                      "select string_agg(outcome, ', ' order by due) from job_run where job ="
                          + " 'slow'")
                  .query(String.class)
                  .single())
          .isEqualTo("slow run done, next ran");
    }
  }

  @Test
  void runOnceWhenTheInstanceRunningItDiesThenTheJobIsNotBlocked() throws Exception {
    JobClaims a = new JobClaims(db.dataSource(), Clock.systemUTC(), "a");
    JobClaims b = new JobClaims(db.dataSource(), Clock.systemUTC(), "b");
    try (BlockedRun dying = BlockedRun.start(a, "dies", DUE, "never recorded")) {
      assertThat(b.runOnce("dies", DUE.plusSeconds(2), () -> "overtook")).isFalse();

      // instance a's process dies: PostgreSQL ends its sessions, the one holding the lock among
      // them
      int ended =
          db.jdbc()
              .sql(
                  "select count(*) from (select pg_terminate_backend(l.pid) from pg_locks l"
                      + " where l.locktype = 'advisory' and l.granted"
                      + " and ((l.classid::bigint << 32) | l.objid::bigint) = ?) t")
              .param(JobClaims.lockKey("dies"))
              .query(Integer.class)
              .single();
      assertThat(ended).isOne();
      // the backend exits asynchronously: its lock is gone when its session is
      Poll.until(
          "the terminated session's advisory lock on 'dies' released",
          () -> heldLocks("dies") == 0);

      assertThat(b.runOnce("dies", DUE.plusSeconds(4), () -> "b carried on")).isTrue();
      assertThat(
              db.jdbc()
                  .sql("select outcome from job_run where job = 'dies' and claimed_by = 'b'")
                  .query(String.class)
                  .single())
          .isEqualTo("b carried on");
    }
  }

  private static int heldLocks(String job) {
    return db.jdbc()
        .sql(
            "select count(*) from pg_locks l where l.locktype = 'advisory' and l.granted"
                + " and ((l.classid::bigint << 32) | l.objid::bigint) = ?")
        .param(JobClaims.lockKey(job))
        .query(Integer.class)
        .single();
  }

  /** A run on another thread that stays in its work until {@link #finish()} or close. */
  private record BlockedRun(ExecutorService pool, CountDownLatch release, Future<Boolean> ran)
      implements AutoCloseable {

    static BlockedRun start(JobClaims claims, String job, Instant due, String outcome)
        throws InterruptedException {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<Boolean> ran =
          pool.submit(() ->
              claims.runOnce(
                  job,
                  due,
                  () -> {
                    running.countDown();
                    await(release);
                    return outcome;
                  }));
      if (!running.await(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
        throw new IllegalStateException("expected the run of " + job + " to start within 10 s");
      }
      return new BlockedRun(pool, release, ran);
    }

    /** Lets the run end; whether it ran. */
    boolean finish() throws Exception {
      release.countDown();
      return ran.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      release.countDown();
      try {
        ran.get(10, TimeUnit.SECONDS); // its lock released before the next test
      } catch (Exception ended) {
        // failed or killed: the test has said what it expected already
      }
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("expected the test to release the run within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
