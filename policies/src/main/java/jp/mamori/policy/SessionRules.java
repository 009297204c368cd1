package jp.mamori.policy;

import java.time.Duration;
import java.util.List;

/**
 * Sessions (8-(2)-⑧ アクセスタイムアウトの設定).
 *
 * @param idleTimeout a session without activity for this long ends, PT1M–PT8H
 * @param maxLifespan a session ends after this long whatever the activity, idleTimeout–P1D
 * @param accessTokenLifespan lifetime of an access token, PT1M–PT1H and at most idleTimeout; an
 *     access token stays valid after its session ends or its account is disabled, so a longer
 *     lifetime would defeat the idle timeout and delay a leaver's lock-out
 */
public record SessionRules(Duration idleTimeout, Duration maxLifespan, Duration accessTokenLifespan)
    implements Rule {

  static final DurationRange IDLE_TIMEOUT =
      DurationRange.of(Duration.ofMinutes(1), Duration.ofHours(8));
  static final DurationRange MAX_LIFESPAN =
      DurationRange.of(Duration.ofMinutes(1), Duration.ofDays(1));
  static final DurationRange ACCESS_TOKEN_LIFESPAN =
      DurationRange.of(Duration.ofMinutes(1), Duration.ofHours(1));

  /**
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public SessionRules {
    IDLE_TIMEOUT.require("session.idleTimeout", idleTimeout);
    MAX_LIFESPAN.require("session.maxLifespan", maxLifespan);
    ACCESS_TOKEN_LIFESPAN.require("session.accessTokenLifespan", accessTokenLifespan);
    checkLifespans(idleTimeout, maxLifespan, accessTokenLifespan, Checks.THROW);
  }

  /**
   * The cross-field rules: {@code idleTimeout ≤ maxLifespan} and {@code accessTokenLifespan ≤
   * idleTimeout}.
   */
  static void checkLifespans(
      Duration idleTimeout, Duration maxLifespan, Duration accessTokenLifespan, Checks.Sink sink) {
    if (maxLifespan.compareTo(idleTimeout) < 0) {
      sink.problem(
          "session.maxLifespan",
          DurationRange.text(maxLifespan),
          "at least session.idleTimeout (" + DurationRange.text(idleTimeout) + ")");
    }
    if (accessTokenLifespan.compareTo(idleTimeout) > 0) {
      sink.problem(
          "session.accessTokenLifespan",
          DurationRange.text(accessTokenLifespan),
          "at most session.idleTimeout (" + DurationRange.text(idleTimeout) + ")");
    }
  }

  /** LG-1 (アクセスタイムアウト). */
  @Override
  public List<String> requirementIds() {
    return List.of("LG-1");
  }
}
