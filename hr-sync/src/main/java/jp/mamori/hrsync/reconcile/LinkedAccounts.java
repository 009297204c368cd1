package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.mamori.policy.LifecycleRules;

/**
 * An account linked to its person in HR: a change before its 発令日 is only reported; on the day, the
 * account follows HR's state — enabled (restored, moved, renamed, or disabled when dormant),
 * suspended (出向, leaves) or disabled (退職, contract end) and deleted after retention.
 */
final class LinkedAccounts {

  private final LifecycleRules rules;
  private final Retention retention;
  private final Dormancy dormancy;

  LinkedAccounts(LifecycleRules rules, Retention retention, Dormancy dormancy) {
    this.rules = rules;
    this.retention = retention;
    this.dormancy = dormancy;
  }

  void plan(
      Target target,
      Desired d,
      TargetAccount a,
      LocalDate today,
      Map<String, Instant> lastLogins,
      List<PlannedAction> out) {
    String emp = d.employeeNumber();
    if (!d.effective()) {
      if (Movers.differs(d, a)) {
        out.add(
            new PlannedAction.Report(
                target,
                emp,
                a.id(),
                Situation.LINKED,
                Reason.of(
                    d.from() + " 付の発令を予定 (それまでは現在の権限のまま)",
                    "change scheduled for " + d.from() + " (current access kept until then)",
                    "LC-1",
                    "LC-5")));
      }
      return;
    }
    Absences.overdue(target, d.primary(), a.id(), today).ifPresent(out::add);
    switch (d.state()) {
      case ENABLED -> {
        // the tiers first: an account enabled again below is never usable for a tier it may not use
        Absences.tiers(target, d.primary(), d.from(), d.suspendedTiers(), a).ifPresent(out::add);
        boolean stays = true;
        if (a.stopUndone().isPresent()) {
          PlannedAction settle = Drift.settle(target, emp, a);
          out.add(settle);
          stays = settle instanceof PlannedAction.Restore;
        } else if (a.state() != AccountState.ENABLED) {
          if (a.stopReason().map(StopReason::liftedByHr).orElse(false)) {
            out.add(
                new PlannedAction.Restore(
                    target,
                    emp,
                    a.id(),
                    Situation.LINKED,
                    Absences.restore(d.primary(), d.from(), d.suspendedTiers())));
          } else {
            stays = false;
            out.add(
                new PlannedAction.Report(
                    target,
                    emp,
                    a.id(),
                    Situation.LINKED,
                    Reason.of(
                        "人事上は在職ですが、"
                            + a.stopReason().map(StopReason::ja).orElse("停止")
                            + " のため停止中です: 管理者が再開を判断します",
                        "employed according to HR but stopped ("
                            + a.stopReason().map(StopReason::en).orElse("stopped")
                            + "): an administrator decides on reinstatement",
                        "LC-3")));
          }
        }
        Movers.changeSections(target, d, a, out);
        Movers.rename(target, d, a, out);
        Drift.profile(target, d.primary(), a).ifPresent(out::add);
        // a person on a leave that keeps the account is not dormant: HR explains the absence of
        // logins, and disabling would undo the policy's choice until an administrator reinstates
        if (stays
            && a.state() == AccountState.ENABLED
            && !d.primary().status().isLeave()
            && dormancy.dormant(lastLogins.get(emp), today)) {
          out.add(
              new PlannedAction.Disable(
                  target,
                  emp,
                  a.id(),
                  StopReason.DORMANT,
                  Situation.LINKED,
                  Reason.of(
                      rules.dormantAfter().toDays() + " 日以上ログインがないため無効化",
                      "no login for " + rules.dormantAfter().toDays() + " days: disable",
                      "LC-3")));
        }
      }
      case SUSPENDED -> {
        if (a.state() == AccountState.ENABLED) {
          StopReason stop = d.stop().orElseThrow();
          out.add(
              new PlannedAction.Suspend(
                  target,
                  emp,
                  a.id(),
                  stop,
                  Situation.LINKED,
                  Drift.restop(a, Absences.suspend(stop, d.primary(), d.from()))));
        }
        Movers.changeSections(target, d, a, out);
        Drift.profile(target, d.primary(), a).ifPresent(out::add);
      }
      case DISABLED -> {
        StopReason stop = d.stop().orElseThrow();
        if (a.state() != AccountState.DISABLED) {
          out.add(
              new PlannedAction.Disable(
                  target,
                  emp,
                  a.id(),
                  stop,
                  Situation.DEPARTED,
                  Drift.restop(
                      a,
                      stop == StopReason.CONTRACT_ENDED
                          ? Reason.of(
                              "契約終了日 "
                                  + d.primary().contractEnd().orElseThrow()
                                  + " を過ぎたため無効化し、全セッションを失効",
                              "contract ended on "
                                  + d.primary().contractEnd().orElseThrow()
                                  + ": disable and revoke all sessions",
                              "LC-7",
                              "LC-2")
                          : Reason.of(
                              "退職 (発令日 " + d.from() + ") のため無効化し、全セッションを失効",
                              "left (effective " + d.from() + "): disable and revoke all sessions",
                              "LC-1",
                              "LC-2",
                              "LC-5"))));
        } else {
          retention.deleteWhenOver(target, emp, a, today, Situation.DEPARTED, out);
        }
      }
    }
  }
}
