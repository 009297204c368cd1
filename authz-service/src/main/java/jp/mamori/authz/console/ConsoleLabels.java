package jp.mamori.authz.console;

import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Names of the states shown on the console, Japanese first: {@code ${@labels.of(code, nav.en)}}
 * gives {@code 保留 (HELD)}; the code stays visible, as the API, the reports and the audit log use
 * it. An unknown code is shown as it is.
 */
@Component("labels")
class ConsoleLabels {

  private static final Map<String, String[]> LABELS =
      Map.ofEntries(
          Map.entry("REQUESTED", new String[] {"申請中", "requested"}),
          Map.entry("IN_FORCE", new String[] {"実施中", "in force"}),
          Map.entry("REJECTED", new String[] {"却下", "rejected"}),
          Map.entry("ENDED", new String[] {"終了", "ended"}),
          Map.entry("REINSTATEMENT_REQUESTED", new String[] {"解除申請中", "reinstatement requested"}),
          Map.entry("LIFTED", new String[] {"解除済み", "lifted"}),
          Map.entry("HELD", new String[] {"保留 (承認待ち)", "held (to approve)"}),
          Map.entry("READY", new String[] {"適用待ち", "ready"}),
          Map.entry("APPROVED", new String[] {"承認済み", "approved"}),
          Map.entry("PARTIAL", new String[] {"一部適用", "partly applied"}),
          Map.entry("APPLIED", new String[] {"適用済み", "applied"}),
          Map.entry("EMPTY", new String[] {"変更なし", "no change"}),
          Map.entry("SUPERSEDED", new String[] {"新しい計画で置換", "superseded"}),
          Map.entry("SUSPEND", new String[] {"停止", "suspend"}),
          Map.entry("REVOKE", new String[] {"取消", "revoke"}),
          Map.entry("ACCOUNT", new String[] {"アカウント全体", "whole account"}),
          Map.entry("TIER", new String[] {"ネットワーク区分", "network tier"}),
          Map.entry("SYSTEM", new String[] {"システム", "system"}),
          Map.entry("PRIVILEGED", new String[] {"特権 ID の貸出", "privileged checkouts"}),
          Map.entry("TERMINAL", new String[] {"端末", "terminal"}),
          Map.entry("USER", new String[] {"職員", "person"}));

  /** The lifecycle's actions (the plan's action types), Japanese and English. */
  private static final Map<String, String[]> ACTIONS =
      Map.ofEntries(
          Map.entry("Create", new String[] {"作成", "create"}),
          Map.entry("ChangeSections", new String[] {"所属の変更", "change sections"}),
          Map.entry("Rename", new String[] {"氏名の変更", "rename"}),
          Map.entry("UpdateProfile", new String[] {"属性の更新", "update attributes"}),
          Map.entry("Suspend", new String[] {"一時停止", "suspend"}),
          Map.entry("RestrictTiers", new String[] {"利用区分の制限", "restrict tiers"}),
          Map.entry("Restore", new String[] {"再開", "restore"}),
          Map.entry("Disable", new String[] {"無効化", "disable"}),
          Map.entry("Delete", new String[] {"削除", "delete"}),
          Map.entry("Report", new String[] {"報告のみ", "report only"}));

  /** The targets, Japanese and English. */
  private static final Map<String, String[]> TARGETS =
      Map.of(
          "DIRECTORY", new String[] {"ディレクトリ (AD/LDAP)", "directory (AD/LDAP)"},
          "IDENTITY_PROVIDER", new String[] {"Keycloak (SSO)", "Keycloak (SSO)"});

  /** An action type of a plan: {@code 無効化 (Disable)}; an unknown one as it is. */
  public String action(String type, boolean en) {
    String[] label = ACTIONS.get(type);
    return label == null ? String.valueOf(type) : (en ? label[1] : label[0]) + " (" + type + ")";
  }

  /** An action type's Japanese name alone (the CSV). */
  String actionJa(String type) {
    String[] label = ACTIONS.get(type);
    return label == null ? String.valueOf(type) : label[0];
  }

  /** A target's name. */
  public String target(String target, boolean en) {
    String[] label = TARGETS.get(target);
    return label == null ? String.valueOf(target) : en ? label[1] : label[0];
  }

  /** A target's Japanese name (the CSV). */
  String targetJa(String target) {
    return target(target, false);
  }

  /** {@code 日本語 (CODE)} or {@code english (CODE)}. */
  public String of(Object code, boolean en) {
    if (code == null) {
      return "";
    }
    String c = code.toString();
    String[] label = LABELS.get(c);
    return label == null ? c : (en ? label[1] : label[0]) + " (" + c + ")";
  }
}
