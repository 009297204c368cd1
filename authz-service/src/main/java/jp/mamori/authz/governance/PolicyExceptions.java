package jp.mamori.authz.governance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.access.AccessPolicy;

/**
 * Exceptions to the policy (例外措置, GV-3): one named rule of the access decision lifted for one
 * terminal, person or system until a time. Requested with a reason by an ID administrator, approved
 * by the CISO (never the requester); it is in force from the approval to its end and reverts by
 * itself then (a decision never consults an ended exception; {@link #revertEnded()} records the
 * end). An emergency exception is in force at once, the CISO is alerted and notified, and a report
 * and the CISO's approval are due within the report period; an overdue report is flagged. Every
 * step is recorded in the audit log, in the step's transaction.
 */
@Enforces(
    value = {"GV-3"},
    ja = "例外措置を CISO の承認で期限付きで適用し、期限で自動的に原則へ戻し、緊急時は事後報告を求める",
    en =
        "Applies exceptions with the CISO's approval until their end, reverts them by themselves, requires reports on emergency ones")
public class PolicyExceptions {

  /** What an exception applies to. */
  public enum Scope {
    TERMINAL,
    USER,
    SYSTEM
  }

  /** Where an exception stands. */
  public enum Status {
    REQUESTED,
    /** In force until {@code endsAt} (approved, or an emergency not yet approved). */
    IN_FORCE,
    REJECTED,
    ENDED
  }

  /**
   * The rules (codes of the access decision's refusals) that may be excepted. An inactive account,
   * an unknown system and a retired terminal never are.
   */
  public static final Set<String> EXCEPTABLE =
      Set.of(
          "MULTI_FACTOR_REQUIRED",
          "MULTI_FACTOR_TOO_OLD",
          "CLASSIFIED_MULTI_FACTOR_REQUIRED",
          "UNKNOWN_TERMINAL",
          "TERMINAL_OF_ANOTHER_TIER",
          "NOT_IN_TIER",
          // ZN-2: the register of who may connect from outside (remote work, a vendor), each
          // entry with its reason, the CISO's approval and an end date
          AccessPolicy.EXTERNAL_ACCESS);

  /** The longest exception (a longer need is a policy change, not an exception). */
  public static final Duration MAX_LENGTH = Duration.ofDays(90);

  /** A request that cannot be carried out as asked, with what was expected. */
  public static final class Refused extends GovernanceRefusal {
    private static final long serialVersionUID = 1L;

    Refused(Fault fault, String message) {
      super(fault, message, new Bilingual("例外措置: この操作はできません", "exception: this cannot be done"));
    }
  }

  /** One exception. */
  public record PolicyException(
      long id,
      String rule,
      Scope scope,
      String scopeValue,
      String reason,
      String requestedBy,
      Instant requestedAt,
      Instant endsAt,
      boolean emergency,
      Status status,
      Optional<String> decidedBy,
      Optional<Instant> decidedAt,
      Optional<String> report,
      Optional<Instant> reportDue) {}

  private final PolicyExceptionStore store;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Duration reportWithin;
  private final Clock clock;
  private volatile Cached cache = new Cached(List.of(), Instant.EPOCH);

  private record Cached(List<PolicyException> inForce, Instant at) {}

  /** How long the exceptions in force are kept in memory for access decisions. */
  static final Duration CACHE_TTL = Duration.ofSeconds(10);

  public PolicyExceptions(
      PolicyExceptionStore store,
      AuditLog audit,
      Alerts alerts,
      Duration reportWithin,
      Clock clock) {
    this.store = store;
    this.audit = audit;
    this.alerts = alerts;
    this.reportWithin = reportWithin;
    this.clock = clock;
  }

  /**
   * Requests an exception. An emergency one is in force at once (the CISO is alerted and notified;
   * a report is due within the report period).
   */
  public PolicyException request(
      String actor,
      String rule,
      Scope scope,
      String scopeValue,
      String reason,
      Instant endsAt,
      boolean emergency) {
    Instant now = clock.instant();
    if (rule == null || !EXCEPTABLE.contains(rule)) {
      throw new Refused(
          Fault.INVALID,
          "rule: expected one of " + new java.util.TreeSet<>(EXCEPTABLE) + "; found " + rule);
    }
    if (scope == null || scopeValue == null || scopeValue.isBlank()) {
      throw new Refused(
          Fault.INVALID,
          "scope: expected TERMINAL, USER or SYSTEM with the terminal ID, username or system;"
              + " found "
              + scope
              + " "
              + scopeValue);
    }
    if (reason == null || reason.isBlank()) {
      throw new Refused(
          Fault.INVALID, "reason: expected why the exception is needed; found nothing");
    }
    if (endsAt == null || !endsAt.isAfter(now) || endsAt.isAfter(now.plus(MAX_LENGTH))) {
      throw new Refused(
          Fault.INVALID,
          "endsAt: expected a time after now and at most "
              + MAX_LENGTH.toDays()
              + " days ahead; found "
              + endsAt);
    }
    Status status = emergency ? Status.IN_FORCE : Status.REQUESTED;
    long id =
        audit.recorded(
            () ->
                store.insert(
                    rule,
                    scope,
                    scopeValue.strip(),
                    reason.strip(),
                    actor,
                    now,
                    endsAt,
                    emergency,
                    status,
                    emergency ? Optional.of(now.plus(reportWithin)) : Optional.empty()),
            created ->
                entry(
                    emergency ? "EXCEPTION_EMERGENCY" : "EXCEPTION_REQUESTED",
                    actor,
                    created,
                    Map.of(
                        "rule",
                        rule,
                        "scope",
                        scope + ":" + scopeValue.strip(),
                        "endsAt",
                        endsAt.toString(),
                        "reason",
                        reason.strip())));
    if (emergency) {
      alerts.raise(
          "EXCEPTION_EMERGENCY",
          "exception/" + id,
          new Bilingual(
              "緊急の例外措置 #" + id + " (" + rule + ", " + scopeValue + ") が " + actor + " により発効しました",
              "Emergency exception #"
                  + id
                  + " ("
                  + rule
                  + ", "
                  + scopeValue
                  + ") in force by "
                  + actor),
          "GV-3");
      alerts.notify(
          "CISO",
          "緊急の例外措置 #" + id + " の事後承認をお願いします",
          "Emergency exception #" + id + ": approval after the fact needed",
          reason.strip());
      cache = new Cached(List.of(), Instant.EPOCH);
    }
    return get(id);
  }

  /** The CISO approves (never the requester): in force until its end. */
  public PolicyException approve(long id, String actor, String note) {
    return decide(id, actor, note, true);
  }

  /** The CISO rejects: never in force (an emergency one ends at once). */
  public PolicyException reject(long id, String actor, String note) {
    return decide(id, actor, note, false);
  }

  private PolicyException decide(long id, String actor, String note, boolean approve) {
    PolicyException e = get(id);
    if (e.requestedBy().equals(actor)) {
      throw new Refused(
          Fault.CONFLICT,
          "exception #" + id + ": expected another person than the requester to decide (GV-3)");
    }
    boolean pending =
        e.status() == Status.REQUESTED
            || (e.emergency() && e.status() == Status.IN_FORCE && e.decidedBy().isEmpty());
    if (!pending) {
      throw new Refused(
          Fault.CONFLICT,
          "exception #" + id + ": expected one waiting for a decision; found " + e.status());
    }
    Instant now = clock.instant();
    Status next = approve ? (now.isBefore(e.endsAt()) ? Status.IN_FORCE : Status.ENDED) : null;
    if (!approve) {
      next = e.status() == Status.IN_FORCE ? Status.ENDED : Status.REJECTED;
    }
    Status status = next;
    audit.recorded(
        () -> store.decide(id, status, actor, now, note == null ? null : note.strip()),
        n ->
            entry(
                approve ? "EXCEPTION_APPROVED" : "EXCEPTION_REJECTED",
                actor,
                id,
                Map.of("note", note == null ? "" : note.strip(), "status", status.name())));
    cache = new Cached(List.of(), Instant.EPOCH);
    return get(id);
  }

  /** The requester's report on an emergency exception. */
  public PolicyException report(long id, String actor, String text) {
    PolicyException e = get(id);
    if (!e.emergency()) {
      throw new Refused(
          Fault.CONFLICT, "exception #" + id + ": expected an emergency exception to report");
    }
    if (text == null || text.isBlank()) {
      throw new Refused(Fault.INVALID, "report: expected what was done and why; found nothing");
    }
    audit.recorded(
        () -> store.report(id, text.strip(), clock.instant()),
        n -> entry("EXCEPTION_REPORTED", actor, id, Map.of("report", text.strip())));
    return get(id);
  }

  /** Records the end of every exception in force past its end; returns how many. */
  public int revertEnded() {
    Instant now = clock.instant();
    List<Long> ended = store.endedInForce(now);
    int count = 0;
    for (long id : ended) {
      Integer changed =
          audit.recorded(
              () -> store.end(id, now),
              n ->
                  n == 0
                      ? null
                      : entry("EXCEPTION_REVERTED", "mamori", id, Map.of("at", now.toString())));
      count += changed;
    }
    if (count > 0) {
      cache = new Cached(List.of(), Instant.EPOCH);
    }
    return count;
  }

  /** Raises an alert for each emergency exception whose report is overdue; returns how many. */
  public int flagOverdueReports() {
    List<PolicyException> overdue = store.reportsOverdue(clock.instant());
    for (PolicyException e : overdue) {
      alerts.raise(
          "EXCEPTION_REPORT_OVERDUE",
          "exception/" + e.id(),
          new Bilingual(
              "緊急の例外措置 #" + e.id() + " の報告が期限 (" + e.reportDue().orElseThrow() + ") を過ぎています",
              "The report on emergency exception #"
                  + e.id()
                  + " is overdue (due "
                  + e.reportDue().orElseThrow()
                  + ")"),
          "GV-3");
    }
    return overdue.size();
  }

  /** The exceptions in force now (cached for {@link #CACHE_TTL}). */
  public List<PolicyException> inForce() {
    Instant now = clock.instant();
    Cached c = cache;
    if (c.at().plus(CACHE_TTL).isAfter(now)) {
      return c.inForce();
    }
    List<PolicyException> fresh = store.inForce(now);
    cache = new Cached(List.copyOf(fresh), now);
    return fresh;
  }

  public List<PolicyException> all() {
    return store.all();
  }

  public PolicyException get(long id) {
    return store.get(id).orElseThrow(() -> new Refused(Fault.CONFLICT, "no exception #" + id));
  }

  private static Entry entry(String kind, String actor, long id, Map<String, ?> fields) {
    return new Entry(
        kind, actor, "exception/" + id, AuditLog.detail(new LinkedHashMap<>(fields)), "GV-3");
  }
}
