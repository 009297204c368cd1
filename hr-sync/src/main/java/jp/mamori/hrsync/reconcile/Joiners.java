package jp.mamori.hrsync.reconcile;

import java.util.List;

/** Joiners (採用・着任): a person HR lists with no account in a target is registered from the 発令日. */
final class Joiners {

  private Joiners() {}

  static void plan(Target target, Desired d, List<PlannedAction> out) {
    // no account is opened during a leave, even one that keeps the account: it would be usable
    // before its tiers are recorded; it is created on return, as for a leave that stops it all
    if (d.state() != AccountState.ENABLED || d.primary().status().isLeave()) {
      return;
    }
    if (!d.effective()) {
      out.add(
          new PlannedAction.Report(
              target,
              d.employeeNumber(),
              "",
              Situation.UNMATCHED,
              Reason.of(
                  d.from() + " 付で登録予定 (発令日前のため未登録)",
                  "to be registered on " + d.from() + " (not before its effective date)",
                  "LC-1")));
      return;
    }
    out.add(
        new PlannedAction.Create(
            target,
            d.primary(),
            d.sections(),
            Situation.UNMATCHED,
            Reason.of(
                "採用・着任により登録 (発令日 " + d.from() + ")",
                "joiner: register (effective " + d.from() + ")",
                "LC-1")));
  }
}
