package jp.mamori.authz.operations;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * At most {@code perMinute} calls per key (a person, a client) in each minute of the clock, on this
 * instance — a bound on what one caller can make the service store or compute, not an exact quota
 * across instances (each instance counts its own). Over the limit the call is refused with {@link
 * RateLimited}: {@code 429 Too Many Requests} with {@code Retry-After} (RFC 9457 problem).
 */
public final class RateLimiter {

  private record Window(long minute, AtomicInteger calls) {}

  private final String setting;
  private final int perMinute;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param setting the setting that holds {@code perMinute}, named in the refusal
   * @throws IllegalArgumentException when {@code perMinute} is not positive
   */
  public RateLimiter(String setting, int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException(setting + ": expected 1 or more, found " + perMinute);
    }
    this.setting = setting;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /**
   * Counts one call for {@code key}.
   *
   * @param what what is limited, as the refusal names it ("step-up challenges of A10001")
   * @throws RateLimited when {@code key} has had {@code perMinute} calls in this minute already
   */
  public void acquire(String key, String what) {
    long millis = clock.millis();
    long minute = millis / 60_000;
    Window window =
        windows.compute(
            key,
            (k, w) ->
                w == null || w.minute() != minute ? new Window(minute, new AtomicInteger()) : w);
    if (window.calls().incrementAndGet() > perMinute) {
      long retryAfter = Math.max(1, (minute + 1) * 60 - millis / 1000);
      throw new RateLimited(what, perMinute, setting, retryAfter);
    }
    if (windows.size() > 10_000) { // forget the windows of earlier minutes
      windows.values().removeIf(w -> w.minute() < minute);
    }
  }

  /** Too many calls: {@code 429} with {@code Retry-After}. */
  public static final class RateLimited extends ErrorResponseException {
    private static final long serialVersionUID = 1L;

    RateLimited(String what, int perMinute, String setting, long retryAfterSeconds) {
      super(HttpStatus.TOO_MANY_REQUESTS, problem(what, perMinute, setting), null);
      getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    private static ProblemDetail problem(String what, int perMinute, String setting) {
      ProblemDetail p =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.TOO_MANY_REQUESTS,
              "要求が多すぎます。しばらく待ってから再度お試しください ("
                  + what
                  + ": 1 分あたり "
                  + perMinute
                  + " 回まで) / too many requests ("
                  + what
                  + ": at most "
                  + perMinute
                  + " a minute, "
                  + setting
                  + "); try again after Retry-After seconds");
      p.setTitle("要求が多すぎます / too many requests");
      p.setType(URI.create("urn:mamori:problem:rate-limited"));
      return p;
    }
  }
}
