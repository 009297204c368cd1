package jp.mamori.authz.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import jp.mamori.authz.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class RateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:10Z"));
  private final RateLimiter limiter = new RateLimiter("mamori.test.per-minute", 3, clock);

  @Test
  void acquireWhenOverTheLimitInAMinuteThen429WithRetryAfterUntilTheNextMinute() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("A10001", "step-up challenges of A10001");
    }

    assertThatThrownBy(() -> limiter.acquire("A10001", "step-up challenges of A10001"))
        .isInstanceOfSatisfying(
            RateLimiter.RateLimited.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(429);
              assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("50");
              assertThat(e.getBody().getDetail())
                  .contains("step-up challenges of A10001", "3", "mamori.test.per-minute");
            });
    assertThatCode(() -> limiter.acquire("A10002", "another person"))
        .as("each key has its own count")
        .doesNotThrowAnyException();

    clock.advance(Duration.ofSeconds(50));
    assertThatCode(() -> limiter.acquire("A10001", "the next minute")).doesNotThrowAnyException();
  }

  @Test
  void constructWhenLimitNotPositiveThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new RateLimiter("mamori.api.decisions-per-minute", 0, clock))
        .hasMessageContaining("mamori.api.decisions-per-minute: expected 1 or more, found 0");
  }
}
