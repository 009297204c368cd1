package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sessions (8-(2)-⑧ アクセスタイムアウトの設定).
 *
 * @param idleTimeout logged out after this long without activity, PT1M–PT8H
 * @param maxLifespan absolute session lifetime, idleTimeout–P1D
 * @param accessTokenLifespan access-token lifetime, PT1M–PT1H (short, so that a disabled account
 *     stops working quickly)
 */
public record SessionRules(Duration idleTimeout, Duration maxLifespan, Duration accessTokenLifespan)
    implements Rule {

  public SessionRules {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(maxLifespan, "maxLifespan");
    Objects.requireNonNull(accessTokenLifespan, "accessTokenLifespan");
  }

  @Override
  public List<String> requirementIds() {
    return List.of("LG-1");
  }
}
