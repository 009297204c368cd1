package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the HR lifecycle reconciliation: plan (dry run, stored), approve (a held plan, by its
 * fingerprint), apply (resumable, journalled).
 *
 * <p><b>Applying</b> reads the targets again and plans again from the stored HR file: only actions
 * that are in the stored plan are applied (an approval covers exactly what was shown), an action
 * already journalled as done for this plan is never applied a second time, and an action whose
 * effect is already there no longer appears in the fresh plan. A run cut off by a crash, or by LDAP
 * or Keycloak going down, is therefore completed by applying the same plan again. Each change is
 * journalled as it is made, so the run's counts are the changes really made.
 */
@Enforces(
    value = {"LC-1", "LC-2", "AU-5"},
    ja = "計画を保存して承認後に適用し、適用した変更をすべて記録する (中断しても二重に適用しない)",
    en =
        "Stores the plan, applies it after approval and records every change made (resumable, nothing applied twice)")
public class LifecycleService {

  private static final Logger log = LoggerFactory.getLogger(LifecycleService.class);

  /**
   * Who made a plan from the console, and from which file as they know it (the configured export,
   * or the name of the file they uploaded).
   */
  public record Maker(String by, String sourceName) {}

  /** A stored plan: its ID, state and the plan itself as made. */
  public record StoredPlan(long id, Status status, Plan plan) {}

  /**
   * What one apply did.
   *
   * @param applied changes made now (journalled DONE)
   * @param alreadyDone actions of the plan found done by an earlier, interrupted apply
   * @param notInPlan changes the fresh state calls for that the stored plan does not contain (they
   *     need a new plan)
   * @param failure the failure that stopped this apply, if any (the rest is applied next time)
   * @param left the plan's approved changes still to be made (a stopped apply leaves them to the
   *     next one); 0 when the plan is applied
   */
  public record ApplyResult(
      long planId,
      Status status,
      int applied,
      int alreadyDone,
      int left,
      List<String> notInPlan,
      Optional<String> failure) {}

  private final HrCsvReader reader;
  private final Planner planner;
  private final List<ReconcileTarget> targets;
  private final PlanStore plans;
  private final AuditLog audit;
  private final Clock clock;
  private final TargetReads reads;
  private final PlanDecisions decisions;
  private final StaffRegister staffRegister;
  private final PersonCheck personCheck;
  private final PlanJournal planJournal;
  private final OrphanMemory orphans;
  private final io.micrometer.core.instrument.MeterRegistry metrics;
  private final boolean directoryFirst;
  private final Optional<ExportFreshness> freshness;
  private final List<PersonStops> personStops;

  /**
   * @param loginSources where the targets' logins are read as events, for dormant IDs (LC-3); a
   *     target without one is judged only on what it reports itself (AD lastLogonTimestamp)
   * @param stores the lifecycle's tables (plans, journal, logins, identities, orphans, staff)
   * @param metrics where runs are counted and timed ({@code mamori.sync.plan}, {@code
   *     mamori.sync.apply}, {@code mamori.sync.changes} by target and action type)
   * @param directoryFirst apply the directory's changes before the other targets' (where the
   *     directory holds the password, Keycloak's user of a joiner is the one its federation finds
   *     in the directory, so the directory account must exist first); otherwise all targets at once
   * @param freshness whether the HR export is current (a stale one is alerted and said in the
   *     plan); empty: not checked
   * @param personStops told after each apply who was stopped or moved (privileged IDs end theirs)
   */
  public LifecycleService(
      HrCsvReader reader,
      Planner planner,
      List<ReconcileTarget> targets,
      List<LoginEventSource> loginSources,
      LifecycleStores stores,
      AuditLog audit,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry metrics,
      boolean directoryFirst,
      Optional<ExportFreshness> freshness,
      List<PersonStops> personStops) {
    this.personStops = List.copyOf(personStops);
    this.directoryFirst = directoryFirst;
    this.freshness = freshness;
    this.metrics = metrics;
    this.audit = audit;
    this.reader = reader;
    this.planner = planner;
    this.targets = List.copyOf(targets);
    this.clock = clock;
    this.reads = new TargetReads(targets, loginSources, new LoginActivity(stores.logins(), clock));
    this.staffRegister = new StaffRegister(stores.staff(), clock);
    this.personCheck = new PersonCheck(stores.persons(), clock);
    this.planJournal = new PlanJournal(stores.journal(), stores.plans(), audit, clock);
    this.orphans = new OrphanMemory(stores.orphans());
    this.plans = stores.plans();
    this.decisions = new PlanDecisions(reader, plans, personCheck, audit, clock);
  }

  /**
   * A convenience for tests and tools: the service with nothing but its targets — no login events
   * (dormancy judged on what the targets report), metrics kept nowhere, all targets applied at
   * once, the export's freshness not checked, nobody told of stops. The running service is wired
   * with the full constructor ({@code LifecycleConfiguration}).
   */
  public LifecycleService(
      HrCsvReader reader,
      Planner planner,
      List<ReconcileTarget> targets,
      LifecycleStores stores,
      AuditLog audit,
      Clock clock) {
    this(
        reader,
        planner,
        targets,
        List.of(),
        stores,
        audit,
        clock,
        new io.micrometer.core.instrument.composite.CompositeMeterRegistry(),
        false,
        Optional.empty(),
        List.of());
  }

  /**
   * Plans for {@code today} and stores the plan. Nothing is applied. An error reading a target
   * propagates: absence is never concluded from an error.
   */
  public StoredPlan plan(Path hrFile, LocalDate today) throws HrFileException {
    return plan(hrFile, today, Scope.everyone());
  }

  /**
   * As {@link #plan(Path, LocalDate)} for the people {@code scope} names only (see {@link Scope});
   * applying the plan stays within the same people.
   */
  public StoredPlan plan(Path hrFile, LocalDate today, Scope scope) throws HrFileException {
    return plan(hrFile, today, scope, Optional.empty());
  }

  /** As {@link #plan(Path, LocalDate, Scope)}, made by a person (stored with the plan). */
  public StoredPlan plan(Path hrFile, LocalDate today, Scope scope, Optional<Maker> maker)
      throws HrFileException {
    long started = System.nanoTime();
    HrFile hr = scope.hr(reader.read(hrFile));
    List<TargetAccount> accounts = scope.accounts(reads.readAll());
    Map<String, LocalDate> orphanSince = orphans.since();
    Optional<LocalDate> newestApplied = plans.newestApplied();
    ExportFreshness.Seen seen = ExportFreshness.see(hrFile);
    List<Reason> warnings = freshness.map(f -> f.warnings(seen)).orElse(List.of());
    Plan plan =
        personCheck
            .vet(
                reads.namesTaken(
                    planner.plan(
                        hr, accounts, reads.targetSet(), today, orphanSince, newestApplied)),
                hr.records(),
                accounts)
            .plan()
            .withWarnings(warnings);
    if (scope.isEveryone()) { // a plan for some people sees only their accounts' orphans
      orphans.remember(plan, today);
    }
    Status status = plan.held() ? Status.HELD : plan.isEmpty() ? Status.EMPTY : Status.READY;
    long id =
        plans.insert(
            plan,
            hrFile,
            status,
            Planner.newestEffectiveDate(hr),
            scope,
            seen,
            MainSections.of(hr.records(), today),
            maker);
    if (scope.isEveryone()) {
      freshness.ifPresent(f -> f.signal(seen, warnings, id));
    }
    log.info(
        "Lifecycle plan {} for {}: {} changes, {} reports, status {}",
        id,
        today,
        plan.changes().size(),
        plan.actions().size() - plan.changes().size(),
        status);
    reads.awaitSnapshots();
    io.micrometer.core.instrument.Timer.builder("mamori.sync.plan")
        .description("lifecycle planning: HR file read, targets read, plan stored")
        .tag("status", status.name())
        .register(metrics)
        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    return new StoredPlan(id, status, plan);
  }

  /**
   * Approves a held plan. The fingerprint must be the one shown with the plan, so that what is
   * approved is exactly what will be applied.
   *
   * @throws PlanRefused if the plan is not held or the fingerprint differs
   */
  public void approve(long planId, String fingerprint, String approver) {
    approve(planId, fingerprint, approver, "");
  }

  /**
   * As {@link #approve(long, String, String)}, with the approver's reason; the approval is recorded
   * in the audit log ({@code SYNC_PLAN_APPROVED}, LC-2) with the plan's fingerprint.
   */
  public void approve(long planId, String fingerprint, String approver, String reason) {
    decisions.approve(planId, fingerprint, approver, reason);
  }

  /**
   * An administrator confirms, after checking with HR, that the person {@code hrFile} lists under
   * {@code employeeNumber} is the one the number was bound to (a rehire whose name changed, say):
   * recorded in the audit log; the next plan restores or creates the account.
   *
   * @throws IllegalArgumentException if the file has no valid row for the number
   */
  public void confirmPerson(Path hrFile, String employeeNumber, String by, String reason)
      throws HrFileException {
    decisions.confirmPerson(hrFile, employeeNumber, by, reason);
  }

  /**
   * Applies a stored plan (READY, APPROVED or PARTIAL) as described on the class.
   *
   * @throws PlanRefused if the plan is in another status (held, applied, rejected)
   */
  public ApplyResult apply(long planId, LocalDate today) throws HrFileException {
    return apply(planId, today, n -> {}, n -> {});
  }

  /**
   * As {@link #apply(long, LocalDate)}, telling how far it got: {@code total} receives the number
   * of changes to make now (once the plan is checked against the targets), {@code progress} the
   * changes of each batch made (CLI progress).
   */
  public ApplyResult apply(
      long planId,
      LocalDate today,
      java.util.function.LongConsumer total,
      java.util.function.LongConsumer progress)
      throws HrFileException {
    long started = System.nanoTime();
    Map<String, Object> row = plans.row(planId);
    Status status = Status.valueOf((String) row.get("status"));
    switch (status) {
      case READY, APPROVED, PARTIAL -> {}
      case HELD ->
          throw new PlanRefused(
              "plan " + planId + " is held: a person must approve it (by its fingerprint) first");
      default ->
          throw new PlanRefused(
              "plan " + planId + ": expected READY, APPROVED or PARTIAL to apply, found " + status);
    }
    Set<String> approved = new HashSet<>(plans.changes(planId));
    Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet(); // journalled by targets
    done.addAll(planJournal.done(planId));
    Scope scope = Scope.fromStored(Optional.ofNullable((String) row.get("scope")));
    HrFile hr = scope.hr(reader.read(Path.of((String) row.get("source_path"))));
    List<TargetAccount> accounts = scope.accounts(reads.readAll());
    PersonCheck.Vetted vetted =
        personCheck.vet(
            reads.namesTaken(planner.plan(hr, accounts, reads.targetSet(), today, orphans.since())),
            hr.records(),
            accounts);
    Plan fresh = vetted.plan();
    planJournal.foundInEffect(planId, fresh, done);
    PlanRun.Made run =
        PlanRun.apply(
            planId,
            fresh,
            approved,
            done,
            targets,
            directoryFirst,
            today,
            new PlanRun.Record(planJournal, metrics, total, progress));
    int applied = run.applied();
    List<String> notInPlan = run.notInPlan();
    Optional<String> failure = run.failure();
    List<PlannedAction> made = run.made();
    int alreadyDone = (int) approved.stream().filter(done::contains).count() - applied;
    int left =
        (int)
            fresh.changes().stream()
                .map(PlannedAction::canonical)
                .filter(c -> approved.contains(c) && !done.contains(c))
                .count();
    boolean complete = failure.isEmpty() && left == 0;
    Status result = complete ? Status.APPLIED : Status.PARTIAL;
    plans.status(planId, result);
    // the staff page's name and section, and whom each number is bound to, as HR states them —
    // except for a person who may not be the number's previous holder
    List<StaffRecord> bound =
        hr.records().stream().filter(r -> !vetted.inDoubt().contains(r.employeeNumber())).toList();
    staffRegister.record(bound, today);
    personCheck.record(bound, today, vetted.inDoubt());
    tellStops(planId, made);
    log.info(
        "Lifecycle plan {} apply: {} applied now, {} done before, {} left, {} outside the plan,"
            + " status {}{}",
        planId,
        applied,
        alreadyDone,
        left,
        notInPlan.size(),
        result,
        failure.map(f -> ", stopped at " + f).orElse(""));
    reads.awaitSnapshots();
    io.micrometer.core.instrument.Timer.builder("mamori.sync.apply")
        .description("lifecycle apply: plan re-checked against the targets, changes made")
        .tag("status", result.name())
        .tag("failed", Boolean.toString(failure.isPresent()))
        .register(metrics)
        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    return new ApplyResult(planId, result, applied, alreadyDone, left, notInPlan, failure);
  }

  /**
   * Tells the listeners who was stopped or moved by the changes just made, once per person (the
   * strongest: left before suspended before transferred). A listener's failure is logged and
   * alerted by the listener; it never undoes the apply.
   */
  private void tellStops(long planId, List<PlannedAction> made) {
    if (personStops.isEmpty()) {
      return;
    }
    List<PersonStops.Stop> stops = PersonStops.of(planId, made);
    if (stops.isEmpty()) {
      return;
    }
    for (PersonStops listener : personStops) {
      try {
        listener.stopped(stops);
      } catch (RuntimeException e) {
        log.error(
            "Plan {}: telling {} about {} people stopped or moved failed: {}",
            planId,
            listener.getClass().getSimpleName(),
            stops.size(),
            e.toString());
      }
    }
  }

  /** Actions per batch: journalled after each, so a crash loses at most one batch's record. */
  static final int CHUNK = 500;

  /** Changes journalled as done for a plan: the changes really made. */
  public int doneCount(long planId) {
    return planJournal.count(planId);
  }

  /** A plan ID that was never stored. */
  public static final class NoSuchPlan extends Refusal {
    public NoSuchPlan(long id) {
      super(
          Fault.NOT_FOUND,
          "NO_SUCH_PLAN",
          new Bilingual("計画がありません", "no such plan"),
          "lifecycle plan " + id + " does not exist");
    }
  }
}
