package jp.mamori.authz.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The JSON API's tokens ({@code mamori.api.*}).
 *
 * @param audience the {@code aud} every API token must carry
 * @param clockSkew tolerance on {@code exp}/{@code nbf}; at most one minute
 * @param stepUpChallengesPerMinute step-up and registration challenges one person may start in a
 *     minute on one instance (each is stored until answered or expired); more answer 429
 * @param decisionsPerMinute access decisions one caller (client and person) may ask for in a minute
 *     on one instance; more answer 429
 * @param liveSessionCache how long Keycloak's answer that a privileged caller's session still holds
 *     (or has ended) is kept before Keycloak is asked again, for the API and the console (callers
 *     with mamori-admin, mamori-ciso or mamori-auditor): PT0S (ask on every request) to PT15S. A
 *     locked account's token or console session is refused at the latest this long after Keycloak
 *     ended its session; while Keycloak cannot answer, their requests answer 503
 */
@ConfigurationProperties("mamori.api")
public record ApiSettings(
    @DefaultValue("mamori-api") String audience,
    @DefaultValue("PT30S") Duration clockSkew,
    @DefaultValue("30") int stepUpChallengesPerMinute,
    @DefaultValue("1200") int decisionsPerMinute,
    @DefaultValue("PT10S") Duration liveSessionCache) {
  public ApiSettings {
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "mamori.api.clock-skew: expected PT0S to PT1M, found " + clockSkew);
    }
    if (liveSessionCache.isNegative() || liveSessionCache.compareTo(Duration.ofSeconds(15)) > 0) {
      throw new IllegalArgumentException(
          "mamori.api.live-session-cache: expected PT0S to PT15S, found " + liveSessionCache);
    }
  }
}
