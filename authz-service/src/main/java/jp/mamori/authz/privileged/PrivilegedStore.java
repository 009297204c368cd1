package jp.mamori.authz.privileged;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.claims.RowLeases;
import jp.mamori.authz.privileged.PrivilegedAccess.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The privileged tables — {@code privileged_account} (the registry), {@code privileged_checkout}
 * (requests and checkouts) and, through {@link PrivilegedEventStore}, {@code privileged_event}
 * (every step, AU-5) — and all the SQL that reads or changes them; the registry's rows are {@link
 * PrivilegedAccountStore}'s. The workflow classes decide and call these methods; none of them
 * writes SQL.
 *
 * <p>Contract: a method that changes a checkout's state does so with a conditional update and
 * returns whether the row matched, so two instances never both take the same step; the caller turns
 * {@code false} into a refusal. Reads never return null: absence is an empty {@link Optional} or
 * list. Methods that belong to one step are called inside the caller's transaction; the store opens
 * none.
 */
final class PrivilegedStore {

  /** How long an instance owns a check-in it took before another may take it over. */
  static final Duration CLAIM = Duration.ofMinutes(2);

  /** The checkouts a {@link #claim} may take, each with the state (and deadline) it must be in. */
  enum Claimable {
    /** A checkout being taken (the holder's check-in, a failed opening, a leaver's checkout). */
    ACTIVE("state = 'ACTIVE'", null),
    /** A checkout past its stored deadline. */
    EXPIRED("state = 'ACTIVE' and expires_at <= ?", "expires_at"),
    /** A failed rotation whose backoff has passed. */
    RETRY_DUE("state = 'ROTATION_PENDING' and next_attempt_at <= ?", "next_attempt_at");

    private final String condition;
    private final String order;

    Claimable(String condition, String order) {
      this.condition = condition;
      this.order = order;
    }
  }

  /** A checkout that {@link #expireRequests} expired. */
  record Expired(long id, String accountId) {}

  private final JdbcClient jdbc;
  private final PrivilegedEventStore events;
  private final Clock clock;
  private final String instance;
  private final RowLeases leases;
  private final PrivilegedAccountStore accounts;

  /**
   * @param instance this service instance's name, recorded on the check-ins it claims
   */
  PrivilegedStore(JdbcClient jdbc, AuditLog audit, Clock clock, String instance) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.instance = instance;
    this.leases = new RowLeases(jdbc, clock, instance);
    this.accounts = new PrivilegedAccountStore(jdbc);
    this.events = new PrivilegedEventStore(jdbc, audit, this::now);
  }

  /** Now, to the microsecond PostgreSQL keeps (a stored time never lies after the clock's). */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** This service instance's name. */
  String instance() {
    return instance;
  }

  // ------------------------------------------------------------------------ privileged_account
  // the registry's rows are PrivilegedAccountStore's; the workflow classes reach them here

  void insertAccount(PrivilegedAccount account, Instant at, String actor) {
    accounts.insertAccount(account, at, actor);
  }

  boolean retireAccount(String id, Instant at, String actor) {
    return accounts.retireAccount(id, at, actor);
  }

  Optional<PrivilegedAccount> account(String id) {
    return accounts.account(id);
  }

  List<PrivilegedAccount> accounts() {
    return accounts.accounts();
  }

  void updateLists(String id, Set<String> eligible, Set<String> approvers) {
    accounts.updateLists(id, eligible, approvers);
  }

  void lockAccount(String id) {
    accounts.lockAccount(id);
  }

  boolean tryLockAccount(String id) {
    return accounts.tryLockAccount(id);
  }

  Optional<Instant> lastRotatedAt(String id) {
    return accounts.lastRotatedAt(id);
  }

  void rotated(String id, Instant at) {
    accounts.rotated(id, at);
  }

  void rotatedIfDirectory(String id, Instant at) {
    accounts.rotatedIfDirectory(id, at);
  }

  // ------------------------------------------------------------------------ privileged_checkout

  /** Stores a request; returns its ID. */
  long insertCheckout(CheckoutRules.Requested c) {
    return jdbc.sql(
            """
            insert into privileged_checkout (account_id, exclusive, requester, purpose,
                ticket, emergency, state, requested_at, window_start, duration_s,
                approval_deadline, report_due_at, decided_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id\
            """)
        .params(
            c.account().id(),
            c.account().exclusive(),
            c.requester(),
            c.purpose(),
            c.ticket(),
            c.emergency(),
            c.state().name(),
            Timestamp.from(c.requestedAt()),
            Timestamp.from(c.windowStart()),
            c.duration().toSeconds(),
            Timestamp.from(c.approvalDeadline()),
            c.reportDueAt().map(Timestamp::from).orElse(null),
            c.decidedAt().map(Timestamp::from).orElse(null))
        .query(Long.class)
        .single();
  }

  /** A request approved before its deadline; false when it was no longer waiting. */
  boolean approve(long id, String approver, String reason, Instant at) {
    return jdbc.sql(
                "update privileged_checkout set state = 'APPROVED', approver = ?,"
                    + " decided_at = ?, decision_reason = ? where id = ? and state ="
                    + " 'REQUESTED' and approval_deadline >= ?")
            .params(approver, Timestamp.from(at), reason, id, Timestamp.from(at))
            .update()
        > 0;
  }

  /** An emergency use approved after the fact; false when it was approved already. */
  boolean approveAfter(long id, String approver, Instant at) {
    return jdbc.sql(
                "update privileged_checkout set after_approver = ?, after_approved_at = ?"
                    + " where id = ? and after_approver is null")
            .params(approver, Timestamp.from(at), id)
            .update()
        > 0;
  }

  /** Moves a checkout in one of {@code from} to {@code to}; false when it was in none. */
  boolean decide(
      long id,
      Checkout.State to,
      Set<Checkout.State> from,
      String actor,
      String reason,
      Instant at) {
    List<Object> params = new ArrayList<>(List.of(to.name(), Timestamp.from(at), actor));
    params.add(reason); // may be null
    params.add(id);
    from.stream().map(Checkout.State::name).sorted().forEach(params::add);
    return jdbc.sql(
                "update privileged_checkout set state = ?, decided_at = coalesce(decided_at, ?),"
                    + " approver = coalesce(approver, ?), decision_reason = ? where id = ? and"
                    + " state in ("
                    + String.join(", ", Collections.nCopies(from.size(), "?"))
                    + ")")
            .params(params)
            .update()
        > 0;
  }

  /**
   * An approved checkout taken; false when it was no longer approved.
   *
   * @throws org.springframework.dao.DuplicateKeyException when an exclusive account is held
   */
  boolean activate(long id, Instant at, Instant expires, Optional<Instant> revealed) {
    return jdbc.sql(
                "update privileged_checkout set state = 'ACTIVE', activated_at = ?,"
                    + " expires_at = ?, revealed_at = ? where id = ? and state = 'APPROVED'")
            .params(
                Timestamp.from(at),
                Timestamp.from(expires),
                revealed.map(Timestamp::from).orElse(null),
                id)
            .update()
        > 0;
  }

  /** The checkouts {@code due} now, oldest deadline first. */
  List<Long> due(Claimable due) {
    if (due.order == null) {
      throw new IllegalArgumentException("due: expected EXPIRED or RETRY_DUE, found " + due);
    }
    return jdbc.sql(
            "select id from privileged_checkout where " + due.condition + " order by " + due.order)
        .param(Timestamp.from(now()))
        .query(Long.class)
        .list();
  }

  /**
   * Takes a checkout for this instance for {@link #CLAIM} if it is {@code condition} and nobody
   * else holds it.
   */
  boolean claim(long id, Claimable condition) {
    return leases.take("privileged_checkout", id, condition.condition, CLAIM);
  }

  /** A claimed checkout whose privilege could not be closed: retried at {@code next}. */
  void rotationPending(long id, Instant at, String by, int attempts, Instant next, String error) {
    jdbc.sql(
            """
            update privileged_checkout set state = 'ROTATION_PENDING',
                checked_in_at = coalesce(checked_in_at, ?), checked_in_by = coalesce(checked_in_by, ?),
                rotation_attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = null,
                claimed_until = null
            where id = ? and claimed_by = ?\
            """)
        .params(
            Timestamp.from(at),
            by,
            attempts,
            Timestamp.from(next),
            PrivilegedRows.cut(error, 1000),
            id,
            instance)
        .update();
  }

  /** A claimed checkout whose privilege was closed. */
  void checkedIn(long id, Instant at, String by) {
    jdbc.sql(
            """
            update privileged_checkout set state = 'CHECKED_IN',
                checked_in_at = coalesce(checked_in_at, ?), checked_in_by = coalesce(checked_in_by, ?),
                last_error = null, next_attempt_at = null, claimed_by = null, claimed_until = null
            where id = ? and claimed_by = ?\
            """)
        .params(Timestamp.from(at), by, id, instance)
        .update();
  }

  /** Requests not approved by their deadline, and approvals not taken within their window. */
  List<Expired> expireRequests(Instant at) {
    Timestamp now = Timestamp.from(at);
    return jdbc.sql(
            """
            update privileged_checkout set state = 'EXPIRED'
            where (state = 'REQUESTED' and approval_deadline < ?)
               or (state = 'APPROVED' and window_start + duration_s * interval '1 second' <= ?)
            returning id, account_id\
            """)
        .params(now, now)
        .query((rs, n) -> new Expired(rs.getLong("id"), rs.getString("account_id")))
        .list();
  }

  void report(long id, String text, Instant at) {
    jdbc.sql("update privileged_checkout set report_text = ?, reported_at = ? where id = ?")
        .params(text, Timestamp.from(at), id)
        .update();
  }

  /** Emergency uses whose report or after-the-fact approval was due before {@code at}. */
  List<Checkout> overdueReports(Instant at) {
    return jdbc.sql(
            "select * from privileged_checkout where emergency and report_due_at < ? and"
                + " (reported_at is null or after_approver is null)")
        .param(Timestamp.from(at))
        .query(PrivilegedStore::toCheckout)
        .list();
  }

  Optional<Checkout> checkout(long id) {
    return jdbc.sql("select * from privileged_checkout where id = ?")
        .param(id)
        .query(PrivilegedStore::toCheckout)
        .optional();
  }

  /** Checkouts, newest first, at most 1000; {@code state} null = every state. */
  List<Checkout> checkouts(Checkout.State state) {
    return state == null
        ? jdbc.sql("select * from privileged_checkout order by id desc limit 1000")
            .query(PrivilegedStore::toCheckout)
            .list()
        : jdbc.sql("select * from privileged_checkout where state = ? order by id desc limit 1000")
            .param(state.name())
            .query(PrivilegedStore::toCheckout)
            .list();
  }

  /** A person's requests and checkouts still waiting or held, oldest first. */
  List<Checkout> openCheckoutsOf(String person) {
    return jdbc
        .sql(
            "select id from privileged_checkout where requester = ? and state in"
                + " ('REQUESTED', 'APPROVED', 'ACTIVE') order by id")
        .param(person)
        .query(Long.class)
        .list()
        .stream()
        .flatMap(id -> checkout(id).stream())
        .toList();
  }

  /** Whether a checkout of the account is held or its check-in not finished. */
  boolean held(String accountId) {
    return jdbc.sql(
                "select count(*) from privileged_checkout where account_id = ? and state in"
                    + " ('ACTIVE', 'ROTATION_PENDING')")
            .param(accountId)
            .query(Integer.class)
            .single()
        > 0;
  }

  /** The requesters of the account's checkouts held or whose check-in is not finished. */
  Set<String> holders(String accountId) {
    return new TreeSet<>(
        jdbc.sql(
                "select requester from privileged_checkout where account_id = ? and state in"
                    + " ('ACTIVE', 'ROTATION_PENDING')")
            .param(accountId)
            .query(String.class)
            .list());
  }

  /**
   * Whether a checkout of the account covered {@code login}: taken by then and not checked in
   * before it. The directory's clock and ours may differ a little: a minute either side counts.
   */
  boolean covered(String accountId, Instant login) {
    Timestamp early = Timestamp.from(login.plus(Duration.ofMinutes(1)));
    Timestamp late = Timestamp.from(login.minus(Duration.ofMinutes(1)));
    return jdbc.sql(
                "select count(*) from privileged_checkout where account_id = ? and"
                    + " activated_at <= ? and coalesce(checked_in_at, ?) >= ?")
            .params(accountId, early, Timestamp.from(now()), late)
            .query(Integer.class)
            .single()
        > 0;
  }

  /** Checkouts per account and state, for the report. */
  Map<String, Map<String, Integer>> countsPerAccount() {
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    jdbc.sql(
            "select account_id, state, count(*) from privileged_checkout group by account_id, state"
                + " order by account_id, state")
        .query((rs, n) -> {
          counts
              .computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
              .put(rs.getString(2), rs.getInt(3));
          return null;
        })
        .list();
    return counts;
  }

  // ------------------------------------------------------------------------ privileged_event

  /** The step and its audit record, in the caller's transaction (AU-5). */
  void event(String accountId, Long checkoutId, String action, String actor, String detail) {
    events.record(accountId, checkoutId, action, actor, detail);
  }

  List<Event> events(long checkoutId) {
    return events.ofCheckout(checkoutId);
  }

  List<Event> accountEvents(String accountId) {
    return events.ofAccount(accountId);
  }

  private static Checkout toCheckout(ResultSet rs, int n) throws SQLException {
    return new Checkout(
        rs.getLong("id"),
        rs.getString("account_id"),
        rs.getString("requester"),
        rs.getString("purpose"),
        rs.getString("ticket"),
        rs.getBoolean("emergency"),
        Checkout.State.valueOf(rs.getString("state")),
        rs.getTimestamp("requested_at").toInstant(),
        rs.getTimestamp("window_start").toInstant(),
        Duration.ofSeconds(rs.getLong("duration_s")),
        rs.getTimestamp("approval_deadline").toInstant(),
        Optional.ofNullable(rs.getString("approver")),
        PrivilegedAccountStore.instant(rs, "decided_at"),
        PrivilegedAccountStore.instant(rs, "activated_at"),
        PrivilegedAccountStore.instant(rs, "expires_at"),
        PrivilegedAccountStore.instant(rs, "revealed_at"),
        PrivilegedAccountStore.instant(rs, "checked_in_at"),
        Optional.ofNullable(rs.getString("checked_in_by")),
        rs.getInt("rotation_attempts"),
        Optional.ofNullable(rs.getString("last_error")),
        PrivilegedAccountStore.instant(rs, "report_due_at"),
        PrivilegedAccountStore.instant(rs, "reported_at"),
        Optional.ofNullable(rs.getString("after_approver")));
  }
}
