package jp.mamori.authz.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Violations and sanctions (GV-4). A recorded violation notifies the section head of each of the
 * person's sections; a repeated one (a second within {@link #REPEAT_WINDOW}) raises an alert so
 * that a sanction is considered. A sanction suspends or revokes one right — the whole account
 * (suspended in Keycloak, sessions ended), one network tier, one business system, or privileged
 * checkouts — with a reason code; the CISO is notified. A sanction is lifted only by a
 * reinstatement that one person requests and another approves as CISO; a revocation is lifted the
 * same way (the right is granted again) but is never lifted by anything else. Every step is in the
 * audit log, in its own transaction.
 */
@Enforces(
    value = {"GV-4"},
    ja = "違反を所属長に通知し、権利の停止・取消を CISO に報告し、解除には承認を求める",
    en =
        "Notifies violations to the section head, suspends or revokes rights with the CISO told, needs approval to reinstate")
public class Sanctions {

  /** Reason codes (GV-4), each with Japanese and English labels. */
  public enum Code {
    PASSWORD_SHARED("パスワードの共有・貸与", "password shared or lent"),
    UNAUTHORIZED_ACCESS("権限外の情報へのアクセス", "access to information beyond one's duties"),
    DATA_TAKEN_OUT("情報の無許可の持ち出し", "information taken out without permission"),
    UNAUTHORIZED_DEVICE("許可されていない機器・ソフトウェアの使用", "unauthorised device or software"),
    TERMINAL_MISUSE("端末・システムの目的外利用", "terminal or system used for other purposes"),
    OTHER("その他の情報セキュリティポリシー違反", "other breach of the security policy");

    private final String ja;
    private final String en;

    Code(String ja, String en) {
      this.ja = ja;
      this.en = en;
    }

    public String ja() {
      return ja;
    }

    public String en() {
      return en;
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

  /** A request that cannot be carried out as asked. */
  public static final class Refused extends GovernanceRefusal {
    Refused(String message, boolean conflict) {
      super(message, conflict, false, "処分: この操作はできません / sanction: this cannot be done");
    }
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

    /** Whether it takes away access to {@code system} of {@code tier} (while not lifted). */
    public boolean blocks(String system, Tier tier) {
      if (status == Status.LIFTED) {
        return false;
      }
      return switch (right) {
        case ACCOUNT -> true;
        case TIER -> rightValue.equals(tier.name());
        case SYSTEM -> rightValue.equals(system);
        case PRIVILEGED -> false;
      };
    }

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

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Accounts accounts;
  private final Clock clock;
  private final ZoneId zone;
  private volatile Cached cache = new Cached(Map.of(), Instant.EPOCH);

  private record Cached(Map<String, List<Sanction>> byUser, Instant at) {}

  public Sanctions(
      JdbcClient jdbc, AuditLog audit, Alerts alerts, Accounts accounts, Clock clock, ZoneId zone) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.alerts = alerts;
    this.accounts = accounts;
    this.clock = clock;
    this.zone = zone;
  }

  // ------------------------------------------------------------------------------- violations

  /**
   * Records a violation and notifies the section head of each of the person's sections (recipient
   * {@code section-head:<code>}). A second violation within {@link #REPEAT_WINDOW} raises an alert
   * {@code VIOLATION_REPEATED}: the rights should be suspended or revoked (GV-4).
   */
  public Violation recordViolation(String actor, String username, String code, String description) {
    Code reason = code(code);
    requireText("description", description, "what happened, when and where");
    TargetAccount account = account(username);
    Instant now = clock.instant();
    List<String> sections = new ArrayList<>(new TreeSet<>(account.sections()));
    long id =
        audit.recorded(
            () ->
                jdbc.sql(
                        """
                        insert into violation (username, sections, reason_code, description,
                            recorded_by, recorded_at)
                        values (?, ?, ?, ?, ?, ?) returning id\
                        """)
                    .params(
                        username,
                        String.join(",", sections),
                        reason.name(),
                        description.strip(),
                        actor,
                        Timestamp.from(now))
                    .query(Long.class)
                    .single(),
            created ->
                new Entry(
                    "VIOLATION_RECORDED",
                    actor,
                    username,
                    AuditLog.detail(
                        fields(
                            "violation", created,
                            "code", reason.name(),
                            "sections", String.join(",", sections),
                            "description", description.strip())),
                    "GV-4"));
    for (String section : sections) {
      alerts.notify(
          "section-head:" + section,
          "所属職員 " + username + " の情報セキュリティポリシー違反 (" + reason.ja() + ")",
          "Security policy violation by " + username + " (" + reason.en() + ")",
          description.strip() + "\n(違反記録 #" + id + " / violation #" + id + ", GV-4)");
    }
    long recent =
        jdbc.sql("select count(*) from violation where username = ? and recorded_at > ?")
            .params(username, Timestamp.from(now.minus(REPEAT_WINDOW)))
            .query(Long.class)
            .single();
    if (recent > 1) {
      alerts.raise(
          "VIOLATION_REPEATED",
          "person/" + username,
          username + " の違反が " + recent + " 件目です (1年以内): 権利の停止・取消を検討してください",
          username + " has " + recent + " violations within a year: consider a sanction",
          "GV-4");
    }
    return violation(id);
  }

  // ------------------------------------------------------------------------------- sanctions

  /**
   * Suspends or revokes one right of a person, with a reason code and a note; the CISO is notified.
   * A whole-account sanction suspends the account in Keycloak (sessions end) in the same step.
   *
   * @param violationId the violation it answers, if any
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
    Code reason = code(code);
    requireText("note", note, "why the right is taken away");
    if (actor.equals(username)) {
      throw new Refused("username: expected another person than the one imposing it", false);
    }
    if (violationId != null) {
      Violation v = violation(violationId);
      if (!v.username().equals(username)) {
        throw new Refused(
            "violationId: expected a violation by "
                + username
                + "; violation #"
                + violationId
                + " is by "
                + v.username(),
            false);
      }
    }
    TargetAccount account = account(username);
    String rightValueFinal = value;
    boolean duplicate =
        active(username).stream()
            .anyMatch(s -> s.right() == r && s.rightValue().equals(rightValueFinal));
    if (duplicate) {
      throw new Refused(
          username + ": a sanction on " + r + " " + rightValueFinal + " is already in force", true);
    }
    Instant now = clock.instant();
    long id =
        audit.recorded(
            () -> {
              long created =
                  jdbc.sql(
                          """
                          insert into sanction (username, violation_id, measure, right_kind,
                              right_value, reason_code, note, imposed_by, imposed_at, status)
                          values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'IN_FORCE') returning id\
                          """)
                      .params(
                          username,
                          violationId,
                          m.name(),
                          r.name(),
                          rightValueFinal,
                          reason.name(),
                          note.strip(),
                          actor,
                          Timestamp.from(now))
                      .query(Long.class)
                      .single();
              if (r == Right.ACCOUNT) {
                accounts.suspend(
                    account,
                    StopReason.SANCTIONED,
                    Reason.of(
                        "処分 #" + created + " (" + reason.ja() + ")",
                        "sanction #" + created + " (" + reason.en() + ")",
                        "GV-4"),
                    LocalDate.ofInstant(now, zone));
              }
              return created;
            },
            created ->
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
    requireText("reason", reason, "why the right should be given back");
    Sanction s = sanction(id);
    if (s.status() != Status.IN_FORCE) {
      throw new Refused(
          "sanction #"
              + id
              + ": expected one in force to ask for reinstatement; found "
              + s.status(),
          true);
    }
    if (s.username().equals(actor)) {
      throw new Refused(
          "sanction #" + id + ": the sanctioned person cannot ask for their own reinstatement",
          false);
    }
    Instant now = clock.instant();
    audit.recorded(
        () ->
            jdbc.sql(
                    "update sanction set status = 'REINSTATEMENT_REQUESTED',"
                        + " reinstatement_requested_by = ?, reinstatement_requested_at = ?,"
                        + " reinstatement_reason = ? where id = ? and status = 'IN_FORCE'")
                .params(actor, Timestamp.from(now), reason.strip(), id)
                .update(),
        n ->
            n == 0
                ? null
                : entry(
                    "REINSTATEMENT_REQUESTED",
                    actor,
                    s.username(),
                    fields("sanction", id, "reason", reason.strip())));
    alerts.notify(
        "CISO",
        "処分 #" + id + " (" + s.username() + ") の解除申請",
        "Reinstatement requested for sanction #" + id + " (" + s.username() + ")",
        reason.strip());
    return sanction(id);
  }

  /**
   * The CISO approves a reinstatement (never the person who asked for it, nor the one sanctioned):
   * the right is given back, a whole-account sanction's stop is lifted in Keycloak.
   */
  public Sanction approveReinstatement(long id, String actor, String note) {
    return decide(id, actor, note, true);
  }

  /** The CISO refuses a reinstatement: the sanction stays in force. */
  public Sanction rejectReinstatement(long id, String actor, String note) {
    return decide(id, actor, note, false);
  }

  private Sanction decide(long id, String actor, String note, boolean approve) {
    Sanction s = sanction(id);
    if (s.status() != Status.REINSTATEMENT_REQUESTED) {
      throw new Refused(
          "sanction #" + id + ": expected a reinstatement request to decide; found " + s.status(),
          true);
    }
    if (s.reinstatementRequestedBy().orElseThrow().equals(actor) || s.username().equals(actor)) {
      throw new Refused(
          "sanction #"
              + id
              + ": expected another person than the one who asked (and than the one sanctioned)"
              + " to decide (GV-4)",
          true);
    }
    Instant now = clock.instant();
    String text = note == null ? "" : note.strip();
    audit.recorded(
        () -> {
          int n =
              jdbc.sql(
                      "update sanction set status = ?, decided_by = ?, decided_at = ?,"
                          + " decision_note = ? where id = ? and status = 'REINSTATEMENT_REQUESTED'")
                  .params(
                      approve ? Status.LIFTED.name() : Status.IN_FORCE.name(),
                      actor,
                      Timestamp.from(now),
                      text,
                      id)
                  .update();
          if (n == 1 && approve && s.right() == Right.ACCOUNT && !otherAccountSanction(s)) {
            accounts
                .find(s.username())
                .ifPresent(a -> accounts.reinstate(a, LocalDate.ofInstant(now, zone)));
          }
          return n;
        },
        n ->
            n == 0
                ? null
                : entry(
                    approve ? "SANCTION_LIFTED" : "REINSTATEMENT_REJECTED",
                    actor,
                    s.username(),
                    fields("sanction", id, "note", text)));
    cache = new Cached(Map.of(), Instant.EPOCH);
    return sanction(id);
  }

  private boolean otherAccountSanction(Sanction lifted) {
    return jdbc.sql(
                "select count(*) from sanction where username = ? and right_kind = 'ACCOUNT'"
                    + " and status <> 'LIFTED' and id <> ?")
            .params(lifted.username(), lifted.id())
            .query(Long.class)
            .single()
        > 0;
  }

  // ------------------------------------------------------------------------------- reading

  /** The sanctions not lifted, of one person (cached for {@link #CACHE_TTL}). */
  public List<Sanction> active(String username) {
    Instant now = clock.instant();
    Cached c = cache;
    if (!c.at().plus(CACHE_TTL).isAfter(now)) {
      Map<String, List<Sanction>> byUser = new HashMap<>();
      jdbc.sql("select * from sanction where status <> 'LIFTED' order by id")
          .query(Sanctions::sanctionRow)
          .list()
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
    return jdbc.sql("select * from sanction order by id desc").query(Sanctions::sanctionRow).list();
  }

  public List<Violation> violations() {
    return jdbc.sql("select * from violation order by id desc")
        .query(Sanctions::violationRow)
        .list();
  }

  public Sanction sanction(long id) {
    return jdbc.sql("select * from sanction where id = ?")
        .param(id)
        .query(Sanctions::sanctionRow)
        .optional()
        .orElseThrow(() -> new Refused("no sanction #" + id, true));
  }

  public Violation violation(long id) {
    return jdbc.sql("select * from violation where id = ?")
        .param(id)
        .query(Sanctions::violationRow)
        .optional()
        .orElseThrow(() -> new Refused("violationId: no violation #" + id, false));
  }

  // ------------------------------------------------------------------------------- helpers

  private TargetAccount account(String username) {
    if (username == null || username.isBlank()) {
      throw new Refused("username: expected the person's login name; found nothing", false);
    }
    return accounts
        .find(username)
        .orElseThrow(() ->
            new Refused(
                "username: expected an existing account; found none named " + username, false));
  }

  private static Code code(String code) {
    return parse(Code.class, "code", code);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value == null ? "" : value.strip());
    } catch (IllegalArgumentException e) {
      throw new Refused(
          field
              + ": expected one of "
              + Arrays.toString(type.getEnumConstants())
              + "; found "
              + (value == null ? "nothing" : value),
          false);
    }
  }

  private static void requireText(String field, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw new Refused(field + ": expected " + expected + "; found nothing", false);
    }
    if (value.length() > 2000) {
      throw new Refused(
          field + ": expected at most 2000 characters; found " + value.length(), false);
    }
  }

  private static Map<String, Object> fields(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static Entry entry(String kind, String actor, String username, Map<String, ?> fields) {
    return new Entry(kind, actor, username, AuditLog.detail(fields), "GV-4");
  }

  private static Violation violationRow(ResultSet rs, int i) throws SQLException {
    String sections = rs.getString("sections");
    return new Violation(
        rs.getLong("id"),
        rs.getString("username"),
        sections.isEmpty() ? List.of() : List.of(sections.split(",")),
        Code.valueOf(rs.getString("reason_code")),
        rs.getString("description"),
        rs.getString("recorded_by"),
        rs.getTimestamp("recorded_at").toInstant());
  }

  private static Sanction sanctionRow(ResultSet rs, int i) throws SQLException {
    long violation = rs.getLong("violation_id");
    Optional<Long> violationId = rs.wasNull() ? Optional.empty() : Optional.of(violation);
    return new Sanction(
        rs.getLong("id"),
        rs.getString("username"),
        violationId,
        Measure.valueOf(rs.getString("measure")),
        Right.valueOf(rs.getString("right_kind")),
        rs.getString("right_value"),
        Code.valueOf(rs.getString("reason_code")),
        rs.getString("note"),
        rs.getString("imposed_by"),
        rs.getTimestamp("imposed_at").toInstant(),
        Status.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getString("reinstatement_requested_by")),
        Optional.ofNullable(rs.getString("reinstatement_reason")),
        Optional.ofNullable(rs.getString("decided_by")),
        Optional.ofNullable(rs.getTimestamp("decided_at")).map(Timestamp::toInstant));
  }
}
