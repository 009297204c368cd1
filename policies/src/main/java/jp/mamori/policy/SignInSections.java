package jp.mamori.policy;

import java.time.Duration;

/** Reads {@code lockout}, {@code session} and {@code login}: what happens around a sign-in. */
final class SignInSections {

  private SignInSections() {}

  static LockoutRules lockout(PolicySection s) {
    Integer maxFailures = s.integer("maxFailures", LockoutRules.MAX_FAILURES);
    Boolean permanent = s.bool("permanent");
    Duration waitIncrement = s.duration("waitIncrement", LockoutRules.WAIT_INCREMENT);
    Duration maxWait = s.duration("maxWait", LockoutRules.MAX_WAIT);
    Duration failureResetTime = s.duration("failureResetTime", LockoutRules.FAILURE_RESET_TIME);
    if (PolicySection.allPresent(waitIncrement, maxWait)) {
      LockoutRules.checkWaits(waitIncrement, maxWait, s::problem);
    }
    s.rejectUnknown();
    return !s.clean()
        ? null
        : new LockoutRules(maxFailures, permanent, waitIncrement, maxWait, failureResetTime);
  }

  static SessionRules session(PolicySection s) {
    Duration idle = s.duration("idleTimeout", SessionRules.IDLE_TIMEOUT);
    Duration maxLifespan = s.duration("maxLifespan", SessionRules.MAX_LIFESPAN);
    Duration token = s.duration("accessTokenLifespan", SessionRules.ACCESS_TOKEN_LIFESPAN);
    if (PolicySection.allPresent(idle, maxLifespan, token)) {
      SessionRules.checkLifespans(idle, maxLifespan, token, s::problem);
    }
    s.rejectUnknown();
    return !s.clean() ? null : new SessionRules(idle, maxLifespan, token);
  }

  static LoginDisplay login(PolicySection s) {
    String messageJa = s.text("messageJa", LoginDisplay.MAX_MESSAGE_LENGTH);
    String messageEn = s.text("messageEn", LoginDisplay.MAX_MESSAGE_LENGTH);
    s.rejectUnknown();
    return !s.clean() ? null : new LoginDisplay(messageJa, messageEn);
  }
}
