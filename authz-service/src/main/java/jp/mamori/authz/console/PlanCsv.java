package jp.mamori.authz.console;

import java.util.List;
import jp.mamori.authz.lifecycle.LifecycleQueries.PlanChange;

/**
 * A plan's changes as CSV for the section heads (課長) who check them: UTF-8 with a byte-order mark
 * (so that Excel opens Japanese correctly), a Japanese header, CRLF line ends, fields quoted as RFC
 * 4180 says. A field that a spreadsheet would read as a formula ({@code = + - @}, tab, CR) is
 * prefixed with an apostrophe, so that a name in the HR file cannot run in the checker's Excel.
 */
final class PlanCsv {

  /** The byte-order mark written first. */
  static final String BOM = "\uFEFF";

  static final List<String> HEADER =
      List.of("番号", "操作", "操作コード", "対象システム", "職員番号", "所属", "無効化・削除", "理由", "理由 (英語)", "要件", "適用結果");

  private PlanCsv() {}

  /** The whole file: BOM, header and one line per change. */
  static String of(List<PlanChange> changes, ConsoleLabels labels) {
    StringBuilder out = new StringBuilder(BOM);
    line(out, HEADER);
    for (PlanChange c : changes) {
      line(
          out,
          List.of(
              Integer.toString(c.seq()),
              labels.actionJa(c.type()),
              c.type(),
              labels.targetJa(c.target()),
              c.employeeNumber(),
              c.section() == null ? "" : c.section(),
              c.destructive() ? "はい" : "",
              c.reasonJa(),
              c.reasonEn(),
              c.requirementIds(),
              outcome(c.outcome())));
    }
    return out.toString();
  }

  private static String outcome(String outcome) {
    if (outcome == null) {
      return "未適用";
    }
    return switch (outcome) {
      case "DONE" -> "適用済み";
      case "FAILED" -> "失敗";
      default -> outcome;
    };
  }

  private static void line(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append("\r\n");
  }

  /** One field, neutralised as a formula if need be and quoted when it must be. */
  static String field(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
