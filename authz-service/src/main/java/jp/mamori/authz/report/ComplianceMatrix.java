package jp.mamori.authz.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.report.Report.Column;
import jp.mamori.authz.report.Report.Row;
import jp.mamori.authz.shared.Bilingual;

/**
 * The compliance matrix (GV-6), built from the code's own records: every requirement of the
 * catalogue ({@code shared/requirements.md}, kept with the service), the classes that declare they
 * enforce it ({@code @Enforces}), the test classes that cite it (both read from the sources at
 * build time into {@code compliance-index.tsv}), and the latest event in the audit log that cites
 * it. A requirement no class enforces is a gap, whatever tests or events mention it.
 */
final class ComplianceMatrix {

  /** Where a requirement stands. */
  public enum Status {
    EVIDENCED("実装・試験・証跡あり", "enforced, tested, evidence on record"),
    TESTED("実装・試験済み (証跡まだなし)", "enforced and tested, no evidence yet"),
    UNTESTED("実装のみ (試験なし)", "enforced, no test cites it"),
    GAP("未対応 (ギャップ)", "GAP: nothing enforces it");

    private final Bilingual text;

    Status(String ja, String en) {
      this.text = new Bilingual(ja, en);
    }

    public String label() {
      return text.both();
    }
  }

  /** One requirement of the catalogue, with its Japanese wording where one is kept. */
  public record Requirement(String id, String area, String text, String textJa, String source) {}

  static final String CATALOGUE = "/jp/mamori/authz/compliance-requirements.md";
  static final String INDEX = "/jp/mamori/authz/compliance-index.tsv";
  static final String JAPANESE = "/jp/mamori/authz/compliance-requirements-ja.tsv";

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*([A-Z]{2}-\\d+)\\s*\\|\\s*(.*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  private final AuditQueries audit;
  private final ZoneId zone;

  public ComplianceMatrix(AuditQueries audit, ZoneId zone) {
    this.audit = audit;
    this.zone = zone;
  }

  /** The catalogue's requirements, in its order. */
  public static List<Requirement> requirements() {
    List<Requirement> out = new ArrayList<>();
    Map<String, String> japanese = new HashMap<>();
    for (String line : resource(JAPANESE).split("\n")) {
      String[] f = line.split("\t", 2);
      if (f.length == 2) {
        japanese.put(f[0].strip(), f[1].strip());
      }
    }
    String area = "";
    for (String line : resource(CATALOGUE).split("\n")) {
      if (line.startsWith("## ")) {
        area = line.substring(3).strip();
      }
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        out.add(
            new Requirement(
                m.group(1), area, m.group(2), japanese.getOrDefault(m.group(1), ""), m.group(3)));
      }
    }
    return out;
  }

  public Report generate(Instant now) {
    Map<String, List<String>> mechanisms = new HashMap<>();
    Map<String, List<String>> tests = new HashMap<>();
    for (String line : resource(INDEX).split("\n")) {
      String[] f = line.split("\t");
      if (f.length >= 6 && f[0].equals("M")) {
        mechanisms
            .computeIfAbsent(f[1], k -> new ArrayList<>())
            .add(simple(f[3]) + " (" + f[2] + "): " + f[4]);
      } else if (f.length >= 5 && f[0].equals("T")) {
        tests.computeIfAbsent(f[1], k -> new ArrayList<>()).add(simple(f[3]) + " ×" + f[4]);
      }
    }
    Map<String, String> evidence = evidence();
    List<Row> rows = new ArrayList<>();
    Map<Status, Integer> counts = new LinkedHashMap<>();
    for (Requirement r : requirements()) {
      List<String> m = mechanisms.getOrDefault(r.id(), List.of());
      List<String> t = tests.getOrDefault(r.id(), List.of());
      String e = evidence.getOrDefault(r.id(), "");
      Status status =
          m.isEmpty()
              ? Status.GAP
              : t.isEmpty() ? Status.UNTESTED : e.isEmpty() ? Status.TESTED : Status.EVIDENCED;
      counts.merge(status, 1, Integer::sum);
      rows.add(
          new Row(
              List.of(
                  r.id(),
                  r.textJa().isEmpty() ? r.text() : r.textJa() + " / " + r.text(),
                  r.source(),
                  String.join("; ", m),
                  String.join(" ", t),
                  e,
                  status.label()),
              List.of(r.id())));
    }
    StringBuilder ja = new StringBuilder("要件 " + rows.size() + " 件: ");
    StringBuilder en = new StringBuilder(rows.size() + " requirements: ");
    counts.forEach((s, n) -> {
      ja.append(s.text.ja()).append(' ').append(n).append(" 件, ");
      en.append(s.text.en()).append(' ').append(n).append(", ");
    });
    return new Report(
        "compliance",
        "要件対応表 (コンプライアンス・マトリクス)",
        "Compliance matrix",
        List.of("GV-6"),
        now,
        ja.substring(0, ja.length() - 2) + "。実装はコード上の宣言 (@Enforces)、試験は要件を引用する試験クラス、証跡は監査ログの最新の記録",
        en.substring(0, en.length() - 2)
            + ". Mechanisms are the code's declarations (@Enforces), tests the test classes citing"
            + " the requirement, evidence the latest audit event citing it",
        List.of(
            new Column("要件ID", "ID"),
            new Column("要件", "requirement"),
            new Column("出典 (対策基準)", "source clause"),
            new Column("実装", "enforced by"),
            new Column("試験", "tests"),
            new Column("最新の証跡", "latest evidence"),
            new Column("状況", "status")),
        rows);
  }

  /** The latest audit event citing each requirement: time, kind and sequence number. */
  private Map<String, String> evidence() {
    Map<String, Long> latest = audit.latestCiting();
    Map<String, String> out = new HashMap<>();
    if (latest.isEmpty()) {
      return out;
    }
    Map<Long, String> events = new HashMap<>();
    for (AuditQueries.Event e : audit.events(new HashSet<>(latest.values()))) {
      events.put(e.seq(), TIME.format(e.at().atZone(zone)) + " " + e.kind() + " #" + e.seq());
    }
    latest.forEach((id, seq) -> out.put(id, events.getOrDefault(seq, "#" + seq)));
    return out;
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String resource(String name) {
    try (InputStream in = ComplianceMatrix.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name
                + ": expected on the class path (the build writes the index from the sources:"
                + " build with Maven); found nothing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
