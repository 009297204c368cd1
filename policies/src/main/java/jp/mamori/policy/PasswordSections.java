package jp.mamori.policy;

import java.time.Duration;
import java.util.List;

/** Reads {@code password} and {@code temporaryPassword}, the rules of the password itself. */
final class PasswordSections {

  private PasswordSections() {}

  static PasswordRules password(PolicySection s) {
    Integer minLength = s.integer("minLength", PasswordRules.MIN_LENGTH);
    Integer maxLength = s.integer("maxLength", PasswordRules.MAX_LENGTH);
    Integer upper = s.integer("minUpperCase", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer lower = s.integer("minLowerCase", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer digits = s.integer("minDigits", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer special = s.integer("minSpecialChars", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer history = s.integer("historyCount", PasswordRules.HISTORY_COUNT);
    Duration maxAge = s.duration("maxAge", PasswordRules.MAX_AGE);
    Boolean notUsername = s.bool("notUsername");
    Boolean notEmail = s.bool("notEmail");
    List<String> blocklist =
        s.texts(
            "blocklist",
            PasswordRules.BLOCKLIST_WORD_LENGTH.min(),
            PasswordRules.BLOCKLIST_WORD_LENGTH.max(),
            PasswordRules.BLOCKLIST_MAX_SIZE);
    if (PolicySection.allPresent(minLength, maxLength, upper, lower, digits, special)) {
      PasswordRules.checkLengths(minLength, maxLength, upper, lower, digits, special, s::problem);
    }
    s.rejectUnknown();
    return !s.clean()
        ? null
        : new PasswordRules(
            minLength,
            maxLength,
            upper,
            lower,
            digits,
            special,
            history,
            maxAge,
            notUsername,
            notEmail,
            blocklist);
  }

  static TemporaryPasswordRules temporaryPassword(PolicySection s, PasswordRules password) {
    Integer length = s.integer("length", TemporaryPasswordRules.LENGTH);
    Duration lifetime = s.duration("lifetime", TemporaryPasswordRules.LIFETIME);
    if (PolicySection.allPresent(length, password)) {
      Policy.checkTemporaryLength(password, length, s::problem);
    }
    s.rejectUnknown();
    return !s.clean() ? null : new TemporaryPasswordRules(length, lifetime);
  }
}
