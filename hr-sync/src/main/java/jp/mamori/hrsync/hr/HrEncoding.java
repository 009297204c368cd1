package jp.mamori.hrsync.hr;

/**
 * The character encoding of an HR export.
 *
 * <p>Japanese HR and payroll systems often still export CP932 (Windows' Shift_JIS); newer ones
 * export UTF-8, with or without a byte order mark. {@link #AUTO} handles all three.
 */
public enum HrEncoding {
  /**
   * Detect: a UTF-8 byte order mark means UTF-8 (the mark is dropped); otherwise, if the whole file
   * decodes as strict UTF-8 it is UTF-8; otherwise it is read as CP932 ({@code windows-31j}). Text
   * in Japanese encoded in CP932 is practically never valid UTF-8, so the guess is safe for real
   * exports; a pure-ASCII file reads the same either way.
   */
  AUTO,
  /**
   * UTF-8. A byte order mark is dropped. Undecodable bytes become U+FFFD and the rows holding them
   * are reported as problems.
   */
  UTF_8,
  /**
   * CP932 ({@code windows-31j}), Microsoft's superset of Shift_JIS with NEC and IBM extensions and
   * the user-defined area (外字), which decodes to Unicode private-use characters. Undecodable bytes
   * become U+FFFD and the rows holding them are reported as problems.
   */
  CP932
}
