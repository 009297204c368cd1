package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.privileged.CheckoutRules.Affiliation;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.webauthn.Operation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Privileged IDs checked out for a limited time (PR-1 … PR-6): the registry, requests, approval by
 * another person, the checkout that opens the privilege and shows a directory password once, and
 * the check-in — by the holder or at the stored deadline — that rotates the password or removes the
 * role. Every step is recorded in {@code privileged_event} (AU-5).
 *
 * <p>This is the feature's one entry for controllers, the command line and the scheduled jobs; it
 * decides nothing itself. Each stage is a class of its own: {@link Registry}, {@link Requests},
 * {@link Activation}, {@link CheckIns}, {@link Rotations}, {@link Detection} and {@link Deadlines};
 * their decisions are the pure {@link CheckoutRules} and {@link RotationRules}, their SQL is {@link
 * PrivilegedStore}'s, their alerts {@link PrivilegedAlerts}'.
 *
 * <p><b>Durable expiry.</b> The deadline is a column; {@link #checkInDue()} runs from a scheduler
 * every few seconds on every instance and at start-up, and takes each overdue checkout with a
 * conditional update, so each is checked in once however many instances run, and a service that was
 * down when a deadline passed checks in at its next start.
 *
 * <p><b>Never offered while the revealed password may work.</b> Exclusive accounts have at most one
 * checkout in {@code ACTIVE} or {@code ROTATION_PENDING} (a unique index): a failed rotation keeps
 * the checkout {@code ROTATION_PENDING}, retried with backoff without end and alerted, and no new
 * checkout of the account can start meanwhile.
 */
@Enforces(
    value = {"PR-1", "PR-2", "PR-3", "PR-4", "PR-5", "PR-6", "LC-6"},
    ja = "特権IDを申請・別人の承認・一度だけの表示・期限での自動返却とパスワード変更で貸し出し、すべて記録する",
    en =
        "Lends privileged IDs by request, another person's approval, one reveal, automatic check-in with rotation, all on record")
public class PrivilegedAccess {

  private final PrivilegedStore store;
  private final Registry registry;
  private final Requests requests;
  private final Activation activation;
  private final CheckIns checkIns;
  private final Rotations rotations;
  private final Detection detection;
  private final Deadlines deadlines;

  /**
   * @param store the feature's tables, recording on the audit log (with this service instance's
   *     name on the check-ins it takes)
   * @param affiliations a person's affiliation by username (contractor staff may not approve or
   *     change privileged IDs, PR-3); unknown counts as contractor
   */
  PrivilegedAccess(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      Alerts alerts,
      Function<String, Affiliation> affiliations,
      PrivilegedAccessRules policy) {
    this(store, tx, targets, alerts, affiliations, policy, username -> Optional.empty());
  }

  /**
   * @param sanctioned the sanction (GV-4) that takes privileged checkouts away from a person,
   *     described in Japanese and English; empty when none does
   */
  PrivilegedAccess(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      Alerts alerts,
      Function<String, Affiliation> affiliations,
      PrivilegedAccessRules policy,
      Function<String, Optional<String>> sanctioned) {
    this.store = store;
    PrivilegedAlerts texts = new PrivilegedAlerts(alerts);
    CheckoutRules rules = new CheckoutRules(policy);
    this.registry = new Registry(store, tx, targets, rules, affiliations);
    this.requests = new Requests(store, tx, texts, rules, affiliations, sanctioned);
    this.checkIns = new CheckIns(store, tx, targets, texts);
    this.activation = new Activation(store, tx, targets, rules, sanctioned, checkIns);
    this.rotations = new Rotations(store, tx, targets, texts, policy);
    this.detection = new Detection(store, tx, targets, texts);
    this.deadlines = new Deadlines(store, tx, texts);
  }

  // ------------------------------------------------------------------------------- registry

  /**
   * Registers a privileged ID. Its target must exist (the DN in the directory, the realm role in
   * Keycloak), and the actor must be municipal staff (PR-3).
   */
  public PrivilegedAccount register(PrivilegedAccount account, String actor) {
    return registry.register(account, actor);
  }

  /** Retires a privileged ID: no new requests; a checkout in progress runs to its check-in. */
  public void retire(String id, String actor, String reason) {
    registry.retire(id, actor, reason);
  }

  public Optional<PrivilegedAccount> account(String id) {
    return store.account(id);
  }

  public List<PrivilegedAccount> accounts() {
    return store.accounts();
  }

  // ------------------------------------------------------------------------------- requests

  /**
   * Requests a checkout (or, with {@code emergency}, takes one without prior approval where the
   * account allows it: approvers and owner are notified at once, an alert is raised, and the report
   * and after-the-fact approval are due within {@code privileged.emergencyReportWithin}).
   *
   * @param start when to start; null = now
   */
  public Checkout request(
      String accountId,
      String requester,
      String purpose,
      String ticket,
      Instant start,
      Duration duration,
      boolean emergency) {
    return requests.request(accountId, requester, purpose, ticket, start, duration, emergency);
  }

  /**
   * The operation an approval executes, for the step-up: the request as stored, so that what the
   * approver's authenticator signs is exactly what is approved.
   */
  public Operation approvalOperation(long checkoutId) {
    return requests.approvalOperation(checkoutId);
  }

  /** The operation a checkout (the password shown, the role granted) executes, for the step-up. */
  public Operation activationOperation(long checkoutId) {
    return activation.activationOperation(checkoutId);
  }

  /**
   * Approves a request (PR-2, PR-6): by an approver of the account who is not the requester and is
   * municipal staff, before the approval deadline. For an emergency use this is the after-the-fact
   * approval.
   */
  public Checkout approve(long checkoutId, String approver, String reason) {
    return requests.approve(checkoutId, approver, reason);
  }

  /** Rejects a request; by an approver of the account other than the requester. */
  public Checkout reject(long checkoutId, String approver, String reason) {
    return requests.reject(checkoutId, approver, reason);
  }

  /** Withdraws one's own request before it is taken. */
  public Checkout cancel(long checkoutId, String requester) {
    return requests.cancel(checkoutId, requester);
  }

  /** The holder's report of an emergency use (GV-3). */
  public Checkout report(long checkoutId, String holder, String text) {
    return requests.report(checkoutId, holder, text);
  }

  // ------------------------------------------------------------------------------- checkout

  /** What taking a checkout gives: the password to show once (directory accounts only). */
  public record Activated(Checkout checkout, Optional<char[]> password) {
    @Override
    public String toString() {
      return "Activated[checkout=" + checkout.id() + ", password=***]";
    }
  }

  /**
   * Takes an approved checkout: for an exclusive account only if nobody holds it (concurrent
   * takers: exactly one succeeds); the deadline is stored; then the privilege is opened. For a
   * directory account the new password is returned to be shown once and is never stored. If the
   * target cannot be opened, the checkout is checked in at once (the password rotated again when
   * the target allows).
   */
  public Activated activate(long checkoutId, String holder) {
    return activation.activate(checkoutId, holder);
  }

  /** The holder (or an administrator) returns a checkout before its deadline. */
  public Checkout checkIn(long checkoutId, String actor) {
    return checkIns.checkIn(checkoutId, actor);
  }

  // ------------------------------------------------------------------------------- jobs

  /**
   * Checks in every checkout past its stored deadline, once across instances; returns how many were
   * taken by this instance.
   */
  public int checkInDue() {
    return checkIns.checkInDue();
  }

  /** Retries the rotations that failed, each when its backoff has passed. */
  public int retryRotations() {
    return checkIns.retryRotations();
  }

  /** Requests not approved by their deadline, and approvals not taken within their window. */
  public int expireRequests() {
    return deadlines.expireRequests();
  }

  /** Emergency uses whose report or after-the-fact approval is overdue (GV-3); reads only. */
  public List<Checkout> overdueReports() {
    return deadlines.overdueReports();
  }

  /** Emergency uses whose report or after-the-fact approval is overdue: one alert each (GV-3). */
  public List<Checkout> flagOverdueReports() {
    return deadlines.flagOverdueReports();
  }

  /**
   * Rotates the password of every directory privileged ID nobody holds whose last rotation is older
   * than {@code privileged.rotationInterval} (PR-4); returns the IDs rotated. Each account is
   * rotated under its row lock, which a checkout takes too, so a rotation never overwrites a
   * password that was just shown.
   */
  public List<String> rotateIdle() {
    return rotations.rotateIdle();
  }

  /** What happened to one privileged ID in a rotation. */
  public sealed interface Rotation {
    /** Rotated now. */
    record Rotated() implements Rotation {}

    /** Held by a checkout: its check-in rotates it. */
    record Held() implements Rotation {}

    /** Rotated by another instance meanwhile, or being rotated by one now. */
    record Skipped() implements Rotation {}

    /** The directory refused or could not be reached; recorded and alerted. */
    record Failed(String why) implements Rotation {}
  }

  /**
   * Rotates now the password of every active directory privileged ID nobody holds, whatever its
   * last rotation — after a suspected leak, or after Mamori's database was restored from a backup
   * (the passwords rotated since are unknown to it: docs/operations.md, backup and restore). Each
   * is recorded as {@code ROTATED_ALL} with {@code actor} and {@code reason}; one held by a
   * checkout is left to its check-in, which rotates it. Returns each ID with what happened, in ID
   * order.
   *
   * @throws Refused when {@code actor} or {@code reason} is blank
   */
  public Map<String, Rotation> rotateAllNow(String actor, String reason) {
    return rotations.rotateAllNow(actor, reason);
  }

  /**
   * Role holders with no checkout in progress (a role granted by hand in Keycloak's console, or
   * left behind): each raises an alert and is recorded; the role is taken back (PR-2, PR-5).
   * Returns "account/username" for each, and "account@time" for each directory login outside a
   * checkout.
   */
  public List<String> detectOutOfWindow() {
    return detection.detectOutOfWindow();
  }

  /** The wait after the {@code attempts}-th failed rotation: {@link RotationRules#backoff}. */
  static Duration backoff(int attempts) {
    return RotationRules.backoff(attempts);
  }

  // ------------------------------------------------------------------------------- reading

  public Optional<Checkout> checkout(long id) {
    return store.checkout(id);
  }

  /** Checkouts, newest first; {@code state} null = every state. */
  public List<Checkout> checkouts(Checkout.State state) {
    return store.checkouts(state);
  }

  /** One recorded step. */
  public record Event(
      long id,
      Instant at,
      String accountId,
      Optional<Long> checkoutId,
      String action,
      String actor,
      String detail) {}

  public List<Event> events(long checkoutId) {
    return store.events(checkoutId);
  }

  public List<Event> accountEvents(String accountId) {
    return store.accountEvents(accountId);
  }

  /** Checkouts per account and state, for the report. */
  public Map<String, Map<String, Integer>> countsPerAccount() {
    return store.countsPerAccount();
  }

  // ------------------------------------------------------------------------------- in the package

  /** For {@link HolderStops}: the tables. */
  PrivilegedStore store() {
    return store;
  }

  /** For {@link HolderStops}: the check-in of a stopped holder's checkout. */
  CheckIns checkIns() {
    return checkIns;
  }

  /** For {@link HolderStops}: the cancellation of a stopped person's requests. */
  Requests requests() {
    return requests;
  }
}
