package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Temporary passwords (仮パスワード, 6-(1)-⑩-(キ), 8-(2)-⑨-(イ)): issued to one person, changed at the
 * first login.
 *
 * @param length generated length; at least the password rules' minimum
 * @param lifetime how long an unused temporary password stays valid, PT1H–P30D
 */
public record TemporaryPasswordRules(int length, Duration lifetime) implements Rule {

  public TemporaryPasswordRules {
    Objects.requireNonNull(lifetime, "lifetime");
    if (length < 8 || length > 128) {
      throw new IllegalArgumentException(
          "temporaryPassword.length: expected 8–128, found " + length);
    }
  }

  @Override
  public List<String> requirementIds() {
    return List.of("PW-4");
  }
}
