package jp.mamori.hrsync.hr;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * An RFC 4180 CSV tokenizer over decoded text: fields separated by commas; a field may be quoted,
 * and then may hold commas, line breaks and doubled quotes ({@code ""} for one {@code "}); records
 * end with CRLF, LF or a lone CR; the last record may or may not end with a line break.
 *
 * <p>It never throws on bad input. A record with broken quoting (a quote inside an unquoted field,
 * text after a closing quote, a quote never closed) is returned with a {@link Row#malformation()}
 * and whatever fields could be read, so that the caller reports it and goes on with the next
 * record. Line numbers are 1-based physical lines, so a record whose quoted field spans lines
 * advances the count for the records after it.
 */
final class CsvParser {

  /**
   * One record.
   *
   * @param line the line on which the record starts
   * @param fields the fields, unquoted, not trimmed
   * @param malformation what was wrong with the quoting, if anything
   */
  record Row(long line, List<String> fields, Optional<String> malformation) {
    Row {
      fields = List.copyOf(fields);
    }

    /** A line with nothing on it (or only whitespace): not a record, just skipped. */
    boolean isBlank() {
      return malformation.isEmpty() && fields.size() == 1 && fields.get(0).isBlank();
    }
  }

  static final String UNCLOSED_QUOTE = "閉じた引用符 (a closing quote before the end of the file)";
  static final String BAD_QUOTING =
      "RFC 4180 の引用符 (a field quoted as a whole, with \"\" for a quote inside it)";

  private final String text;
  private int pos;
  private long line = 1;

  CsvParser(String text) {
    this.text = text;
  }

  boolean hasNext() {
    return pos < text.length();
  }

  Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records");
    }
    long startLine = line;
    List<String> fields = new ArrayList<>();
    String malformation = null;
    StringBuilder field = new StringBuilder();
    while (true) {
      // At the start of a field.
      if (pos < text.length() && text.charAt(pos) == '"') {
        pos++;
        boolean closed = false;
        while (pos < text.length()) {
          char c = text.charAt(pos);
          if (c == '"') {
            if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
              field.append('"');
              pos += 2;
            } else {
              pos++;
              closed = true;
              break;
            }
          } else {
            countLineBreak(c);
            field.append(c);
            pos++;
          }
        }
        if (!closed) {
          fields.add(field.toString());
          return new Row(startLine, fields, Optional.of(UNCLOSED_QUOTE));
        }
        // After the closing quote only a separator or the end of the record may follow.
        if (pos < text.length() && !isSeparatorOrBreak(text.charAt(pos))) {
          malformation = BAD_QUOTING;
          while (pos < text.length() && !isSeparatorOrBreak(text.charAt(pos))) {
            field.append(text.charAt(pos));
            pos++;
          }
        }
      } else {
        while (pos < text.length() && !isSeparatorOrBreak(text.charAt(pos))) {
          char c = text.charAt(pos);
          if (c == '"') {
            malformation = BAD_QUOTING;
          }
          field.append(c);
          pos++;
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (pos >= text.length()) {
        return new Row(startLine, fields, Optional.ofNullable(malformation));
      }
      char c = text.charAt(pos);
      pos++;
      if (c == ',') {
        continue;
      }
      // A line break ends the record; CRLF counts as one.
      if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        pos++;
      }
      line++;
      return new Row(startLine, fields, Optional.ofNullable(malformation));
    }
  }

  private static boolean isSeparatorOrBreak(char c) {
    return c == ',' || c == '\r' || c == '\n';
  }

  /** Counts a line break inside a quoted field: LF, or CR not followed by LF. */
  private void countLineBreak(char c) {
    if (c == '\n') {
      line++;
    } else if (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n')) {
      line++;
    }
  }
}
