package jp.mamori.hrsync.reconcile;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A plan as people and programs read it before anything is applied (dry run): text in Japanese or
 * English, and JSON. Both carry every action with its target, employee number, reason and
 * requirement IDs, the guard's verdict, the counts and the fingerprint that an approval names.
 */
public final class PlanReport {

  private PlanReport() {}

  /** Human-readable text; Japanese unless {@code locale} is English. */
  public static String text(Plan plan, Locale locale) {
    boolean ja = !Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
    StringBuilder out = new StringBuilder();
    if (ja) {
      out.append("同期計画 ")
          .append(plan.today())
          .append(" (人事ファイル ")
          .append(plan.source())
          .append(": ")
          .append(plan.hrRows())
          .append(" 行、不正 ")
          .append(plan.rejectedRows())
          .append(" 行)\n");
    } else {
      out.append("Sync plan for ")
          .append(plan.today())
          .append(" (HR file ")
          .append(plan.source())
          .append(": ")
          .append(plan.hrRows())
          .append(" rows, ")
          .append(plan.rejectedRows())
          .append(" rejected)\n");
    }
    switch (plan.verdict()) {
      case Verdict.Proceed p -> out.append(ja ? "判定: 適用可\n" : "Verdict: may be applied\n");
      case Verdict.Held held -> {
        out.append(ja ? "判定: 保留 — 承認が必要です\n" : "Verdict: HELD — approval needed\n");
        for (Reason reason : held.reasons()) {
          out.append("  ! ")
              .append(ja ? reason.ja() : reason.en())
              .append(ids(reason))
              .append('\n');
        }
      }
    }
    for (Reason warning : plan.warnings()) {
      out.append(ja ? "  注意: " : "  Warning: ")
          .append(ja ? warning.ja() : warning.en())
          .append(ids(warning))
          .append('\n');
    }
    if (plan.actions().isEmpty()) {
      out.append(ja ? "変更はありません。\n" : "No changes.\n");
    }
    for (PlannedAction action : plan.actions()) {
      out.append(ja ? labelJa(action) : labelEn(action))
          .append(' ')
          .append(action.target() == Target.DIRECTORY ? "LDAP    " : "Keycloak")
          .append(' ')
          .append(action.employeeNumber().isEmpty() ? "-" : action.employeeNumber())
          .append(" — ")
          .append(ja ? action.reason().ja() : action.reason().en())
          .append(ids(action.reason()))
          .append('\n');
    }
    StringJoiner counts = new StringJoiner(", ");
    plan.counts().forEach((kind, n) -> counts.add(kind + " " + n));
    out.append(ja ? "件数: " : "Counts: ")
        .append(counts.length() == 0 ? "0" : counts.toString())
        .append('\n');
    out.append(ja ? "指紋 (承認時に指定): " : "Fingerprint (name it to approve): ")
        .append(plan.fingerprint())
        .append('\n');
    return out.toString();
  }

  /** JSON for programs and the console. */
  public static String json(Plan plan) {
    StringBuilder out = new StringBuilder("{");
    field(out, "today", plan.today().toString()).append(',');
    field(out, "source", plan.source()).append(',');
    out.append("\"hrRows\":").append(plan.hrRows()).append(',');
    out.append("\"rejectedRows\":").append(plan.rejectedRows()).append(',');
    out.append("\"held\":").append(plan.held()).append(',');
    out.append("\"heldReasons\":[");
    if (plan.verdict() instanceof Verdict.Held held) {
      appendReasons(out, held.reasons());
    }
    out.append("],\"warnings\":[");
    appendReasons(out, plan.warnings());
    out.append("],\"actions\":[");
    for (int i = 0; i < plan.actions().size(); i++) {
      PlannedAction a = plan.actions().get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append('{');
      field(out, "type", a.getClass().getSimpleName()).append(',');
      field(out, "target", a.target().name()).append(',');
      field(out, "employeeNumber", a.employeeNumber()).append(',');
      field(out, "situation", a.situation().name()).append(',');
      out.append("\"changes\":").append(a.changes()).append(',');
      out.append("\"destructive\":").append(a.destructive()).append(',');
      out.append("\"reason\":");
      appendReasons(out, List.of(a.reason()));
      out.append('}');
    }
    out.append("],\"counts\":{");
    int i = 0;
    for (Map.Entry<String, Long> e : plan.counts().entrySet()) {
      if (i++ > 0) {
        out.append(',');
      }
      out.append(quote(e.getKey())).append(':').append(e.getValue());
    }
    out.append("},");
    field(out, "fingerprint", plan.fingerprint());
    return out.append('}').toString();
  }

  private static void appendReasons(StringBuilder out, List<Reason> reasons) {
    for (int i = 0; i < reasons.size(); i++) {
      Reason r = reasons.get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append('{');
      field(out, "ja", r.ja()).append(',');
      field(out, "en", r.en()).append(',');
      out.append("\"requirements\":[");
      for (int j = 0; j < r.requirementIds().size(); j++) {
        out.append(j > 0 ? "," : "").append(quote(r.requirementIds().get(j)));
      }
      out.append("]}");
    }
  }

  private static StringBuilder field(StringBuilder out, String name, String value) {
    return out.append(quote(name)).append(':').append(quote(value));
  }

  static String quote(String value) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  private static String ids(Reason reason) {
    return reason.requirementIds().isEmpty()
        ? ""
        : " [" + String.join(", ", reason.requirementIds()) + "]";
  }

  private static String labelJa(PlannedAction action) {
    return switch (action) {
      case PlannedAction.Create c -> "[登録]    ";
      case PlannedAction.ChangeSections c -> "[異動]    ";
      case PlannedAction.Rename r -> "[氏名変更]";
      case PlannedAction.UpdateProfile u -> "[属性更新]";
      case PlannedAction.Suspend s -> "[停止]    ";
      case PlannedAction.RestrictTiers t -> "[層の制限]";
      case PlannedAction.Restore r -> "[再開]    ";
      case PlannedAction.Disable d -> "[無効化]  ";
      case PlannedAction.Delete d -> "[削除]    ";
      case PlannedAction.Report r -> "[報告]    ";
    };
  }

  private static String labelEn(PlannedAction action) {
    return switch (action) {
      case PlannedAction.Create c -> "[create] ";
      case PlannedAction.ChangeSections c -> "[move]   ";
      case PlannedAction.Rename r -> "[rename] ";
      case PlannedAction.UpdateProfile u -> "[profile]";
      case PlannedAction.Suspend s -> "[suspend]";
      case PlannedAction.RestrictTiers t -> "[tiers]  ";
      case PlannedAction.Restore r -> "[restore]";
      case PlannedAction.Disable d -> "[disable]";
      case PlannedAction.Delete d -> "[delete] ";
      case PlannedAction.Report r -> "[report] ";
    };
  }
}
