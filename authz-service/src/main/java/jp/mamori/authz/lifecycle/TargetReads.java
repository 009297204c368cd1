package jp.mamori.authz.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.hrsync.reconcile.AcrossTargets;
import jp.mamori.hrsync.reconcile.IncrementalTarget;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * What {@link LifecycleService} reads from the targets to plan: every account with its last login
 * (the targets' login events taken in first, LC-3), the login names taken elsewhere, and the wait
 * for the snapshots the reads save in the background.
 */
final class TargetReads {

  private final List<ReconcileTarget> targets;
  private final List<LoginEventSource> loginSources;
  private final LoginActivity loginActivity;

  TargetReads(
      List<ReconcileTarget> targets,
      List<LoginEventSource> loginSources,
      LoginActivity loginActivity) {
    this.targets = List.copyOf(targets);
    this.loginSources = List.copyOf(loginSources);
    this.loginActivity = loginActivity;
  }

  /** The plan with joiners whose login name a target finds taken reported, not created. */
  Plan namesTaken(Plan plan) {
    for (ReconcileTarget target : targets) {
      List<PlannedAction.Create> creates =
          plan.changes().stream()
              .filter(a -> a instanceof PlannedAction.Create)
              .map(a -> (PlannedAction.Create) a)
              .filter(c -> c.target() == target.target())
              .toList();
      if (!creates.isEmpty()) {
        plan = plan.withNamesTaken(target.target(), target.namesTakenElsewhere(creates));
      }
    }
    return plan;
  }

  /**
   * Waits for the snapshots the reads handed to the background (they are saved while the run plans
   * and applies); a run is done when they are stored.
   */
  void awaitSnapshots() {
    for (ReconcileTarget target : targets) {
      if (target instanceof IncrementalTarget incremental) {
        incremental.awaitSaved();
      }
    }
  }

  /** Every target's accounts, each with its last login. */
  List<TargetAccount> readAll() {
    List<List<TargetAccount>> perTarget =
        AcrossTargets.each(
            targets,
            target -> {
              List<TargetAccount> read = target.read();
              for (LoginEventSource source : loginSources) {
                if (source.target() == target.target()) {
                  loginActivity.ingest(source);
                }
              }
              return loginActivity.withLastLogins(target.target(), read);
            });
    List<TargetAccount> accounts = new ArrayList<>();
    perTarget.forEach(accounts::addAll);
    return accounts;
  }

  Set<Target> targetSet() {
    return targets.stream().map(ReconcileTarget::target).collect(Collectors.toSet());
  }
}
