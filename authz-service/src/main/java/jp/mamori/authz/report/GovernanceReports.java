package jp.mamori.authz.report;

import static jp.mamori.authz.report.Reports.PERIOD;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.realm.RealmQueries;
import jp.mamori.authz.report.Report.Column;
import jp.mamori.authz.report.Report.Row;
import jp.mamori.authz.report.Reports.Queries;

/**
 * The reports on governance records (GV-3, GV-4, LC-3, AU-5): exceptions, violations and sanctions,
 * the ID inventory, drift.
 */
final class GovernanceReports {

  private final Queries queries;
  private final ReportFormat format;
  private final Clock clock;

  GovernanceReports(Queries queries, ReportFormat format, Clock clock) {
    this.queries = queries;
    this.format = format;
    this.clock = clock;
  }

  Report exceptions() {
    List<Row> rows = new ArrayList<>();
    for (GovernanceQueries.PolicyException e :
        queries.governance().exceptions(clock.instant().minus(PERIOD))) {
      rows.add(
          new Row(
              List.of(
                  "#" + e.id(),
                  e.rule(),
                  e.scopeKind() + " " + e.scopeValue(),
                  e.requestedBy(),
                  e.decidedBy().orElse(""),
                  format.time(e.endsAt()),
                  e.emergency() ? "緊急 / emergency" : "",
                  e.status(),
                  e.emergency() && e.reportedAt().isEmpty()
                      ? "未報告 (期限 " + format.time(e.reportDue().orElseThrow()) + ") / not reported"
                      : ""),
              List.of("GV-3")));
    }
    return format.report(
        "exceptions",
        List.of("GV-3"),
        "申請中・発効中の例外措置と、過去 " + PERIOD.toDays() + " 日に終了したもの",
        "Exceptions requested or in force, and those ended in the last "
            + PERIOD.toDays()
            + " days",
        List.of(
            new Column("番号", "no."),
            new Column("規則", "rule"),
            new Column("対象", "scope"),
            new Column("申請者", "requested by"),
            new Column("承認者", "decided by"),
            new Column("期限", "ends"),
            new Column("緊急", "emergency"),
            new Column("状態", "status"),
            new Column("事後報告", "report")),
        rows);
  }

  Report sanctions() {
    Instant yearAgo = clock.instant().minus(Duration.ofDays(365));
    List<Row> rows = new ArrayList<>();
    for (GovernanceQueries.Violation v : queries.governance().violations(yearAgo)) {
      rows.add(
          new Row(
              List.of(
                  "違反 / violation #" + v.id(),
                  v.username(),
                  ReportFormat.code(v.reasonCode()),
                  "",
                  v.recordedBy(),
                  format.time(v.recordedAt()),
                  ""),
              List.of("GV-4")));
    }
    for (GovernanceQueries.Sanction x : queries.governance().sanctions(yearAgo)) {
      rows.add(
          new Row(
              List.of(
                  "処分 / sanction #" + x.id(),
                  x.username(),
                  ReportFormat.code(x.reasonCode()),
                  x.measure()
                      + " "
                      + x.rightKind()
                      + (x.rightValue().isEmpty() ? "" : " " + x.rightValue()),
                  x.imposedBy(),
                  format.time(x.imposedAt()),
                  x.status() + x.decidedBy().map(by -> " (" + by + ")").orElse("")),
              List.of("GV-4")));
    }
    return format.report(
        "sanctions",
        List.of("GV-4"),
        "過去 1 年の違反記録と、有効な処分・1 年以内に解除された処分",
        "Violations of the last year; sanctions in force or lifted within the year",
        List.of(
            new Column("記録", "record"),
            new Column("職員", "person"),
            new Column("理由コード", "reason code"),
            new Column("処分内容", "measure"),
            new Column("記録者", "recorded by"),
            new Column("日時", "time"),
            new Column("状態", "status")),
        rows);
  }

  Report inventory() {
    Optional<GovernanceQueries.Inventory> latest = queries.governance().latestInventory();
    List<Row> rows = new ArrayList<>();
    String scopeJa = "ID棚卸は未実施です";
    String scopeEn = "No ID inventory yet";
    if (latest.isPresent()) {
      GovernanceQueries.Inventory inventory = latest.get();
      String deadline = ReportFormat.driverText(inventory.deadline());
      scopeJa =
          "ID棚卸 #"
              + inventory.id()
              + " "
              + inventory.title()
              + " (期限 "
              + deadline
              + ", "
              + inventory.status()
              + ")";
      scopeEn =
          "ID inventory #"
              + inventory.id()
              + " (deadline "
              + deadline
              + ", "
              + inventory.status()
              + ")";
      for (GovernanceQueries.SectionTally t : queries.governance().tallies(inventory.id())) {
        rows.add(
            new Row(
                List.of(
                    t.section(),
                    Long.toString(t.items()),
                    Long.toString(t.confirmed()),
                    Long.toString(t.notNeeded()),
                    Long.toString(t.unanswered()),
                    Long.toString(t.findings()),
                    Long.toString(t.suspended())),
                List.of("LC-3")));
      }
    }
    return format.report(
        "inventory",
        List.of("LC-3"),
        scopeJa,
        scopeEn,
        List.of(
            new Column("所属", "section"),
            new Column("ID数", "IDs"),
            new Column("確認済み", "confirmed"),
            new Column("不要", "not needed"),
            new Column("未回答", "unanswered"),
            new Column("人事との差異", "with findings"),
            new Column("停止", "suspended")),
        rows);
  }

  Report drift() {
    List<Row> rows = new ArrayList<>();
    for (RealmQueries.Drift d : queries.realm().drift(clock.instant().minus(PERIOD))) {
      rows.add(
          new Row(
              List.of(
                  format.time(d.detectedAt()),
                  d.realm(),
                  d.setting(),
                  d.expected(),
                  d.found(),
                  d.restoredAt().map(format::time).orElse("未復元 / not restored")),
              d.requirementIds()));
    }
    return format.report(
        "drift",
        List.of("AU-5"),
        "Keycloak の設定がポリシーと異なっていた記録 (未復元のものと過去 " + PERIOD.toDays() + " 日)",
        "Keycloak settings found different from the policy (open, and the last "
            + PERIOD.toDays()
            + " days)",
        List.of(
            new Column("検出", "detected"),
            new Column("レルム", "realm"),
            new Column("設定", "setting"),
            new Column("ポリシー", "policy"),
            new Column("検出値", "found"),
            new Column("復元", "restored")),
        rows);
  }
}
