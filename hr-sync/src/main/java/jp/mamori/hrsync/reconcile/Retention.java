package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.List;
import jp.mamori.policy.LifecycleRules;

/** Deletion of a disabled account once the policy's retention period is over (LC-2). */
final class Retention {

  private final LifecycleRules rules;

  Retention(LifecycleRules rules) {
    this.rules = rules;
  }

  void deleteWhenOver(
      Target target,
      String employeeNumber,
      TargetAccount a,
      LocalDate today,
      Situation situation,
      List<PlannedAction> out) {
    if (a.stateSince().isEmpty()) {
      return;
    }
    LocalDate deleteOn = a.stateSince().get().plusDays(rules.deleteAfterDisable().toDays());
    if (!today.isBefore(deleteOn)) {
      out.add(
          new PlannedAction.Delete(
              target,
              employeeNumber,
              a.id(),
              a.stateSince().get(),
              situation,
              Reason.of(
                  a.stateSince().get()
                      + " の無効化から保存期間 "
                      + rules.deleteAfterDisable().toDays()
                      + " 日を経過したため削除",
                  "disabled on "
                      + a.stateSince().get()
                      + ", retention of "
                      + rules.deleteAfterDisable().toDays()
                      + " days over: delete",
                  "LC-2")));
    }
  }
}
