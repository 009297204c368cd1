package jp.mamori.authz.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.governance.Sanctions;
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

  private final JdbcClient jdbc;
  private final List<ReconcileTarget> targets;
  private final Supplier<Inventories.HrView> hr;
  private final MfaSource mfa;
  private final Policy policy;
  private final Clock clock;
  private final ZoneId zone;

  public Reports(
      JdbcClient jdbc,
      List<ReconcileTarget> targets,
      Supplier<Inventories.HrView> hr,
      MfaSource mfa,
      Policy policy,
      Clock clock,
      ZoneId zone) {
    this.jdbc = jdbc;
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
      case "compliance" -> new ComplianceMatrix(jdbc, zone).generate(clock.instant());
      default ->
          throw new IllegalArgumentException(
              "report: expected one of " + CATALOGUE.keySet() + "; found " + id);
    };
  }

  // ------------------------------------------------------------------------------- accounts

  Report orphans() {
    Inventories.HrView view = hr.get();
    Map<String, java.sql.Date> firstSeen = new HashMap<>();
    jdbc.sql("select account_key, first_seen from orphan_seen")
        .query((rs, i) -> firstSeen.put(rs.getString(1), rs.getDate(2)))
        .list();
    List<Row> rows = new ArrayList<>();
    for (TargetAccount a : accounts()) {
      if (a.kind() != AccountKind.PERSONAL) {
        continue;
      }
      if (!a.employeeNumber().isEmpty() && view.expected().containsKey(a.employeeNumber())) {
        continue;
      }
      java.sql.Date seen = firstSeen.get(a.key());
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
    jdbc.sql("select target, account_id, last_login from login_activity")
        .query((rs, i) ->
            logins.put(rs.getString(1) + ":" + rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
    Map<String, Instant> watchedSince = new HashMap<>();
    jdbc.sql("select target, observed_since from login_watch")
        .query((rs, i) -> watchedSince.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list();
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
    Instant from = clock.instant().minus(PERIOD);
    List<Row> rows =
        jdbc.sql(
                """
                select a.id, a.description, a.owner, a.eligible, a.approvers, a.max_duration_s,
                       a.last_rotated_at,
                       (select count(*) from privileged_checkout c where c.account_id = a.id
                          and c.activated_at >= ?) as uses,
                       (select coalesce(sum(extract(epoch from (coalesce(c.checked_in_at, now())
                          - c.activated_at))), 0) from privileged_checkout c
                          where c.account_id = a.id and c.activated_at >= ?) as seconds,
                       (select count(*) from privileged_checkout c where c.account_id = a.id
                          and c.emergency and c.requested_at >= ?) as emergencies,
                       (select string_agg(c.requester, ' ') from privileged_checkout c
                          where c.account_id = a.id and c.state = 'ACTIVE') as holder
                from privileged_account a where a.retired_at is null order by a.id
                """)
            .params(Timestamp.from(from), Timestamp.from(from), Timestamp.from(from))
            .query((rs, i) ->
                new Row(
                    List.of(
                        rs.getString("id"),
                        rs.getString("description"),
                        rs.getString("owner"),
                        rs.getString("eligible").replace(",", " "),
                        rs.getString("approvers").replace(",", " "),
                        Long.toString(rs.getLong("uses")),
                        Long.toString(Math.round(rs.getDouble("seconds") / 60)),
                        Long.toString(rs.getLong("emergencies")),
                        rs.getString("holder") == null ? "" : rs.getString("holder"),
                        rs.getTimestamp("last_rotated_at") == null
                            ? ""
                            : time(rs.getTimestamp("last_rotated_at").toInstant())),
                    List.of("PR-1", "PR-5")))
            .list();
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

  Report lockouts() {
    Instant from = clock.instant().minus(PERIOD);
    List<Row> rows = new ArrayList<>();
    jdbc.sql(
            "select at, subject, actor, kind, detail from audit_event where at >= ? and kind in"
                + " ('KEYCLOAK_LOGIN_ERROR_LOCKED', 'ACCOUNT_UNLOCK', 'ACCOUNT_REPORTED_NOT_ME')"
                + " order by seq")
        .param(Timestamp.from(from))
        .query((rs, i) ->
            rows.add(
                new Row(
                    List.of(
                        time(rs.getTimestamp("at").toInstant()),
                        rs.getString("subject"),
                        switch (rs.getString("kind")) {
                          case "KEYCLOAK_LOGIN_ERROR_LOCKED" ->
                              "ロック中のログイン試行 / login tried while locked";
                          case "ACCOUNT_UNLOCK" -> "ロック解除 / unlocked";
                          default -> "本人以外のログインの申告でロック / locked on report";
                        },
                        rs.getString("kind").startsWith("KEYCLOAK") ? "" : rs.getString("actor"),
                        reasonOf(rs.getString("detail"))),
                    List.of("LG-1"))))
        .list();
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
    List<Row> rows =
        jdbc.sql(
                "select employee_number, issued_at, issued_by, handover_method, expires_at"
                    + " from temporary_password_issue where outcome = 'OUTSTANDING'"
                    + " or (outcome = 'EXPIRED' and ended_at >= ?) order by issued_at")
            .param(Timestamp.from(now.minus(PERIOD)))
            .query((rs, i) -> {
              Timestamp expires = rs.getTimestamp("expires_at");
              boolean expired = expires != null && !expires.toInstant().isAfter(now);
              return new Row(
                  List.of(
                      rs.getString("employee_number"),
                      time(rs.getTimestamp("issued_at").toInstant()),
                      rs.getString("issued_by"),
                      rs.getString("handover_method"),
                      expires == null ? "" : time(expires.toInstant()),
                      expired ? "期限切れ (未変更) / expired unchanged" : "未変更 / not yet changed"),
                  List.of("PW-4"));
            })
            .list();
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
    List<Row> rows =
        jdbc.sql(
                "select id, rule, scope_kind, scope_value, requested_by, decided_by, ends_at,"
                    + " emergency, status, report_due, reported_at from policy_exception where"
                    + " status in ('REQUESTED', 'IN_FORCE') or ends_at >= ? order by id")
            .param(Timestamp.from(clock.instant().minus(PERIOD)))
            .query((rs, i) ->
                new Row(
                    List.of(
                        "#" + rs.getLong("id"),
                        rs.getString("rule"),
                        rs.getString("scope_kind") + " " + rs.getString("scope_value"),
                        rs.getString("requested_by"),
                        rs.getString("decided_by") == null ? "" : rs.getString("decided_by"),
                        time(rs.getTimestamp("ends_at").toInstant()),
                        rs.getBoolean("emergency") ? "緊急 / emergency" : "",
                        rs.getString("status"),
                        rs.getBoolean("emergency") && rs.getTimestamp("reported_at") == null
                            ? "未報告 (期限 "
                                + time(rs.getTimestamp("report_due").toInstant())
                                + ") / not reported"
                            : ""),
                    List.of("GV-3")))
            .list();
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
    List<Row> rows = new ArrayList<>();
    jdbc.sql(
            "select id, username, reason_code, recorded_by, recorded_at from violation"
                + " where recorded_at >= ? order by id")
        .param(Timestamp.from(clock.instant().minus(Duration.ofDays(365))))
        .query((rs, i) ->
            rows.add(
                new Row(
                    List.of(
                        "違反 / violation #" + rs.getLong("id"),
                        rs.getString("username"),
                        code(rs.getString("reason_code")),
                        "",
                        rs.getString("recorded_by"),
                        time(rs.getTimestamp("recorded_at").toInstant()),
                        ""),
                    List.of("GV-4"))))
        .list();
    jdbc.sql(
            "select id, username, reason_code, measure, right_kind, right_value, imposed_by,"
                + " imposed_at, status, decided_by from sanction where status <> 'LIFTED' or"
                + " decided_at >= ? order by id")
        .param(Timestamp.from(clock.instant().minus(Duration.ofDays(365))))
        .query((rs, i) ->
            rows.add(
                new Row(
                    List.of(
                        "処分 / sanction #" + rs.getLong("id"),
                        rs.getString("username"),
                        code(rs.getString("reason_code")),
                        rs.getString("measure")
                            + " "
                            + rs.getString("right_kind")
                            + (rs.getString("right_value").isEmpty()
                                ? ""
                                : " " + rs.getString("right_value")),
                        rs.getString("imposed_by"),
                        time(rs.getTimestamp("imposed_at").toInstant()),
                        rs.getString("status")
                            + (rs.getString("decided_by") == null
                                ? ""
                                : " (" + rs.getString("decided_by") + ")")),
                    List.of("GV-4"))))
        .list();
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
    Optional<Map<String, Object>> latest =
        jdbc
            .sql(
                "select id, title, deadline, status from inventory_campaign order by id desc limit 1")
            .query()
            .listOfRows()
            .stream()
            .findFirst();
    List<Row> rows = new ArrayList<>();
    String scopeJa = "ID棚卸は未実施です";
    String scopeEn = "No ID inventory yet";
    if (latest.isPresent()) {
      long id = ((Number) latest.get().get("id")).longValue();
      scopeJa =
          "ID棚卸 #"
              + id
              + " "
              + latest.get().get("title")
              + " (期限 "
              + latest.get().get("deadline")
              + ", "
              + latest.get().get("status")
              + ")";
      scopeEn =
          "ID inventory #"
              + id
              + " (deadline "
              + latest.get().get("deadline")
              + ", "
              + latest.get().get("status")
              + ")";
      jdbc.sql(
              """
              select coalesce(nullif(sections, ''), '(所属なし / none)') as section,
                     count(*) as items,
                     count(*) filter (where decision = 'CONFIRMED') as confirmed,
                     count(*) filter (where decision = 'NOT_NEEDED') as not_needed,
                     count(*) filter (where decision is null) as unanswered,
                     count(*) filter (where findings <> '') as findings,
                     count(*) filter (where outcome like 'SUSPENDED%') as suspended
              from inventory_item where campaign_id = ? group by 1 order by 1
              """)
          .param(id)
          .query((rs, i) ->
              rows.add(
                  new Row(
                      List.of(
                          rs.getString("section"),
                          Long.toString(rs.getLong("items")),
                          Long.toString(rs.getLong("confirmed")),
                          Long.toString(rs.getLong("not_needed")),
                          Long.toString(rs.getLong("unanswered")),
                          Long.toString(rs.getLong("findings")),
                          Long.toString(rs.getLong("suspended"))),
                      List.of("LC-3"))))
          .list();
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
    List<Row> rows =
        jdbc.sql(
                "select detected_at, realm, setting, expected, found, requirement_ids,"
                    + " restored_at from realm_drift where restored_at is null or detected_at >= ?"
                    + " order by id")
            .param(Timestamp.from(clock.instant().minus(PERIOD)))
            .query((rs, i) ->
                new Row(
                    List.of(
                        time(rs.getTimestamp("detected_at").toInstant()),
                        rs.getString("realm"),
                        rs.getString("setting"),
                        rs.getString("expected"),
                        rs.getString("found"),
                        rs.getTimestamp("restored_at") == null
                            ? "未復元 / not restored"
                            : time(rs.getTimestamp("restored_at").toInstant())),
                    List.of(rs.getString("requirement_ids").split(",\\s*"))))
            .list();
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
