package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.mamori.policy.LifecycleRules;

/**
 * Accounts linked to no person in HR: declared service and privileged accounts (governed
 * elsewhere), development IDs with their end dates (LC-4), and orphaned personal accounts, reported
 * at once and disabled only after the policy's grace period (LC-3).
 */
final class UnlinkedAccounts {

  private final LifecycleRules rules;
  private final Retention retention;

  UnlinkedAccounts(LifecycleRules rules, Retention retention) {
    this.rules = rules;
    this.retention = retention;
  }

  void plan(
      Target target,
      TargetAccount a,
      LocalDate today,
      Map<String, LocalDate> orphanSince,
      List<PlannedAction> out) {
    switch (a.kind()) {
      case SERVICE, PRIVILEGED -> {
        // declared: governed elsewhere, never an orphan
      }
      case DEVELOPMENT -> {
        if (a.state() == AccountState.DISABLED) {
          retention.deleteWhenOver(target, a.employeeNumber(), a, today, Situation.DECLARED, out);
        } else if (a.endDate().isEmpty()) {
          out.add(
              new PlannedAction.Report(
                  target,
                  a.employeeNumber(),
                  a.id(),
                  Situation.DECLARED,
                  Reason.of(
                      "終了日のない開発用 ID です: 終了日を登録してください",
                      "development ID without an end date: record one",
                      "LC-4")));
        } else if (today.isAfter(a.endDate().get())) {
          out.add(
              new PlannedAction.Disable(
                  target,
                  a.employeeNumber(),
                  a.id(),
                  StopReason.DEVELOPMENT_ENDED,
                  Situation.DECLARED,
                  Reason.of(
                      "開発終了日 " + a.endDate().get() + " を過ぎたため無効化",
                      "development ended on " + a.endDate().get() + ": disable",
                      "LC-4")));
        }
      }
      case PERSONAL -> {
        if (a.state() == AccountState.DISABLED) {
          retention.deleteWhenOver(target, a.employeeNumber(), a, today, Situation.ORPHANED, out);
          return;
        }
        LocalDate since = orphanSince.getOrDefault(a.key(), today);
        LocalDate disableOn = since.plusDays(rules.orphanGrace().toDays());
        if (today.isBefore(disableOn)) {
          out.add(
              new PlannedAction.Report(
                  target,
                  a.employeeNumber(),
                  a.id(),
                  Situation.ORPHANED,
                  Reason.of(
                      "人事データにない ID です (" + since + " から): " + disableOn + " に無効化します",
                      "no HR record (since " + since + "): to be disabled on " + disableOn,
                      "LC-3")));
        } else {
          out.add(
              new PlannedAction.Disable(
                  target,
                  a.employeeNumber(),
                  a.id(),
                  StopReason.ORPHANED,
                  Situation.ORPHANED,
                  Reason.of(
                      "人事データにない ID ("
                          + since
                          + " から、猶予 "
                          + rules.orphanGrace().toDays()
                          + " 日経過) のため無効化",
                      "no HR record since "
                          + since
                          + ", grace of "
                          + rules.orphanGrace().toDays()
                          + " days over: disable",
                      "LC-3")));
        }
      }
    }
  }
}
