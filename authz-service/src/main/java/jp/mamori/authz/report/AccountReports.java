package jp.mamori.authz.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.report.Report.Column;
import jp.mamori.authz.report.Report.Row;
import jp.mamori.authz.report.Reports.Queries;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Policy;

/**
 * The reports on the IDs as the targets hold them now (LC-2, LC-3, LC-4, LC-7): orphans, dormant
 * IDs, IDs past their end.
 */
final class AccountReports {

  private final Queries queries;
  private final List<ReconcileTarget> targets;
  private final Supplier<Inventories.HrView> hr;
  private final Policy policy;
  private final ReportFormat format;
  private final Clock clock;
  private final ZoneId zone;

  AccountReports(
      Queries queries,
      List<ReconcileTarget> targets,
      Supplier<Inventories.HrView> hr,
      Policy policy,
      ReportFormat format,
      Clock clock,
      ZoneId zone) {
    this.queries = queries;
    this.targets = targets;
    this.hr = hr;
    this.policy = policy;
    this.format = format;
    this.clock = clock;
    this.zone = zone;
  }

  Report orphans() {
    Inventories.HrView view = hr.get();
    Map<String, LocalDate> firstSeen = queries.lifecycle().orphansFirstSeen();
    List<Row> rows = new ArrayList<>();
    for (TargetAccount a : accounts()) {
      if (a.kind() != AccountKind.PERSONAL) {
        continue;
      }
      if (!a.employeeNumber().isEmpty() && view.expected().containsKey(a.employeeNumber())) {
        continue;
      }
      LocalDate seen = firstSeen.get(a.key());
      rows.add(
          new Row(
              List.of(
                  a.target().name(),
                  a.loginName(),
                  a.employeeNumber().isEmpty() ? "(なし / none)" : a.employeeNumber(),
                  ReportFormat.state(a),
                  String.join(" ", new TreeSet<>(a.sections())),
                  seen == null ? "" : seen.toString()),
              List.of("LC-3", "LC-2")));
    }
    return format.report(
        "orphans",
        List.of("LC-3", "LC-2"),
        "対象: ディレクトリと Keycloak の個人ID、人事データ " + view.source(),
        "Scope: personal IDs in the directory and Keycloak; HR " + view.source(),
        List.of(
            new Column("システム", "target"),
            new Column("ログイン名", "login"),
            new Column("職員番号", "employee number"),
            new Column("状態", "state"),
            new Column("所属", "sections"),
            new Column("初検出日", "first seen")),
        rows);
  }

  Report dormant() {
    Instant now = clock.instant();
    Duration after = policy.lifecycle().dormantAfter();
    Map<String, Instant> logins = new HashMap<>();
    for (LifecycleQueries.LastLogin l : queries.lifecycle().lastLogins()) {
      logins.put(l.target() + ":" + l.accountId(), l.at());
    }
    Map<String, Instant> watchedSince = queries.lifecycle().loginsWatchedSince();
    List<Row> rows = new ArrayList<>();
    for (TargetAccount a : accounts()) {
      if (a.kind() != AccountKind.PERSONAL || a.state() != AccountState.ENABLED) {
        continue;
      }
      Optional<Instant> last =
          ReportFormat.later(
              a.lastLogin(), Optional.ofNullable(logins.get(a.target().name() + ":" + a.id())));
      Instant since =
          last.orElseGet(() ->
              ReportFormat.later(
                      a.createdAt(), Optional.ofNullable(watchedSince.get(a.target().name())))
                  .orElse(now));
      if (since.plus(after).isAfter(now)) {
        continue;
      }
      rows.add(
          new Row(
              List.of(
                  a.target().name(),
                  a.loginName(),
                  a.employeeNumber(),
                  last.map(format::time)
                      .orElse("なし (" + format.time(since) + " 以降) / never since then"),
                  Long.toString(Duration.between(since, now).toDays())),
              List.of("LC-3")));
    }
    return format.report(
        "dormant",
        List.of("LC-3"),
        "有効な個人IDのうち最終ログインから " + after.toDays() + " 日以上経過したもの",
        "Enabled personal IDs with no login for " + after.toDays() + " days or more",
        List.of(
            new Column("システム", "target"),
            new Column("ログイン名", "login"),
            new Column("職員番号", "employee number"),
            new Column("最終ログイン", "last login"),
            new Column("経過日数", "days")),
        rows);
  }

  Report ended() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    Inventories.HrView view = hr.get();
    Map<String, LocalDate> contractEnds = contractEnds();
    // the planner disables a contractor's IDs after the contract end and its grace period (LC-7);
    // this report shows them from the day after the end, grace period included
    List<Row> rows = new ArrayList<>();
    for (TargetAccount a : accounts()) {
      if (a.state() != AccountState.ENABLED) {
        continue;
      }
      if (a.kind() == AccountKind.DEVELOPMENT) {
        boolean past = a.endDate().map(today::isAfter).orElse(true);
        if (past) {
          rows.add(
              new Row(
                  List.of(
                      a.target().name(),
                      a.loginName(),
                      "開発用 / development",
                      a.endDate().map(LocalDate::toString).orElse("未設定 / not set")),
                  List.of("LC-4")));
        }
      } else if (a.kind() == AccountKind.PERSONAL) {
        LocalDate end = contractEnds.get(a.employeeNumber());
        if (end != null && today.isAfter(end)) {
          rows.add(
              new Row(
                  List.of(a.target().name(), a.loginName(), "委託先・派遣 / contractor", end.toString()),
                  List.of("LC-7")));
        }
      }
    }
    return format.report(
        "ended",
        List.of("LC-4", "LC-7"),
        "有効なIDのうち終了日 (開発終了・契約終了) を過ぎたもの。人事データ " + view.source(),
        "Enabled IDs past their end (development or contract); HR " + view.source(),
        List.of(
            new Column("システム", "target"),
            new Column("ログイン名", "login"),
            new Column("種別", "kind"),
            new Column("終了日", "end date")),
        rows);
  }

  /** Contract ends of contractor and dispatched staff (LC-7), by employee number. */
  private Map<String, LocalDate> contractEnds() {
    Map<String, LocalDate> ends = new HashMap<>();
    hr.get()
        .expected()
        .forEach((number, e) -> {
          if (e.employmentType() == EmploymentType.CONTRACTOR
              || e.employmentType() == EmploymentType.DISPATCHED) {
            e.contractEnd().ifPresent(end -> ends.put(number, end));
          }
        });
    return ends;
  }

  private List<TargetAccount> accounts() {
    List<TargetAccount> all = new ArrayList<>();
    for (ReconcileTarget t : targets) {
      all.addAll(t.read());
    }
    return all;
  }
}
