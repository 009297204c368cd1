package jp.mamori.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;

/**
 * Timed login windows: N workers, each its own {@link BrowserLogin} (a browser) and its own slice
 * of the users (so that one user's authenticator counter is never used by two logins at once),
 * logging in one after another until the window closes. A failed login fails the benchmark.
 */
final class LoginRuns {

  /** A user of a realm; {@code authenticator} null for password-only logins. */
  record Person(String username, SoftwareAuthenticator authenticator) {}

  /** Logins completed in a window, and how long each took. */
  record Result(int logins, double seconds, long[] latenciesNanos, long serverCpuNanos) {

    double perSecond() {
      return logins / seconds;
    }

    /**
     * CPU time of the servers (Keycloak and its PostgreSQL) per login: unlike logins per second,
     * hardly moved by other processes competing for the same cores.
     */
    double serverCpuMsPerLogin() {
      return serverCpuNanos / 1e6 / logins;
    }

    Result plus(Result other) {
      long[] both =
          Arrays.copyOf(latenciesNanos, latenciesNanos.length + other.latenciesNanos.length);
      System.arraycopy(
          other.latenciesNanos, 0, both, latenciesNanos.length, other.latenciesNanos.length);
      return new Result(
          logins + other.logins,
          seconds + other.seconds,
          both,
          serverCpuNanos + other.serverCpuNanos);
    }

    double percentileMs(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    String describe() {
      return String.format(
          "%,.1f logins/s (%,d in %.1f s), p50 %,.0f ms, p99 %,.0f ms; server CPU %.1f ms/login",
          perSecond(), logins, seconds, percentileMs(50), percentileMs(99), serverCpuMsPerLogin());
    }

    static Result empty() {
      return new Result(0, 0, new long[0], 0);
    }
  }

  private final String baseUrl;
  private final String password;
  private final int workers;

  LoginRuns(String baseUrl, String password, int workers) {
    this.baseUrl = baseUrl;
    this.password = password;
    this.workers = workers;
  }

  /**
   * CPU time used so far by this JVM's child processes and theirs: the Keycloak it started and the
   * embedded PostgreSQL (its server and connection processes; pooled connections live as long as
   * Keycloak).
   */
  static long serverCpuNanos() {
    return ProcessHandle.current()
        .descendants()
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
        .sum();
  }

  /** Every person logs in once (their first login: WebAuthn registration where the flow asks). */
  void once(String realm, String clientId, List<Person> people) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        done.add(
            pool.submit(() -> {
              BrowserLogin browser = new BrowserLogin(baseUrl);
              for (int i = worker; i < people.size(); i += workers) {
                Person p = people.get(i);
                browser.login(realm, clientId, p.username(), password, p.authenticator());
              }
              return null;
            }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  /**
   * Logins to {@code clientId} of {@code realm} for {@code window}; {@code check} is applied to
   * each access token's claims (JSON) and fails the run if it returns false.
   */
  Result window(
      String realm,
      String clientId,
      List<Person> people,
      Duration window,
      java.util.function.Predicate<String> check)
      throws Exception {
    long cpuBefore = serverCpuNanos();
    long start = System.nanoTime();
    long deadline = start + window.toNanos();
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      List<Future<long[]>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        done.add(
            pool.submit(() -> {
              BrowserLogin browser = new BrowserLogin(baseUrl);
              long[] latencies = new long[1024];
              int n = 0;
              int next = worker;
              while (System.nanoTime() < deadline) {
                Person p = people.get(next);
                next += workers;
                if (next >= people.size()) {
                  next = worker;
                }
                long t0 = System.nanoTime();
                String claims =
                    browser.login(realm, clientId, p.username(), password, p.authenticator());
                long took = System.nanoTime() - t0;
                if (!check.test(claims)) {
                  throw new IllegalStateException(
                      p.username() + ": the token's claims fail the check: " + claims);
                }
                if (n == latencies.length) {
                  latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = took;
              }
              return Arrays.copyOf(latencies, n);
            }));
      }
      long[] all = new long[0];
      for (Future<long[]> f : done) {
        long[] part = f.get();
        int from = all.length;
        all = Arrays.copyOf(all, from + part.length);
        System.arraycopy(part, 0, all, from, part.length);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(all.length, seconds, all, serverCpuNanos() - cpuBefore);
    }
  }
}
