package jp.mamori.authz.report;

import static jp.mamori.authz.report.Reports.PERIOD;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.credential.CredentialQueries;
import jp.mamori.authz.privileged.PrivilegedQueries;
import jp.mamori.authz.report.Report.Column;
import jp.mamori.authz.report.Report.Row;
import jp.mamori.authz.report.Reports.MfaSource;
import jp.mamori.authz.report.Reports.MfaStatus;
import jp.mamori.authz.report.Reports.Queries;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;

/**
 * The reports on privileged use and on credentials (PR, LG-1, PW-4, MF-2): privileged holders,
 * lockouts, temporary passwords, multi-factor coverage.
 */
final class ActivityReports {

  private final Queries queries;
  private final MfaSource mfa;
  private final Policy policy;
  private final ReportFormat format;
  private final Clock clock;

  ActivityReports(Queries queries, MfaSource mfa, Policy policy, ReportFormat format, Clock clock) {
    this.queries = queries;
    this.mfa = mfa;
    this.policy = policy;
    this.format = format;
    this.clock = clock;
  }

  Report privileged() {
    List<Row> rows = new ArrayList<>();
    for (PrivilegedQueries.AccountUse a :
        queries.privileged().accountUse(clock.instant().minus(PERIOD))) {
      rows.add(
          new Row(
              List.of(
                  a.id(),
                  a.description(),
                  a.owner(),
                  String.join(" ", a.eligible()),
                  String.join(" ", a.approvers()),
                  Long.toString(a.uses()),
                  Long.toString(Math.round(a.secondsUsed() / 60)),
                  Long.toString(a.emergencies()),
                  a.holders(),
                  a.lastRotatedAt().map(format::time).orElse("")),
              List.of("PR-1", "PR-5")));
    }
    return format.report(
        "privileged",
        List.of("PR-1", "PR-2", "PR-5"),
        "登録中の特権ID。利用回数・時間は過去 " + PERIOD.toDays() + " 日",
        "Privileged IDs in use; uses and time over the last " + PERIOD.toDays() + " days",
        List.of(
            new Column("特権ID", "privileged ID"),
            new Column("説明", "description"),
            new Column("管理者", "owner"),
            new Column("利用者", "eligible"),
            new Column("承認者", "approvers"),
            new Column("利用回数", "uses"),
            new Column("利用時間 (分)", "minutes"),
            new Column("緊急利用", "emergencies"),
            new Column("貸出中", "held by"),
            new Column("最終パスワード変更", "last rotated")),
        rows);
  }

  /** The audit events of the lockouts report (LG-1). */
  private static final Set<String> LOCKOUT_EVENTS =
      Set.of("KEYCLOAK_LOGIN_ERROR_LOCKED", "ACCOUNT_UNLOCK", "ACCOUNT_REPORTED_NOT_ME");

  Report lockouts() {
    Instant from = clock.instant().minus(PERIOD);
    List<Row> rows = new ArrayList<>();
    for (AuditQueries.Event e : queries.audit().events(from, LOCKOUT_EVENTS)) {
      rows.add(
          new Row(
              List.of(
                  format.time(e.at()),
                  e.subject(),
                  switch (e.kind()) {
                    case "KEYCLOAK_LOGIN_ERROR_LOCKED" -> "ロック中のログイン試行 / login tried while locked";
                    case "ACCOUNT_UNLOCK" -> "ロック解除 / unlocked";
                    default -> "本人以外のログインの申告でロック / locked on report";
                  },
                  e.kind().startsWith("KEYCLOAK") ? "" : e.actor(),
                  ReportFormat.reasonOf(e.detail())),
              List.of("LG-1")));
    }
    return format.report(
        "lockouts",
        List.of("LG-1"),
        "過去 " + PERIOD.toDays() + " 日の監査ログ (Keycloak のログインイベントと管理者の操作)",
        "Audit log of the last " + PERIOD.toDays() + " days (Keycloak login events, admin actions)",
        List.of(
            new Column("日時", "time"),
            new Column("アカウント", "account"),
            new Column("事象", "event"),
            new Column("操作者", "by"),
            new Column("理由・詳細", "reason or detail")),
        rows);
  }

  Report temporaryPasswords() {
    Instant now = clock.instant();
    List<Row> rows = new ArrayList<>();
    for (CredentialQueries.TemporaryPasswordIssue t :
        queries.credential().temporaryPasswordsOutstanding(now.minus(PERIOD))) {
      boolean expired = t.expiresAt().map(e -> !e.isAfter(now)).orElse(false);
      rows.add(
          new Row(
              List.of(
                  t.employeeNumber(),
                  format.time(t.issuedAt()),
                  t.issuedBy(),
                  t.handoverMethod(),
                  t.expiresAt().map(format::time).orElse(""),
                  expired ? "期限切れ (未変更) / expired unchanged" : "未変更 / not yet changed"),
              List.of("PW-4")));
    }
    return format.report(
        "temporary-passwords",
        List.of("PW-4"),
        "初回ログインでまだ変更されていない仮パスワードと、過去 " + PERIOD.toDays() + " 日に期限切れとなったもの",
        "Temporary passwords not yet changed, and those expired in the last "
            + PERIOD.toDays()
            + " days",
        List.of(
            new Column("職員番号/ログイン名", "employee number or login"),
            new Column("発行日時", "issued"),
            new Column("発行者", "issued by"),
            new Column("交付方法", "handed over"),
            new Column("有効期限", "expires"),
            new Column("状態", "state")),
        rows);
  }

  Report mfa() {
    Set<String> sections = new TreeSet<>(policy.tiers().get(Tier.MYNUMBER).allowedSections());
    List<Row> rows = new ArrayList<>();
    long covered = 0;
    long total = 0;
    for (MfaStatus s : mfa.staffOf(sections)) {
      if (!s.enabled()) {
        continue;
      }
      total++;
      boolean ok = !s.authenticators().isEmpty();
      if (ok) {
        covered++;
      }
      rows.add(
          new Row(
              List.of(
                  s.username(),
                  String.join(" ", new TreeSet<>(s.sections())),
                  ok ? "あり / yes" : "なし (未登録) / none registered",
                  String.join(" ", s.authenticators())),
              List.of("MF-2", "ZN-1")));
    }
    return format.report(
        "mfa",
        List.of("MF-2", "ZN-1"),
        "マイナンバー利用事務系の所属 " + sections + " の有効な職員: 登録済み " + covered + " / " + total + " 人",
        "Enabled staff of the My Number sections "
            + sections
            + ": "
            + covered
            + " of "
            + total
            + " have a second factor",
        List.of(
            new Column("ログイン名", "login"),
            new Column("所属", "sections"),
            new Column("多要素認証", "second factor"),
            new Column("認証器", "authenticators")),
        rows);
  }
}
