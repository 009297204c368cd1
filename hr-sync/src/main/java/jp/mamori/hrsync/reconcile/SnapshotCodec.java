package jp.mamori.hrsync.reconcile;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A {@link Snapshot} as bytes: gzip of UTF-8 lines, a header then one tab-separated line per
 * account (tab, newline and backslash escaped). Compact (40,000 accounts ≈ 1 MB) and read in well
 * under a second; a damaged snapshot is refused with the line that is wrong, and the caller then
 * reads the target completely.
 */
public final class SnapshotCodec {

  static final String HEADER = "mamori-snapshot 1";
  private static final int FIELDS = 13;

  private SnapshotCodec() {}

  public static byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out =
        new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder(256);
      out.write(HEADER + "\t" + escape(snapshot.mark()) + "\t" + snapshot.completeAt() + "\n");
      for (TargetAccount a : snapshot.accounts().values()) {
        line.setLength(0);
        field(line, a.target().name());
        field(line, a.id());
        field(line, a.employeeNumber());
        field(line, a.loginName());
        field(line, a.fullName());
        field(
            line,
            String.join(
                ",", a.sections().stream().map(SnapshotCodec::escapeComma).sorted().toList()));
        field(line, a.state().name());
        field(line, a.stopReason().map(Enum::name).orElse(""));
        field(line, a.stateSince().map(LocalDate::toString).orElse(""));
        field(line, a.createdAt().map(Instant::toString).orElse(""));
        field(line, a.lastLogin().map(Instant::toString).orElse(""));
        field(line, a.kind().name());
        line.append(escape(a.endDate().map(LocalDate::toString).orElse(""))).append('\n');
        out.write(line.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a snapshot", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming the line and field when the bytes are not a snapshot
   */
  public static Snapshot decode(byte[] data) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(data)), StandardCharsets.UTF_8))) {
      String header = in.readLine();
      if (header == null || !header.startsWith(HEADER + "\t")) {
        throw new IllegalArgumentException(
            "snapshot line 1: expected the header \"" + HEADER + "\", found " + shorten(header));
      }
      String[] head = split(header, 3, 1);
      String mark = head[1];
      Instant completeAt = parse(head[2], Instant::parse, 1, "completeAt");
      Map<String, TargetAccount> accounts = new LinkedHashMap<>();
      int lineNumber = 1;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        String[] f = split(line, FIELDS, lineNumber);
        int n = lineNumber;
        Set<String> sections = new LinkedHashSet<>();
        if (!f[5].isEmpty()) {
          for (String s : f[5].split("(?<!\\\\),")) {
            sections.add(s.replace("\\,", ","));
          }
        }
        TargetAccount account =
            new TargetAccount(
                parse(f[0], Target::valueOf, n, "target"),
                f[1],
                f[2],
                f[3],
                f[4],
                sections,
                parse(f[6], AccountState::valueOf, n, "state"),
                optional(f[7], StopReason::valueOf, n, "stopReason"),
                optional(f[8], LocalDate::parse, n, "stateSince"),
                optional(f[9], Instant::parse, n, "createdAt"),
                optional(f[10], Instant::parse, n, "lastLogin"),
                parse(f[11], AccountKind::valueOf, n, "kind"),
                optional(f[12], LocalDate::parse, n, "endDate"));
        accounts.put(account.id(), account);
      }
      return new Snapshot(accounts, mark, completeAt);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "snapshot: expected gzip data, found " + e.getMessage(), e);
    }
  }

  private static void field(StringBuilder line, String value) {
    line.append(escape(value)).append('\t');
  }

  private static String escape(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String escapeComma(String section) {
    return section.replace(",", "\\,");
  }

  private static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String[] split(String line, int expected, int lineNumber) {
    String[] raw = line.split("\t", -1);
    if (raw.length != expected) {
      throw new IllegalArgumentException(
          "snapshot line "
              + lineNumber
              + ": expected "
              + expected
              + " tab-separated fields, found "
              + raw.length);
    }
    String[] out = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = unescape(raw[i]);
    }
    return out;
  }

  private static <T> T parse(String value, Function<String, T> parser, int line, String field) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "snapshot line " + line + ", field " + field + ": cannot read " + shorten(value), e);
    }
  }

  private static <T> Optional<T> optional(
      String value, Function<String, T> parser, int line, String field) {
    return value.isEmpty() ? Optional.empty() : Optional.of(parse(value, parser, line, field));
  }

  private static String shorten(String value) {
    if (value == null) {
      return "nothing";
    }
    return value.length() > 40 ? "\"" + value.substring(0, 40) + "…\"" : "\"" + value + "\"";
  }
}
