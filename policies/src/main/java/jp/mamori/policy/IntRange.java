package jp.mamori.policy;

/**
 * An inclusive range of allowed integers for one setting. The same constant serves the loader,
 * which reports a value outside it as a {@link PolicyProblem}, and the record's constructor, which
 * refuses it as a broken contract; so the documented range and the enforced range cannot drift.
 */
record IntRange(int min, int max) {

  IntRange {
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
  }

  boolean contains(int value) {
    return value >= min && value <= max;
  }

  /** {@code an integer 1–100}: the text after "expected" in a problem. */
  String expected() {
    return "an integer " + min + "–" + max;
  }

  /**
   * Returns {@code value} if allowed.
   *
   * @throws IllegalArgumentException naming {@code key}, the value and the range otherwise
   */
  int require(String key, int value) {
    Checks.require(contains(value), key, Integer.toString(value), expected());
    return value;
  }
}
