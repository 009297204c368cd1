package jp.mamori.authz.report;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.credential.CredentialQueries;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.privileged.PrivilegedQueries;
import jp.mamori.authz.realm.RealmQueries;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;

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
class Reports {

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
  private final Clock clock;
  private final ZoneId zone;
  private final AccountReports accounts;
  private final ActivityReports activity;
  private final GovernanceReports governance;

  public Reports(
      Queries queries,
      List<ReconcileTarget> targets,
      Supplier<Inventories.HrView> hr,
      MfaSource mfa,
      Policy policy,
      Clock clock,
      ZoneId zone) {
    this.queries = queries;
    this.clock = clock;
    this.zone = zone;
    ReportFormat format = new ReportFormat(clock, zone);
    this.accounts =
        new AccountReports(queries, List.copyOf(targets), hr, policy, format, clock, zone);
    this.activity = new ActivityReports(queries, mfa, policy, format, clock);
    this.governance = new GovernanceReports(queries, format, clock);
  }

  /** Generates one report by its ID. */
  public Report generate(String id) {
    return switch (id) {
      case "orphans" -> accounts.orphans();
      case "dormant" -> accounts.dormant();
      case "ended" -> accounts.ended();
      case "privileged" -> activity.privileged();
      case "lockouts" -> activity.lockouts();
      case "temporary-passwords" -> activity.temporaryPasswords();
      case "mfa" -> activity.mfa();
      case "exceptions" -> governance.exceptions();
      case "sanctions" -> governance.sanctions();
      case "inventory" -> governance.inventory();
      case "drift" -> governance.drift();
      case "compliance" -> new ComplianceMatrix(queries.audit(), zone).generate(clock.instant());
      default ->
          throw new IllegalArgumentException(
              "report: expected one of " + CATALOGUE.keySet() + "; found " + id);
    };
  }
}
