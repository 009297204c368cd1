package jp.mamori.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The one way a test waits for state that another thread or process produces: Keycloak's
 * brute-force protector and event store, a background snapshot save, a scheduled job, a job claim
 * on another instance, the audit ingestion, a browser page. A fixed sleep is either too short on a
 * busy machine (the test fails one run in a few) or too long everywhere; a poll returns as soon as
 * the state is there and fails, when it never comes, with a message that names what it waited for,
 * how long, and what it saw last.
 *
 * <p>Every wait is bounded. {@link #DEFAULT_TIMEOUT} is generous on purpose: it only costs time
 * when the test is going to fail anyway, and a machine running a second build beside the suite can
 * be several times slower than an idle one.
 *
 * <p>A probe that throws ends the wait at once with that exception: a broken probe is a test
 * defect, not a state to wait out. Probes that meet transient errors (a server still starting)
 * catch them themselves and answer "not yet".
 */
public final class Poll {

  /** How long a wait lasts unless a test says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private Poll() {}

  /** A condition that may throw, as the checks of integration tests do. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A reading that may throw. */
  @FunctionalInterface
  public interface Probe<T> {
    T read() throws Exception;
  }

  /** Waits up to {@link #DEFAULT_TIMEOUT} until {@code condition} holds. */
  public static void until(String what, Condition condition) {
    until(what, DEFAULT_TIMEOUT, condition);
  }

  /**
   * Waits up to {@code timeout} until {@code condition} holds.
   *
   * @param what what is awaited, as the failure message should name it ("account 62001 locked")
   * @throws AssertionError when the condition does not hold in time
   */
  public static void until(String what, Duration timeout, Condition condition) {
    until(what, timeout, condition::holds, Boolean.TRUE::equals);
  }

  /** Waits up to {@link #DEFAULT_TIMEOUT} until a reading satisfies {@code done}; returns it. */
  public static <T> T until(String what, Probe<T> probe, Predicate<? super T> done) {
    return until(what, DEFAULT_TIMEOUT, probe, done);
  }

  /**
   * Reads {@code probe} until its value satisfies {@code done}, for at most {@code timeout}, and
   * returns that value.
   *
   * @throws AssertionError when no reading satisfies {@code done} in time; the message has the last
   *     reading
   */
  public static <T> T until(
      String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      T value = read(probe, what);
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "waited "
                + timeout.toMillis()
                + " ms for "
                + what
                + "; the last reading was: "
                + value);
      }
      pause(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  /** Waits up to {@link #DEFAULT_TIMEOUT} until {@code probe} reads a value; returns it. */
  public static <T> T untilPresent(String what, Probe<Optional<T>> probe) {
    return until(what, DEFAULT_TIMEOUT, probe, Optional::isPresent).orElseThrow();
  }

  /** Waits until {@code expected} equals the reading; returns the reading. */
  public static <T> T untilEquals(String what, T expected, Probe<T> probe) {
    return until(what + " to be " + expected, DEFAULT_TIMEOUT, probe, expected::equals);
  }

  /**
   * Checks that {@code condition} holds throughout {@code window}, reading it repeatedly; fails at
   * the first reading where it does not. This is for absences ("Cancel sent nothing"): no state
   * announces that something did not happen, so the test watches for it over a bounded window. A
   * slow machine can only make such a check pass wrongly, never fail wrongly; keep the positive
   * half of the same test (OK sends it) to show the watch would have seen it.
   */
  public static void holdsFor(String what, Duration window, Condition condition) {
    long deadline = System.nanoTime() + window.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    do {
      if (!Boolean.TRUE.equals(read(condition::holds, what))) {
        throw new AssertionError("expected " + what + " throughout " + window + ", it ended");
      }
      pause(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    } while (System.nanoTime() - deadline < 0);
  }

  /**
   * Waits until the system clock is past {@code instant}: for tests whose next step must carry a
   * later timestamp than the last (a server that keeps whole seconds, an event store ordered by
   * time). The wait is for the clock, not for a guess at how long some work takes.
   */
  public static void untilClockPasses(Instant instant) {
    until(
        "the system clock to pass " + instant,
        Duration.between(Instant.now(), instant).abs().plus(DEFAULT_TIMEOUT),
        () -> Instant.now().isAfter(instant));
  }

  private static <T> T read(Probe<T> probe, String what) {
    try {
      return probe.read();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException("reading " + what + " failed: " + e, e);
    }
  }

  private static void pause(long nanos) {
    LockSupport.parkNanos(nanos);
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling");
    }
  }
}
