package jp.mamori.policy;

import java.time.Duration;
import java.util.List;

/**
 * Temporary passwords (仮のパスワード, 6-(1)-⑩-(キ), 8-(2)-⑨-(イ)): issued to one person and changed at the
 * first login. {@link Policy} also requires the length to lie within the password rules' minimum
 * and maximum, so that a generated temporary password is itself a valid password.
 *
 * @param length length of a generated temporary password, 8–128
 * @param lifetime how long an unused temporary password stays valid, PT1H–P30D; a short lifetime
 *     limits the damage of a hand-over sheet that goes astray
 */
public record TemporaryPasswordRules(int length, Duration lifetime) implements Rule {

  static final IntRange LENGTH = new IntRange(8, 128);
  static final DurationRange LIFETIME = DurationRange.of(Duration.ofHours(1), Duration.ofDays(30));

  /**
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public TemporaryPasswordRules {
    LENGTH.require("temporaryPassword.length", length);
    LIFETIME.require("temporaryPassword.lifetime", lifetime);
  }

  /** PW-4. */
  @Override
  public List<String> requirementIds() {
    return List.of("PW-4");
  }
}
