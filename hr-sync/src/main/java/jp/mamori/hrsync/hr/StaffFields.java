package jp.mamori.hrsync.hr;

/**
 * The field rules shared by {@link StaffRecord}'s constructor and {@link HrCsvReader}'s row checks
 * (GV-7), so that a row the reader accepts can always be turned into a record.
 */
final class StaffFields {

  /** Longest value accepted in any field, in code points. */
  static final int MAX_LENGTH = 200;

  static final int EMPLOYEE_NUMBER_MIN = 5;
  static final int EMPLOYEE_NUMBER_MAX = 10;

  private StaffFields() {}

  /** 5 to 10 ASCII digits. Full-width digits are refused: they would not match other systems. */
  static boolean isEmployeeNumber(String value) {
    int length = value.length();
    if (length < EMPLOYEE_NUMBER_MIN || length > EMPLOYEE_NUMBER_MAX) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Full-width katakana (ァ..ヺ, the small letters, ヴ), the prolonged sound mark ー, the middle dot ・
   * used between the parts of foreign names, the iteration marks ヽヾ, the katakana phonetic
   * extensions (ㇰ..ㇿ), and half- or full-width spaces; at least one character that is not a space.
   * Half-width katakana (ｶﾅ) is refused.
   */
  static boolean isKatakana(String value) {
    boolean hasLetter = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\u3000') {
        continue;
      }
      if ((c >= '\u30A1' && c <= '\u30FE') || (c >= '\u31F0' && c <= '\u31FF')) {
        hasLetter = true;
      } else {
        return false;
      }
    }
    return hasLetter;
  }

  /**
   * Whether the value holds a character that has no place in an HR field: C0/C1 control characters
   * (including tab and line breaks), Unicode format characters (bidirectional overrides that can
   * make a value display differently from what it is, zero-width characters, a stray BOM) and
   * unpaired surrogates. Private-use characters are allowed: CP932 maps the municipality's 外字
   * there.
   */
  static boolean hasForbiddenCharacter(String value) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (isForbidden(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** The value without the characters {@link #hasForbiddenCharacter} looks for. */
  static String stripForbidden(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!isForbidden(cp)) {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** Whether the value holds U+FFFD, which the decoder puts where bytes were not decodable. */
  static boolean hasReplacementCharacter(String value) {
    return value.indexOf('\uFFFD') >= 0;
  }

  static boolean isTooLong(String value) {
    return value.codePointCount(0, value.length()) > MAX_LENGTH;
  }

  private static boolean isForbidden(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE;
  }

  /**
   * Checks a text field of a {@link StaffRecord}: non-blank, no forbidden character, not too long.
   * The message names the field but never the value, which is personal data.
   */
  static String requireText(String value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " must not be null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (hasForbiddenCharacter(value)) {
      throw new IllegalArgumentException(field + " must not contain control or format characters");
    }
    if (isTooLong(value)) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_LENGTH + " characters long");
    }
    return value;
  }
}
