package jp.mamori.policy;

import java.util.Collection;
import java.util.Objects;

/**
 * The records' constructor checks. They are a backstop: {@link PolicyLoader} reports every problem
 * of a document before it builds a record, so these fire only for records built in code with values
 * that a valid policy document could not contain. Messages use the loader's format ({@code key:
 * found X, expected Y}).
 */
final class Checks {

  /**
   * Where a check reports a problem: {@link #THROW} in constructors, a collecting sink in {@link
   * PolicyLoader}. Cross-field rules are written once, as static methods of the records taking a
   * sink, and used by both.
   */
  @FunctionalInterface
  interface Sink {
    void problem(String key, String found, String expected);
  }

  /** Throws {@link IllegalArgumentException} with the loader's message format. */
  static final Sink THROW =
      (key, found, expected) -> {
        throw new IllegalArgumentException(key + ": found " + found + ", expected " + expected);
      };

  private Checks() {}

  static void require(boolean condition, String key, String found, String expected) {
    if (!condition) {
      THROW.problem(key, found, expected);
    }
  }

  /**
   * Every element is a text of {@code minLength}–{@code maxLength} characters (code points) with no
   * surrounding white space.
   */
  static void requireTexts(String key, Collection<String> texts, int minLength, int maxLength) {
    Objects.requireNonNull(texts, key);
    for (String text : texts) {
      require(isText(text, minLength, maxLength), key, describe(text), text(minLength, maxLength));
    }
  }

  static boolean isText(String text, int minLength, int maxLength) {
    if (text == null || !text.equals(text.strip())) {
      return false;
    }
    int length = text.codePointCount(0, text.length());
    return length >= minLength && length <= maxLength;
  }

  /** {@code a text of 2–128 characters without surrounding spaces}. */
  static String text(int minLength, int maxLength) {
    return "a text of " + minLength + "–" + maxLength + " characters without surrounding spaces";
  }

  private static String describe(String text) {
    return text == null ? "(empty)" : "\"" + text + "\"";
  }
}
