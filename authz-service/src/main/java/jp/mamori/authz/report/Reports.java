package jp.mamori.authz.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.audit.AuditQueryStore;
import jp.mamori.authz.credential.CredentialQueries;
import jp.mamori.authz.credential.CredentialQueryStore;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.governance.GovernanceQueryStore;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.lifecycle.LifecycleQueryStore;
import jp.mamori.authz.privileged.PrivilegedQueries;
import jp.mamori.authz.privileged.PrivilegedQueryStore;
import jp.mamori.authz.realm.RealmQueries;
import jp.mamori.authz.realm.RealmQueryStore;
import jp.mamori.authz.report.Report.Column;
import jp.mamori.authz.report.Report.Row;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reports for self-inspection and audits (GV-6), each generated on demand from the records
 * themselves — the directory and Keycloak as they are now, HR, and Mamori's database and audit log
 * — never from a copy kept for the purpose: orphan IDs, dormant IDs, development and contractor IDs
 * past their end, privileged holders and their use, lockouts and unlocks, temporary passwords not
 * yet changed, multi-factor coverage of the My Number tier's staff, exceptions, violations and
 * sanctions, the ID inventory, and drift of Keycloak from the policy.
 */
@Enforces(
    value = {"GV-6", "LC-3"},
    ja = "自己点検・監査用の報告書を記録そのものから作成する",
    en = "Generates the self-inspection and audit reports from the records themselves")
public class Reports {

  /** How far back the reports on events look. */
  public static final Duration PERIOD = Duration.ofDays(90);

  /** One person of a My Number section and the authenticators that give them a second factor. */
  public record MfaStatus(
      String username, Set<String> sections, boolean enabled, List<String> authenticators) {}

  /** The staff of some sections with their working second factors (Keycloak in the service). */
  @FunctionalInterface
  public interface MfaSource {
    List<MfaStatus> staffOf(Set<String> sections);
  }

  /** The reports, in the order the console lists them. */
  public static final Map<String, String[]> CATALOGUE = new LinkedHashMap<>();

  static {
    CATALOGUE.put("orphans", new String[] {"人事データのないID (孤立ID)", "IDs with no HR record (orphans)"});
    CATALOGUE.put("dormant", new String[] {"長期未使用のID", "Dormant IDs"});
    CATALOGUE.put(
        "ended",
        new String[] {"終了日を過ぎた開発用・委託先のID", "Development and contractor IDs past their end"});
    CATALOGUE.put("privileged", new String[] {"特権IDの保有者と利用状況", "Privileged IDs: holders and use"});
    CATALOGUE.put("lockouts", new String[] {"ロックアウトと解除", "Lockouts and unlocks"});
    CATALOGUE.put(
        "temporary-passwords",
        new String[] {"未変更・期限切れの仮パスワード", "Temporary passwords outstanding or expired"});
    CATALOGUE.put(
        "mfa", new String[] {"マイナンバー利用事務系の多要素認証", "Multi-factor coverage of the My Number tier"});
    CATALOGUE.put("exceptions", new String[] {"例外措置", "Exceptions to the policy"});
    CATALOGUE.put("sanctions", new String[] {"違反と処分", "Violations and sanctions"});
    CATALOGUE.put("inventory", new String[] {"ID棚卸の状況", "ID inventory status"});
    CATALOGUE.put(
        "drift", new String[] {"ポリシーとの差異 (Keycloak)", "Drift of Keycloak from the policy"});
    CATALOGUE.put("compliance", new String[] {"要件対応表 (コンプライアンス・マトリクス)", "Compliance matrix"});
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  /**
   * What the reports read from the features that own the records, each through the queries it
   * publishes: a feature's tables stay its own (a renamed column fails that feature's store, not a
   * report). The reports own no table.
   */
  public record Queries(
      PrivilegedQueries privileged,
      AuditQueries audit,
      CredentialQueries credential,
      GovernanceQueries governance,
      LifecycleQueries lifecycle,
      RealmQueries realm) {}

  private final Queries queries;
  private final List<ReconcileTarget> targets;
  private final Supplier<Inventories.HrView> hr;
  private final MfaSource mfa;
  private final Policy policy;
  private final Clock clock;
  private final ZoneId zone;

  /**
   * The reports on the features' stores of one database (for tests and tools); the service passes
   * the features' query beans instead.
   */
  public Reports(
      JdbcClient jdbc,
      List<ReconcileTarget> targets,
      Supplier<Inventories.HrView> hr,
      MfaSource mfa,
      Policy policy,
      Clock clock,
      ZoneId zone) {
    this(
        new Queries(
            new PrivilegedQueryStore(jdbc),
            new AuditQueryStore(jdbc),
            new CredentialQueryStore(jdbc),
            new GovernanceQueryStore(jdbc),
            new LifecycleQueryStore(jdbc),
            new RealmQueryStore(jdbc)),
        targets,
        hr,
        mfa,
        policy,
        clock,
        zone);
  }

  public Reports(
      Queries queries,
      List<ReconcileTarget> targets,
      Supplier<Inventories.HrView> hr,
      MfaSource mfa,
      Policy policy,
      Clock clock,
      ZoneId zone) {
    this.queries = queries;
    this.targets = List.copyOf(targets);
    this.hr = hr;
    this.mfa = mfa;
    this.policy = policy;
    this.clock = clock;
    this.zone = zone;
  }

  /** Generates one report by its ID. */
  public Report generate(String id) {
    return switch (id) {
      case "orphans" -> orphans();
      case "dormant" -> dormant();
      case "ended" -> ended();
      case "privileged" -> privileged();
      case "lockouts" -> lockouts();
      case "temporary-passwords" -> temporaryPasswords();
      case "mfa" -> mfa();
      case "exceptions" -> exceptions();
      case "sanctions" -> sanctions();
      case "inventory" -> inventory();
      case "drift" -> drift();
      case "compliance" -> new ComplianceMatrix(queries.audit(), zone).generate(clock.instant());
      default ->
          throw new IllegalArgumentException(
              "report: expected one of " + CATALOGUE.keySet() + "; found " + id);
    };
  }

  // ------------------------------------------------------------------------------- accounts

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
                  state(a),
                  String.join(" ", new TreeSet<>(a.sections())),
                  seen == null ? "" : seen.toString()),
              List.of("LC-3", "LC-2")));
    }
    return report(
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
          later(a.lastLogin(), Optional.ofNullable(logins.get(a.target().name() + ":" + a.id())));
      Instant since =
          last.orElseGet(() ->
              later(a.createdAt(), Optional.ofNullable(watchedSince.get(a.target().name())))
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
                  last.map(this::time).orElse("なし (" + time(since) + " 以降) / never since then"),
                  Long.toString(Duration.between(since, now).toDays())),
              List.of("LC-3")));
    }
    return report(
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
    return report(
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

  // ------------------------------------------------------------------------------- privileged

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
                  a.lastRotatedAt().map(this::time).orElse("")),
              List.of("PR-1", "PR-5")));
    }
    return report(
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

  // ------------------------------------------------------------------------------- credentials

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
                  time(e.at()),
                  e.subject(),
                  switch (e.kind()) {
                    case "KEYCLOAK_LOGIN_ERROR_LOCKED" -> "ロック中のログイン試行 / login tried while locked";
                    case "ACCOUNT_UNLOCK" -> "ロック解除 / unlocked";
                    default -> "本人以外のログインの申告でロック / locked on report";
                  },
                  e.kind().startsWith("KEYCLOAK") ? "" : e.actor(),
                  reasonOf(e.detail())),
              List.of("LG-1")));
    }
    return report(
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
                  time(t.issuedAt()),
                  t.issuedBy(),
                  t.handoverMethod(),
                  t.expiresAt().map(this::time).orElse(""),
                  expired ? "期限切れ (未変更) / expired unchanged" : "未変更 / not yet changed"),
              List.of("PW-4")));
    }
    return report(
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
    return report(
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

  // ------------------------------------------------------------------------------- governance

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
                  time(e.endsAt()),
                  e.emergency() ? "緊急 / emergency" : "",
                  e.status(),
                  e.emergency() && e.reportedAt().isEmpty()
                      ? "未報告 (期限 " + time(e.reportDue().orElseThrow()) + ") / not reported"
                      : ""),
              List.of("GV-3")));
    }
    return report(
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
                  code(v.reasonCode()),
                  "",
                  v.recordedBy(),
                  time(v.recordedAt()),
                  ""),
              List.of("GV-4")));
    }
    for (GovernanceQueries.Sanction x : queries.governance().sanctions(yearAgo)) {
      rows.add(
          new Row(
              List.of(
                  "処分 / sanction #" + x.id(),
                  x.username(),
                  code(x.reasonCode()),
                  x.measure()
                      + " "
                      + x.rightKind()
                      + (x.rightValue().isEmpty() ? "" : " " + x.rightValue()),
                  x.imposedBy(),
                  time(x.imposedAt()),
                  x.status() + x.decidedBy().map(by -> " (" + by + ")").orElse("")),
              List.of("GV-4")));
    }
    return report(
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
      String deadline = driverText(inventory.deadline());
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
    return report(
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
                  time(d.detectedAt()),
                  d.realm(),
                  d.setting(),
                  d.expected(),
                  d.found(),
                  d.restoredAt().map(this::time).orElse("未復元 / not restored")),
              d.requirementIds()));
    }
    return report(
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

  // ------------------------------------------------------------------------------- helpers

  private List<TargetAccount> accounts() {
    List<TargetAccount> all = new ArrayList<>();
    for (ReconcileTarget t : targets) {
      all.addAll(t.read());
    }
    return all;
  }

  private Report report(
      String id,
      List<String> requirements,
      String scopeJa,
      String scopeEn,
      List<Column> columns,
      List<Row> rows) {
    String[] titles = CATALOGUE.get(id);
    return new Report(
        id, titles[0], titles[1], requirements, clock.instant(), scopeJa, scopeEn, columns, rows);
  }

  private static String code(String code) {
    try {
      return code + " (" + Sanctions.Code.valueOf(code).ja() + ")";
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  private static String state(TargetAccount a) {
    return a.state().name() + a.stopReason().map(r -> " (" + r.ja() + ")").orElse("");
  }

  private String time(Instant instant) {
    return TIME.format(instant.atZone(zone));
  }

  /**
   * A time as the inventory report has always printed its deadline: the JDBC driver's text of a
   * timestamp in the JVM's zone ({@code 2026-12-31 17:00:00.0}), kept so that the report reads as
   * before. (The other times of the reports are in the report's zone, {@link #time}.)
   */
  private static String driverText(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
    String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return DRIVER_TIME.format(t) + "." + (nanos.isEmpty() ? "0" : nanos);
  }

  private static final DateTimeFormatter DRIVER_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }

  private static String reasonOf(String detail) {
    if (detail == null || detail.isEmpty()) {
      return "";
    }
    try {
      tools.jackson.databind.JsonNode node =
          tools.jackson.databind.json.JsonMapper.shared().readTree(detail);
      for (String field : List.of("reason", "error", "detail", "ip")) {
        if (node.hasNonNull(field)) {
          return node.get(field).asString();
        }
      }
      return "";
    } catch (tools.jackson.core.JacksonException e) {
      return detail;
    }
  }
}
