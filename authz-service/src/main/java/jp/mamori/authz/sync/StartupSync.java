package jp.mamori.authz.sync;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HR sync at start-up ({@code mamori.sync-on-start}): the lifecycle run itself — one plan by
 * the same planner as the daily run (joiners with their sections, 発令日, rejected rows, the guard),
 * stored and shown in the console's 同期計画, applied at once when nothing holds it. A held plan waits
 * for an administrator's approval like any other. There is no second way to create accounts.
 */
public final class StartupSync {

  private static final Logger log = LoggerFactory.getLogger(StartupSync.class);

  /**
   * What the start-up run did.
   *
   * @param planId the stored plan (console: 同期計画)
   * @param status its status after the run: APPLIED, PARTIAL (a target failed), HELD (waits for an
   *     approval), EMPTY (nothing to change)
   * @param joiners the accounts the plan creates (Keycloak's, or the directory's where Keycloak has
   *     none)
   * @param changes every change in the plan
   * @param applied the changes made now
   * @param rejectedRows HR rows rejected (they change nothing)
   * @param heldBecause why the plan is held, Japanese / English
   * @param failure what stopped the apply, if anything
   */
  public record Result(
      long planId,
      Status status,
      List<String> joiners,
      int changes,
      int applied,
      int rejectedRows,
      List<String> heldBecause,
      Optional<String> failure) {

    public Result {
      joiners = List.copyOf(joiners);
      heldBecause = List.copyOf(heldBecause);
    }
  }

  private final LifecycleService lifecycle;

  public StartupSync(LifecycleService lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * Plans for {@code today} from {@code hrFile} and applies the plan unless it is held or empty.
   *
   * @throws HrFileException if the file cannot be read at all: nothing is planned or changed
   */
  public Result run(Path hrFile, LocalDate today) throws HrFileException {
    LifecycleService.StoredPlan plan = lifecycle.plan(hrFile, today);
    List<PlannedAction> changes = plan.plan().changes();
    Map<Target, List<String>> created = new java.util.EnumMap<>(Target.class);
    for (PlannedAction action : changes) {
      if (action instanceof PlannedAction.Create c) {
        created
            .computeIfAbsent(c.target(), t -> new java.util.ArrayList<>())
            .add(c.employeeNumber());
      }
    }
    List<String> joiners =
        created.getOrDefault(
            Target.IDENTITY_PROVIDER, created.getOrDefault(Target.DIRECTORY, List.of()));
    List<String> held =
        plan.plan().verdict() instanceof Verdict.Held h
            ? h.reasons().stream().map(r -> r.ja() + " / " + r.en()).toList()
            : List.of();
    if (plan.status() != Status.READY) {
      log.info(
          "Start-up sync: plan {} is {} ({} changes){}",
          plan.id(),
          plan.status(),
          changes.size(),
          held.isEmpty() ? "" : ": waits for an administrator's approval");
      return new Result(
          plan.id(),
          plan.status(),
          joiners,
          changes.size(),
          0,
          plan.plan().rejectedRows(),
          held,
          Optional.empty());
    }
    LifecycleService.ApplyResult applied = lifecycle.apply(plan.id(), today);
    log.info(
        "Start-up sync: plan {} {}, {} changes made{}",
        plan.id(),
        applied.status(),
        applied.applied(),
        applied.failure().map(f -> ", stopped at " + f).orElse(""));
    return new Result(
        plan.id(),
        applied.status(),
        joiners,
        changes.size(),
        applied.applied(),
        plan.plan().rejectedRows(),
        held,
        applied.failure());
  }
}
