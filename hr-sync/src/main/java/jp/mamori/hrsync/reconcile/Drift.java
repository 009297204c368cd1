package jp.mamori.hrsync.reconcile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.hr.StaffRecord;

/**
 * What the planner does about an account changed outside Mamori: a stop undone by hand (drift of
 * the enabled state, read from the server) and profile attributes that no longer follow HR.
 */
final class Drift {

  private Drift() {}

  /**
   * For a person HR says may work, whose account Mamori stopped and someone else re-enabled: a stop
   * that HR lifts (return from leave, re-employment) is settled by clearing Mamori's record of it;
   * any other stop (dormancy, an administrator's decision, the ID inventory) is put back, because
   * only an administrator reinstates such an account, through Mamori, with a record of who did.
   */
  static PlannedAction settle(Target target, String employeeNumber, TargetAccount a) {
    StopReason stop = a.stopUndone().orElseThrow();
    if (stop.liftedByHr()) {
      return new PlannedAction.Restore(
          target,
          employeeNumber,
          a.id(),
          Situation.LINKED,
          Reason.of(
              stop.ja() + "による停止が Mamori 以外で解除されていました。人事上も在職のため停止の記録を消します",
              "the "
                  + stop.en()
                  + " stop was lifted outside Mamori; HR says the person works, so its record"
                  + " is cleared",
              "LC-1"));
    }
    return new PlannedAction.Disable(
        target,
        employeeNumber,
        a.id(),
        stop,
        Situation.LINKED,
        Reason.of(
            stop.ja() + "で停止したアカウントが Mamori 以外で再開されていたため (ドリフト)、再び停止します。" + "再開は管理者が Mamori で行います",
            "stopped for "
                + stop.en()
                + " but re-enabled outside Mamori (drift): stopped again; an administrator"
                + " reinstates it through Mamori",
            "LC-3",
            "AU-5"));
  }

  /** {@code planned} with the drift named, when the account was stopped before and re-enabled. */
  static Reason restop(TargetAccount a, Reason planned) {
    if (a.stopUndone().isEmpty()) {
      return planned;
    }
    StopReason was = a.stopUndone().get();
    java.util.List<String> ids = new java.util.ArrayList<>(planned.requirementIds());
    if (!ids.contains("AU-5")) {
      ids.add("AU-5");
    }
    return new Reason(
        planned.ja() + " (" + was.ja() + "で停止済みのところ Mamori 以外で再開されていました: ドリフト)",
        planned.en() + " (stopped for " + was.en() + " but re-enabled outside Mamori: drift)",
        ids);
  }

  /** An update of the profile fields the target keeps that differ from the main post in HR. */
  static Optional<PlannedAction> profile(Target target, StaffRecord main, TargetAccount a) {
    Map<ProfileField, String> differ = new EnumMap<>(ProfileField.class);
    a.profile()
        .forEach((field, value) -> {
          String wanted = field.of(main);
          if (!wanted.equals(value)) {
            differ.put(field, wanted);
          }
        });
    if (differ.isEmpty()) {
      return Optional.empty();
    }
    String ja = String.join("・", differ.keySet().stream().map(ProfileField::ja).toList());
    String en = String.join(", ", differ.keySet().stream().map(ProfileField::en).toList());
    return Optional.of(
        new PlannedAction.UpdateProfile(
            target,
            main.employeeNumber(),
            a.id(),
            differ,
            Situation.LINKED,
            Reason.of(
                ja + "を人事の発令に合わせます (発令日 " + main.effectiveDate() + ")",
                en + " follow HR (effective " + main.effectiveDate() + ")",
                "LC-5")));
  }
}
