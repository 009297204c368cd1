package jp.mamori.policy;

import java.time.Duration;
import java.util.List;

/**
 * Password rules for tests: a builder already filled with valid values (those of the shipped
 * default, with an empty blocklist), so that a test states only what it is about.
 */
public final class TestPasswordRules {

  private int minLength = 12;
  private int maxLength = 64;
  private int minUpperCase = 1;
  private int minLowerCase = 1;
  private int minDigits = 1;
  private int minSpecialChars = 0;
  private int historyCount = 5;
  private Duration maxAge = Duration.ofDays(90);
  private boolean notUsername = true;
  private boolean notEmail = true;
  private List<String> blocklist = List.of();

  private TestPasswordRules() {}

  public static TestPasswordRules passwordRules() {
    return new TestPasswordRules();
  }

  public TestPasswordRules minLength(int minLength) {
    this.minLength = minLength;
    return this;
  }

  public TestPasswordRules maxLength(int maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  /** The minimum number of upper-case letters, lower-case letters, digits and symbols. */
  public TestPasswordRules composition(int upper, int lower, int digits, int special) {
    this.minUpperCase = upper;
    this.minLowerCase = lower;
    this.minDigits = digits;
    this.minSpecialChars = special;
    return this;
  }

  public TestPasswordRules historyCount(int historyCount) {
    this.historyCount = historyCount;
    return this;
  }

  public TestPasswordRules maxAge(Duration maxAge) {
    this.maxAge = maxAge;
    return this;
  }

  public TestPasswordRules blocklist(List<String> blocklist) {
    this.blocklist = blocklist;
    return this;
  }

  public PasswordRules build() {
    return new PasswordRules(
        minLength,
        maxLength,
        minUpperCase,
        minLowerCase,
        minDigits,
        minSpecialChars,
        historyCount,
        maxAge,
        notUsername,
        notEmail,
        blocklist);
  }
}
