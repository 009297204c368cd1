package jp.mamori.authz.governance;

import static jp.mamori.authz.governance.GovernanceEvents.fields;
import static jp.mamori.authz.governance.SanctionChecks.entry;
import static jp.mamori.authz.governance.SanctionChecks.parse;
import static jp.mamori.authz.governance.SanctionChecks.requireText;

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
import java.util.function.LongSupplier;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Violations and sanctions (GV-4). A recorded violation notifies the section head of each of the
 * person's sections; a repeated one (a second within {@link #REPEAT_WINDOW}) raises an alert so
 * that a sanction is considered. A sanction suspends or revokes one right — the whole account
 * (suspended in Keycloak, sessions ended), one network tier, one business system, or privileged
 * checkouts — with a reason code; the CISO is notified. A sanction is lifted only by a
 * reinstatement that one person requests and another approves as CISO; a revocation is lifted the
 * same way (the right is granted again) but is never lifted by anything else. Every step is in the
 * audit log, in its own transaction.
 *
 * <p>A whole-account sanction changes Keycloak, which cannot commit with the database: the
 * suspension and the reinstatement go through {@link SanctionAccounts} (request on record first,
 * outcome after, {@link RecordedChange}), never inside a database transaction whose rollback would
 * leave Keycloak changed and nothing on record.
 */
@Enforces(
    value = {"GV-4"},
    ja = "違反を所属長に通知し、権利の停止・取消を CISO に報告し、解除には承認を求める",
    en =
        "Notifies violations to the section head, suspends or revokes rights with the CISO told, needs approval to reinstate")
public class Sanctions implements RecordedChange.Settling {

  /** Reason codes (GV-4), each with Japanese and English labels. */
  public enum Code {
    PASSWORD_SHARED("パスワードの共有・貸与", "password shared or lent"),
    UNAUTHORIZED_ACCESS("権限外の情報へのアクセス", "access to information beyond one's duties"),
    DATA_TAKEN_OUT("情報の無許可の持ち出し", "information taken out without permission"),
    UNAUTHORIZED_DEVICE("許可されていない機器・ソフトウェアの使用", "unauthorised device or software"),
    TERMINAL_MISUSE("端末・システムの目的外利用", "terminal or system used for other purposes"),
    OTHER("その他の情報セキュリティポリシー違反", "other breach of the security policy");

    private final Bilingual text;

    Code(String ja, String en) {
      this.text = new Bilingual(ja, en);
    }

    /** The name for people, in both languages. */
    public Bilingual text() {
      return text;
    }

    public String ja() {
      return text.ja();
    }

    public String en() {
      return text.en();
    }
  }

  /** Suspension (until reinstated) or revocation (the right is withdrawn). */
  public enum Measure {
    SUSPEND,
    REVOKE
  }

  /** Which right a sanction takes away. */
  public enum Right {
    /** The whole account: suspended in Keycloak, every session ended. */
    ACCOUNT,
    /** Access to one network tier ({@code MYNUMBER}, {@code LGWAN}, {@code INTERNET}). */
    TIER,
    /** One business system (its Keycloak client ID). */
    SYSTEM,
    /** Privileged ID checkouts. */
    PRIVILEGED
  }

  /** Where a sanction stands. */
  public enum Status {
    IN_FORCE,
    REINSTATEMENT_REQUESTED,
    LIFTED
  }

  /** A second violation within this period counts as continuing (GV-4). */
  public static final Duration REPEAT_WINDOW = Duration.ofDays(365);

  /** How long the sanctions in force are kept in memory for access decisions. */
  static final Duration CACHE_TTL = Duration.ofSeconds(10);

  /** The accounts a sanction acts on (Keycloak in the service). */
  public interface Accounts {
    /** The account by username; empty if there is none. */
    Optional<TargetAccount> find(String username);

    /** Suspends it for the reason; sessions end. */
    void suspend(TargetAccount account, StopReason reason, Reason why, LocalDate today);

    /** Lifts the stop. */
    void reinstate(TargetAccount account, LocalDate today);
  }

  /** One recorded violation. */
  public record Violation(
      long id,
      String username,
      List<String> sections,
      Code code,
      String description,
      String recordedBy,
      Instant recordedAt) {

    /** Without the description: it is about a person and may name others. */
    @Override
    public String toString() {
      return "Violation[#" + id + ", " + username + ", " + code + ", " + recordedAt + "]";
    }
  }

  /** One sanction. */
  public record Sanction(
      long id,
      String username,
      Optional<Long> violationId,
      Measure measure,
      Right right,
      String rightValue,
      Code code,
      String note,
      String imposedBy,
      Instant imposedAt,
      Status status,
      Optional<String> reinstatementRequestedBy,
      Optional<String> reinstatementReason,
      Optional<String> decidedBy,
      Optional<Instant> decidedAt) {

    /** For people: "停止: マイナンバー利用事務系" style, in both languages. */
    public String describeJa() {
      return (measure == Measure.SUSPEND ? "停止" : "取消")
          + " ("
          + switch (right) {
            case ACCOUNT -> "アカウント全体";
            case TIER -> "ネットワーク " + rightValue;
            case SYSTEM -> "システム " + rightValue;
            case PRIVILEGED -> "特権IDの貸出";
          }
          + ")";
    }

    public String describeEn() {
      return (measure == Measure.SUSPEND ? "suspended" : "revoked")
          + " ("
          + switch (right) {
            case ACCOUNT -> "whole account";
            case TIER -> "tier " + rightValue;
            case SYSTEM -> "system " + rightValue;
            case PRIVILEGED -> "privileged checkouts";
          }
          + ")";
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Sanctions.class);

  private final SanctionStore store;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Accounts accounts;
  private final SanctionAccounts keycloak;
  private final Violations violations;
  private final Reinstatements reinstatements;
  private final Clock clock;
  private volatile Cached cache = new Cached(Map.of(), Instant.EPOCH);

  private record Cached(Map<String, List<Sanction>> byUser, Instant at) {}

  public Sanctions(
      SanctionStore store,
      AuditLog audit,
      Alerts alerts,
      Accounts accounts,
      Clock clock,
      ZoneId zone) {
    this.store = store;
    this.audit = audit;
    this.alerts = alerts;
    this.accounts = accounts;
    this.keycloak = new SanctionAccounts(store, audit, alerts, accounts, clock, zone);
    this.violations = new Violations(this, store, audit, alerts, clock);
    this.reinstatements = new Reinstatements(store, audit, alerts, accounts, keycloak, clock);
    this.clock = clock;
  }

  // ------------------------------------------------------------------------------- violations

  /**
   * Records a violation and notifies the section head of each of the person's sections (recipient
   * {@code section-head:<code>}). A second violation within {@link #REPEAT_WINDOW} raises an alert
   * {@code VIOLATION_REPEATED}: the rights should be suspended or revoked (GV-4).
   */
  public Violation recordViolation(String actor, String username, String code, String description) {
    return violations.record(actor, username, code, description);
  }

  // ------------------------------------------------------------------------------- sanctions

  /**
   * Suspends or revokes one right of a person, with a reason code and a note; the CISO is notified.
   * A whole-account sanction suspends the account in Keycloak (sessions end) as well, even when the
   * database refuses the record (it raises security; {@link SanctionAccounts}).
   *
   * @param violationId the violation it answers, if any
   * @throws RecordedChange.Unrecorded when the account is suspended but not (fully) on record
   */
  public Sanction impose(
      String actor,
      String username,
      Long violationId,
      String measure,
      String right,
      String rightValue,
      String code,
      String note) {
    Measure m = parse(Measure.class, "measure", measure);
    Right r = parse(Right.class, "right", right);
    String value = rightValue == null ? "" : rightValue.strip();
    switch (r) {
      case TIER -> parse(Tier.class, "rightValue (tier)", value);
      case SYSTEM ->
          requireText("rightValue", value, "the business system's client ID for right SYSTEM");
      case ACCOUNT, PRIVILEGED -> value = "";
    }
    Code reason = parse(Code.class, "code", code);
    requireText("note", note, "why the right is taken away");
    if (actor.equals(username)) {
      throw new SanctionRefused(
          Fault.INVALID, "username: expected another person than the one imposing it");
    }
    if (violationId != null) {
      Violation v = violation(violationId);
      if (!v.username().equals(username)) {
        throw new SanctionRefused(
            Fault.INVALID,
            "violationId: expected a violation by "
                + username
                + "; violation #"
                + violationId
                + " is by "
                + v.username());
      }
    }
    settlePending(username);
    TargetAccount account = account(username);
    String rightValueFinal = value;
    boolean duplicate =
        active(username).stream()
            .anyMatch(s -> s.right() == r && s.rightValue().equals(rightValueFinal));
    if (duplicate) {
      throw new SanctionRefused(
          Fault.CONFLICT,
          username + ": a sanction on " + r + " " + rightValueFinal + " is already in force");
    }
    Instant now = clock.instant();
    LongSupplier record =
        () -> {
          long created =
              store.insertSanction(
                  username, violationId, m, r, rightValueFinal, reason, note.strip(), actor, now);
          audit.append(
              entry(
                  "SANCTION_IMPOSED",
                  actor,
                  username,
                  fields(
                      "sanction",
                      created,
                      "measure",
                      m.name(),
                      "right",
                      r.name() + (rightValueFinal.isEmpty() ? "" : ":" + rightValueFinal),
                      "code",
                      reason.name(),
                      "violation",
                      violationId == null ? "" : violationId,
                      "note",
                      note.strip())));
          return created;
        };
    long id =
        r == Right.ACCOUNT
            ? keycloak.suspend(actor, username, account, reason, record)
            : audit.inTransaction(record::getAsLong);
    cache = new Cached(Map.of(), Instant.EPOCH);
    Sanction s = sanction(id);
    alerts.notify(
        "CISO",
        username + " の権利を" + s.describeJa() + "しました (" + reason.ja() + ")",
        username + ": " + s.describeEn() + " (" + reason.en() + ")",
        note.strip() + "\n(処分 #" + id + " / sanction #" + id + " by " + actor + ", GV-4)");
    return s;
  }

  /** Asks for a sanction to be lifted; another person approves it as CISO. */
  public Sanction requestReinstatement(long id, String actor, String reason) {
    return reinstatements.request(id, actor, reason);
  }

  /**
   * The CISO approves a reinstatement (never the person who asked for it, nor the one sanctioned):
   * the right is given back. A whole-account sanction's stop is lifted in Keycloak only once the
   * approval is on record, and the sanction is lifted on record once Keycloak has lifted it ({@link
   * SanctionAccounts}).
   *
   * @throws RecordedChange.Unrecorded when the account is reinstated but the sanction not yet
   *     lifted on record (the approval is; settled by reading Keycloak)
   */
  public Sanction approveReinstatement(long id, String actor, String note) {
    return decide(id, actor, note, true);
  }

  /** The CISO refuses a reinstatement: the sanction stays in force. */
  public Sanction rejectReinstatement(long id, String actor, String note) {
    return decide(id, actor, note, false);
  }

  private Sanction decide(long id, String actor, String note, boolean approve) {
    settlePending(sanction(id).username()); // a change left pending may have lifted it already
    reinstatements.decide(sanction(id), actor, note, approve);
    cache = new Cached(Map.of(), Instant.EPOCH);
    return sanction(id);
  }

  /**
   * Settles the whole-account sanctions' changes left pending, by reading Keycloak; answers how
   * many were settled. Run by the settling job and before each decision on a person.
   */
  @Override
  public int settlePending() {
    int settled = keycloak.settlePending(Optional.empty());
    if (settled > 0) {
      cache = new Cached(Map.of(), Instant.EPOCH);
    }
    return settled;
  }

  @Override
  public String changes() {
    return "sanctions' account changes";
  }

  /** As {@link #settlePending()}, for one person; never fails the decision that asks (logged). */
  private void settlePending(String username) {
    try {
      if (keycloak.settlePending(Optional.of(username)) > 0) {
        cache = new Cached(Map.of(), Instant.EPOCH);
      }
    } catch (RuntimeException e) {
      log.warn("Pending sanction changes of {} not settled now: {}", username, e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------- reading

  /** The sanctions not lifted, of one person (cached for {@link #CACHE_TTL}). */
  public List<Sanction> active(String username) {
    Instant now = clock.instant();
    Cached c = cache;
    if (!c.at().plus(CACHE_TTL).isAfter(now)) {
      Map<String, List<Sanction>> byUser = new HashMap<>();
      store
          .notLifted()
          .forEach(s -> byUser.computeIfAbsent(s.username(), k -> new ArrayList<>()).add(s));
      c = new Cached(Map.copyOf(byUser), now);
      cache = c;
    }
    return c.byUser().getOrDefault(username, List.of());
  }

  /** Whether privileged checkouts are taken away from the person (PR, GV-4). */
  public Optional<Sanction> privilegedBlocked(String username) {
    return active(username).stream()
        .filter(s -> s.right() == Right.PRIVILEGED || s.right() == Right.ACCOUNT)
        .findFirst();
  }

  public List<Sanction> sanctions() {
    return store.sanctions();
  }

  public List<Violation> violations() {
    return violations.all();
  }

  public Sanction sanction(long id) {
    return store
        .sanction(id)
        .orElseThrow(() -> new SanctionRefused(Fault.CONFLICT, "no sanction #" + id));
  }

  public Violation violation(long id) {
    return violations.violation(id);
  }

  // ------------------------------------------------------------------------------- helpers

  TargetAccount account(String username) {
    if (username == null || username.isBlank()) {
      throw new SanctionRefused(
          Fault.INVALID, "username: expected the person's login name; found nothing");
    }
    return accounts
        .find(username)
        .orElseThrow(() ->
            new SanctionRefused(
                Fault.INVALID,
                "username: expected an existing account; found none named " + username));
  }
}
