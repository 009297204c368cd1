package jp.mamori.authz.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.policy.Enforces;

/**
 * Writes audit events for backup to external media (AU-3): JSON Lines (one event per line, then the
 * checkpoints, so that the copy can be verified on its own with the public key) or CSV for a
 * spreadsheet, safe against formula injection (a cell that a spreadsheet would take for a formula
 * is prefixed with {@code '}). Neither can be made to show a line that is not an event, nor text
 * reordered: line breaks and bidirectional controls in a value ({@link #forging}) are written as
 * visible escapes — {@code <U+202E>} in CSV, a JSON escape (backslash, {@code u} and the four hex
 * digits, which reads back as the original) in JSON Lines — never dropped, so the evidence is kept.
 * The caller picks the encoding (UTF-8, or CP932 for Excel in Japanese).
 */
@Enforces(
    value = {"AU-3"},
    ja = "監査ログを外部媒体への保管用に JSON Lines / CSV で書き出す",
    en = "Exports the audit log as JSON Lines or CSV for backup to external media")
public final class AuditExport {

  /** The export formats. */
  public enum Format {
    JSONL,
    CSV
  }

  static final String CSV_HEADER =
      "seq,at,kind,actor,subject,detail,requirement_ids,prev_hash,hash";

  private final Format format;
  private final Writer out;

  public AuditExport(Format format, Writer out) {
    this.format = format;
    this.out = out;
    if (format == Format.CSV) {
      line(CSV_HEADER);
    }
  }

  public void event(Event e) {
    if (format == Format.JSONL) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("seq", e.seq());
      row.put("at", e.at().toString());
      row.put("kind", e.kind());
      row.put("actor", e.actor());
      row.put("subject", e.subject());
      row.put("detail", e.detail());
      row.put("requirementIds", e.requirementIds());
      row.put("prevHash", e.prevHash());
      row.put("hash", e.hash());
      line(json(row));
    } else {
      line(
          String.join(
              ",",
              Long.toString(e.seq()),
              e.at().toString(),
              cell(e.kind()),
              cell(e.actor()),
              cell(e.subject()),
              cell(e.detail()),
              cell(e.requirementIds()),
              e.prevHash(),
              e.hash()));
    }
  }

  /** Checkpoints go into JSON Lines exports (one line each, {@code "checkpoint": true}). */
  public void checkpoint(Checkpoint c) {
    if (format == Format.JSONL) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("checkpoint", true);
      row.put("seq", c.seq());
      row.put("hash", c.hash());
      row.put("at", c.at().toString());
      row.put("jws", c.jws());
      line(json(row));
    }
  }

  /**
   * The character set for a CSV file named by an administrator: {@code UTF-8}, or Excel's Japanese
   * encoding under any of its usual names ({@code CP932}, {@code MS932}, {@code Windows-31J},
   * {@code Shift_JIS}), which is always {@code windows-31j} — Java's {@code CP932} is IBM's variant
   * (x-IBM942C), which maps some characters differently.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static java.nio.charset.Charset charset(String name) {
    String n = name == null ? "UTF-8" : name.strip().toUpperCase(java.util.Locale.ROOT);
    return switch (n) {
      case "UTF-8", "UTF8" -> java.nio.charset.StandardCharsets.UTF_8;
      case "CP932", "MS932", "WINDOWS-31J", "SHIFT_JIS", "SJIS" ->
          java.nio.charset.Charset.forName("windows-31j");
      default ->
          throw new IllegalArgumentException(
              "encoding: expected UTF-8 or CP932 (Excel); found " + name);
    };
  }

  /**
   * Whether {@code c} could make a value look like more than one line, or reorder the text around
   * it when shown (GV-7, AU-2): the control characters other than the tab — CR, LF, VT, FF, NEL
   * (U+0085) and the rest of C0 and C1 —, the line and paragraph separators (U+2028, U+2029) and
   * the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
   */
  public static boolean forging(char c) {
    return Character.isISOControl(c) && c != '\t'
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u061C'
        || c == '\u200E'
        || c == '\u200F'
        || c >= '\u202A' && c <= '\u202E'
        || c >= '\u2066' && c <= '\u2069';
  }

  /**
   * {@code text} with every {@link #forging} character written as {@code <U+XXXX>}: a reader sees
   * that it was there, and it neither breaks the line nor reorders the text.
   */
  public static String visible(String text) {
    return escape(text, "<U+%04X>");
  }

  private static String escape(String text, String format) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (forging(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format(Locale.ROOT, format, (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * One JSON line: Jackson escapes C0 controls itself but writes U+2028, U+2029, NEL and the
   * bidirectional controls as they are; they can only stand inside a JSON string, where the escape
   * (backslash, {@code u}, four hex digits) means the same character.
   */
  private static String json(Map<String, Object> row) {
    return escape(
        tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(row), "\\u%04X");
  }

  /** What a spreadsheet may take for the start of a formula (half- and full-width). */
  private static final String FORMULA_STARTS = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

  /**
   * One CSV cell: line breaks and bidirectional controls written visibly ({@link #visible}), so
   * that a value such as {@code "x\r\n2026-01-01,admin,LOGIN_OK"} stays in its own cell of its own
   * row; prefixed with {@code '} when a spreadsheet could read it as a formula — it starts with
   * {@code = + - @}, their full-width forms {@code ＝ ＋ － ＠} (Japanese input turns them into
   * formulas too) or a tab, or with such a character after leading spaces (half- or full-width);
   * quoted when it holds a comma or a quote. A name such as {@code =HYPERLINK(…)} is a valid name
   * for someone; in an export it stays text.
   */
  public static String cell(String value) {
    String v = visible(value == null ? "" : value);
    int first = 0;
    while (first < v.length() && (v.charAt(first) == ' ' || v.charAt(first) == '\u3000')) {
      first++;
    }
    if (first < v.length() && FORMULA_STARTS.indexOf(v.charAt(first)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** Writes out what is buffered; an archive is removed only after this returns. */
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the audit export", e);
    }
  }

  private void line(String text) {
    try {
      out.write(text);
      out.write(format == Format.CSV ? "\r\n" : "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the audit export", e);
    }
  }
}
