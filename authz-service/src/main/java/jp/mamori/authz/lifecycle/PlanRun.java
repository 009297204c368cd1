package jp.mamori.authz.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import jp.mamori.hrsync.reconcile.AcrossTargets;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Target;

/**
 * The changes of an approved plan made in the targets: those the plan re-checked against the
 * targets still holds and that are not journalled as done, in batches of {@link
 * LifecycleService#CHUNK}, the directory first when asked, each batch journalled as it is made (a
 * crash loses at most one batch's record); the first failure stops that target's run.
 */
final class PlanRun {

  private PlanRun() {}

  /** Where the run reports: the plan's journal, the metrics and the caller's progress. */
  record Record(
      PlanJournal journal, MeterRegistry metrics, LongConsumer total, LongConsumer progress) {}

  /**
   * @param applied changes made now
   * @param notInPlan changes the targets need now that the approved plan did not hold
   * @param failure the first change that failed, with why
   * @param made the changes made now
   */
  record Made(
      int applied, List<String> notInPlan, Optional<String> failure, List<PlannedAction> made) {}

  static Made apply(
      long planId,
      Plan fresh,
      Set<String> approved,
      Set<String> done,
      List<ReconcileTarget> targets,
      boolean directoryFirst,
      LocalDate today,
      Record record) {
    PlanJournal planJournal = record.journal();
    MeterRegistry metrics = record.metrics();
    LongConsumer total = record.total();
    LongConsumer progress = record.progress();
    int applied = 0;
    List<String> notInPlan = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    Map<Target, ReconcileTarget> byTarget = new HashMap<>();
    targets.forEach(t -> byTarget.put(t.target(), t));
    Map<Target, List<PlannedAction>> eligible = new LinkedHashMap<>();
    for (PlannedAction action : fresh.changes()) {
      String canonical = action.canonical();
      if (!approved.contains(canonical)) {
        notInPlan.add(canonical);
      } else if (!done.contains(canonical)) { // never twice, even if the target shows it undone
        eligible.computeIfAbsent(action.target(), t -> new ArrayList<>()).add(action);
      }
    }
    total.accept(eligible.values().stream().mapToLong(List::size).sum());
    Map<ReconcileTarget, List<PlannedAction>> work = new LinkedHashMap<>();
    eligible.forEach((target, actions) -> work.put(byTarget.get(target), actions));
    List<PlannedAction> made = Collections.synchronizedList(new ArrayList<>());
    AcrossTargets.Journal journal =
        new AcrossTargets.Journal() {
          @Override
          public void applied(Target target, List<PlannedAction> actions) {
            planJournal.recordDone(planId, actions, done);
            made.addAll(actions);
            progress.accept(actions.size());
            for (PlannedAction action : actions) {
              metrics
                  .counter(
                      "mamori.sync.changes",
                      "target",
                      target.name(),
                      "action",
                      action.getClass().getSimpleName())
                  .increment();
            }
          }

          @Override
          public void failed(Target target, PlannedAction action, RuntimeException cause) {
            planJournal.journal(
                planId,
                action.canonical(),
                "FAILED",
                cause.getClass().getSimpleName() + ": " + cause.getMessage());
          }
        };
    List<AcrossTargets.Outcome> outcomes = new ArrayList<>();
    if (directoryFirst && work.keySet().stream().anyMatch(t -> t.target() == Target.DIRECTORY)) {
      Map<ReconcileTarget, List<PlannedAction>> first = new LinkedHashMap<>();
      Map<ReconcileTarget, List<PlannedAction>> then = new LinkedHashMap<>();
      work.forEach((t, a) -> (t.target() == Target.DIRECTORY ? first : then).put(t, a));
      outcomes.addAll(AcrossTargets.apply(first, LifecycleService.CHUNK, today, journal));
      outcomes.addAll(AcrossTargets.apply(then, LifecycleService.CHUNK, today, journal));
    } else {
      outcomes.addAll(AcrossTargets.apply(work, LifecycleService.CHUNK, today, journal));
    }
    for (AcrossTargets.Outcome outcome : outcomes) {
      applied += outcome.applied();
      if (failure.isEmpty() && outcome.stop().isPresent()) {
        AcrossTargets.Stop stop = outcome.stop().get();
        failure = Optional.of(stop.action().canonical() + ": " + stop.cause().getMessage());
      }
    }
    return new Made(applied, notInPlan, failure, made);
  }
}
