package jp.mamori.authz.revocation;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.GovernanceRefusal;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.privileged.HolderStops;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.authz.stepup.StepUpKeys;
import jp.mamori.policy.Enforces;
import jp.mamori.webauthn.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emergency revocation (懲戒免職, a stolen card, "これは私ではありません"): one request stops a person everywhere
 * at once, each step whatever the others did —
 *
 * <ol>
 *   <li>Mamori's own decisions and Keycloak: a whole-account sanction ({@code REVOKE}) is imposed,
 *       so every access decision for the person is a denial from its commit, and the Keycloak
 *       account is disabled with every session and refresh token ended; when such a sanction is
 *       already in force the account is stopped again all the same;
 *   <li>the directory account: stopped (Mamori's state marker; ACCOUNTDISABLE in Active Directory)
 *       and its password replaced by one nobody knows, so that no LDAP bind succeeds;
 *   <li>privileged IDs: every checkout held is checked in (password rotated), every request waiting
 *       cancelled, eligibility withdrawn ({@link HolderStops});
 *   <li>step-up keys: every authenticator of the person retired (never usable again).
 * </ol>
 *
 * The request ({@code REVOCATION_REQUESTED}, who and why) goes on record before anything changes,
 * the outcome ({@code REVOCATION_DONE} or {@code REVOCATION_INCOMPLETE} with the steps that failed)
 * after; an incomplete one raises the alert {@code REVOCATION_INCOMPLETE}. Stopping raises
 * security: when the database refuses the request's record the stops are made all the same and the
 * outcome says the record is missing. Lifting it is a reinstatement of the sanction (GV-4), a new
 * password and new keys.
 */
@Enforces(
    value = {"GV-4", "LC-2", "PR-3", "MF-3"},
    ja = "緊急停止: 一度の操作で SSO・ディレクトリ・特権ID・本人確認キー・アクセス判定のすべてを直ちに止める",
    en =
        "Emergency revocation: one request stops SSO, the directory, privileged IDs, step-up keys and access decisions at once")
public final class Revocations {

  private static final Logger log = LoggerFactory.getLogger(Revocations.class);

  /** The requirement the record names. */
  static final String REQUIREMENT = "GV-4";

  /** The person's directory account. */
  public interface Directory {
    /**
     * Stops the account of {@code employeeNumber} and withdraws its password.
     *
     * @return false when the directory holds no account of theirs
     */
    boolean stop(String employeeNumber, String why, LocalDate today);
  }

  /**
   * The privileged IDs the person holds or may request ({@link HolderStops#end(String, String)}).
   */
  @FunctionalInterface
  public interface Holders {
    /** Checks in every checkout held, cancels every request waiting, withdraws eligibility. */
    HolderStops.Ended end(String person, String why);
  }

  /** Keycloak, when the account's sanction is already in force: the account stopped again. */
  public interface Sessions {
    /** Disables the account and ends its sessions; false when Keycloak has no such account. */
    boolean stop(String username, String why, LocalDate today);
  }

  /** A revocation refused before anything was changed (a missing reason). */
  public static final class Refused extends Refusal {
    private static final long serialVersionUID = 1L;

    Refused(String detail) {
      super(
          Fault.INVALID,
          "REVOCATION_REFUSED",
          new Bilingual("緊急停止: この要求は受け付けられません", "revocation: this request cannot be carried out"),
          detail,
          REQUIREMENT);
    }
  }

  /**
   * What was done.
   *
   * @param sanction the whole-account sanction imposed, if this request imposed one
   * @param keycloak whether the Keycloak account is stopped (by the sanction or again)
   * @param directory whether a directory account was stopped
   * @param failures each step that failed, with its error
   */
  public record Outcome(
      String username,
      Optional<Long> sanction,
      boolean keycloak,
      boolean directory,
      List<Long> checkedIn,
      List<Long> cancelled,
      List<String> eligibilityWithdrawn,
      List<String> keysRevoked,
      List<String> failures) {

    public boolean complete() {
      return failures.isEmpty();
    }
  }

  private final Sanctions sanctions;
  private final Sessions sessions;
  private final Directory directory;
  private final Holders holders;
  private final StepUpKeys keys;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Clock clock;
  private final ZoneId zone;

  public Revocations(
      Sanctions sanctions,
      Sessions sessions,
      Directory directory,
      Holders holders,
      StepUpKeys keys,
      AuditLog audit,
      Alerts alerts,
      Clock clock,
      ZoneId zone) {
    this.sanctions = sanctions;
    this.sessions = sessions;
    this.directory = directory;
    this.holders = holders;
    this.keys = keys;
    this.audit = audit;
    this.alerts = alerts;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Stops {@code username} everywhere at once.
   *
   * @param actor who asks (recorded)
   * @param reason why (mandatory; recorded and shown in every step's record)
   * @throws Refused when the username or the reason is missing, or the person is the actor
   */
  public Outcome revoke(String actor, String username, String reason) {
    if (username == null || username.isBlank()) {
      throw new Refused("username: expected the person to stop; found none");
    }
    requireReason(reason);
    String person = username.strip();
    String why = reason.strip();
    if (person.equals(actor)) {
      throw new Refused("username: expected another person than the one revoking; found " + person);
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    List<String> failures = new ArrayList<>();
    try {
      audit.append(
          new Entry(
              "REVOCATION_REQUESTED",
              actor,
              person,
              AuditLog.detail(fields("reason", why)),
              REQUIREMENT));
    } catch (RuntimeException e) { // stopping raises security: it goes on, the failure is reported
      failures.add("audit: the request could not be recorded: " + e.getMessage());
    }
    Optional<Long> sanction = Optional.empty();
    boolean keycloak = false;
    try {
      Sanctions.Sanction s =
          sanctions.impose(
              actor, person, null, "REVOKE", "ACCOUNT", null, "OTHER", "緊急停止 / revocation: " + why);
      sanction = Optional.of(s.id());
      keycloak = true;
    } catch (GovernanceRefusal e) {
      if (e.fault()
          != Refusal.Fault.CONFLICT) { // no such account, or the like: nothing to stop in Keycloak
        failures.add("keycloak: " + e.getMessage());
      } else { // a sanction on the account is in force already: stop the account again
        keycloak = step("keycloak", failures, () -> sessions.stop(person, why, today));
      }
    } catch (RuntimeException e) {
      failures.add("keycloak: " + e.getMessage());
    }
    boolean dir = step("directory", failures, () -> directory.stop(person, why, today));
    HolderStops.Ended ended = new HolderStops.Ended(person, List.of(), List.of(), List.of());
    try {
      ended = holders.end(person, "緊急停止 / revocation: " + why);
    } catch (RuntimeException e) {
      failures.add("privileged: " + e.getMessage());
    }
    List<String> revoked = List.of();
    try {
      revoked = keys.retireAll(person, "緊急停止 / revocation: " + why);
    } catch (RuntimeException e) {
      failures.add("step-up keys: " + e.getMessage());
    }
    Outcome outcome =
        new Outcome(
            person,
            sanction,
            keycloak,
            dir,
            ended.checkedIn(),
            ended.cancelled(),
            ended.withdrawnFrom(),
            revoked,
            List.copyOf(failures));
    record(actor, outcome);
    return outcome;
  }

  /**
   * Refuses a missing reason before anything else is asked for it (a step-up is started only for a
   * request that can be carried out).
   *
   * @throws Refused when {@code reason} is null or blank
   */
  public static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused("reason: expected why the person is stopped (懲戒免職, カード盗難 …); found none");
    }
  }

  private interface Step {
    boolean run();
  }

  private static boolean step(String name, List<String> failures, Step step) {
    try {
      return step.run();
    } catch (RuntimeException e) {
      failures.add(name + ": " + e.getMessage());
      return false;
    }
  }

  private void record(String actor, Outcome o) {
    Map<String, Object> f =
        fields(
            "sanction",
            o.sanction().map(String::valueOf).orElse(""),
            "keycloak",
            o.keycloak(),
            "directory",
            o.directory(),
            "checkedIn",
            o.checkedIn(),
            "cancelled",
            o.cancelled(),
            "eligibilityWithdrawn",
            o.eligibilityWithdrawn(),
            "keysRevoked",
            o.keysRevoked().size());
    if (!o.complete()) {
      f.put("failures", o.failures());
    }
    String kind = o.complete() ? "REVOCATION_DONE" : "REVOCATION_INCOMPLETE";
    try {
      audit.append(new Entry(kind, actor, o.username(), AuditLog.detail(f), REQUIREMENT));
    } catch (RuntimeException e) { // the stops stand; the alert below says what is missing
      log.error("Recording the revocation of {} failed: {}", o.username(), e.toString());
    }
    if (!o.complete()) {
      log.error("Revocation of {} incomplete: {}", o.username(), o.failures());
      alerts.raise(
          "REVOCATION_INCOMPLETE",
          "person/" + o.username(),
          new Bilingual(
              o.username() + " の緊急停止が一部完了していません: " + String.join("; ", o.failures()),
              "The revocation of "
                  + o.username()
                  + " is incomplete: "
                  + String.join("; ", o.failures())),
          REQUIREMENT);
    } else {
      log.info(
          "Revoked {}: Keycloak {}, directory {}, {} checkouts checked in, {} keys retired",
          o.username(),
          o.keycloak(),
          o.directory(),
          o.checkedIn().size(),
          o.keysRevoked().size());
    }
  }

  /**
   * What a step-up for a revocation is bound to: the person and the reason typed (the API and the
   * console ask for the same).
   */
  public static Operation operation(String username, String reason) {
    return Operation.of("account.revoke", "staff/" + username, Map.of("reason", reason));
  }

  private static Map<String, Object> fields(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
