package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.AbsenceRule;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.LeaveKind;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.Tier;

/**
 * Absences (休職, 育児休業, 産前産後休暇, 病気休職) in the plan, as the policy's {@code lifecycle.absences} says: a
 * kind that stops {@code ALL} suspends the account in every target with the kind's own {@link
 * StopReason}; a kind that stops some tiers keeps the account enabled and records those tiers on
 * the identity provider's account ({@link PlannedAction.RestrictTiers}), lifted when HR says the
 * person is back. Either way a return date (復職予定日) is named in the reason, and a leave past its
 * return date is reported for HR to check. Pure, like the {@link Planner} it serves.
 */
@Enforces(
    value = {"LC-1", "LC-2", "LC-3"},
    ja = "休業・休職の種類ごとにポリシーが定める範囲 (全停止または層) を止め、復職で戻し、復職予定日を過ぎた休業を人事課に確認させる",
    en =
        "Stops what the policy says for each kind of leave (the whole account or some tiers),"
            + " lifts it on return, and has HR check a leave past its return date")
final class Absences {

  private final LifecycleRules rules;

  Absences(LifecycleRules rules) {
    this.rules = rules;
  }

  /** The policy's name of a leave; a status that is not a leave is a programming error. */
  static LeaveKind kind(EmploymentStatus status) {
    return switch (status) {
      case LEAVE -> LeaveKind.LEAVE;
      case CHILDCARE_LEAVE -> LeaveKind.CHILDCARE_LEAVE;
      case MATERNITY_LEAVE -> LeaveKind.MATERNITY_LEAVE;
      case SICK_LEAVE -> LeaveKind.SICK_LEAVE;
      case ACTIVE, SECONDED, RETIRED ->
          throw new IllegalArgumentException(
              "status: expected a leave (休職 or one of its kinds), found " + status);
    };
  }

  /** The stop of a leave that suspends the account: its own, so reports say which leave. */
  static StopReason stopReason(EmploymentStatus status) {
    return switch (kind(status)) {
      case LEAVE -> StopReason.LEAVE;
      case CHILDCARE_LEAVE -> StopReason.CHILDCARE_LEAVE;
      case MATERNITY_LEAVE -> StopReason.MATERNITY_LEAVE;
      case SICK_LEAVE -> StopReason.SICK_LEAVE;
    };
  }

  /**
   * The tiers a leave stops while the account stays usable, or empty when the policy suspends the
   * whole account ({@code ALL}, the default).
   */
  Optional<Set<Tier>> tiersOnly(EmploymentStatus status) {
    return switch (rules.absence(kind(status))) {
      case AbsenceRule.WholeAccount all -> Optional.empty();
      case AbsenceRule.Tiers some -> Optional.of(some.tiers());
    };
  }

  /** The reason of a suspension; for a leave, with the return date when HR gives one. */
  static Reason suspend(StopReason stop, StaffRecord primary, LocalDate from) {
    Optional<LocalDate> returnDate = returnDate(primary);
    return Reason.of(
        stop.ja() + "により利用停止 (発令日 " + from + returnJa(returnDate) + ")、セッションを終了",
        stop.en() + ": suspend (effective " + from + returnEn(returnDate) + ") and end sessions",
        "LC-1");
  }

  /**
   * The reason of a restore ({@code tiers}: those refused from now on). At work: a return or
   * re-employment. On a leave that keeps the account, stopped before (under a policy that stopped
   * it all, or as another kind of leave): enabled again, the leave's tiers staying refused.
   */
  static Reason restore(StaffRecord primary, LocalDate from, Set<Tier> tiers) {
    if (tiers.isEmpty()) {
      return Reason.of(
          "復職・復帰・再任用により利用再開 (発令日 " + from + ")",
          "return or re-employment: restore (effective " + from + ")",
          "LC-1");
    }
    LeaveKind kind = kind(primary.status());
    return Reason.of(
        kind.ja()
            + "中も "
            + tiers
            + " 以外の層は利用できるため利用再開 (発令日 "
            + from
            + returnJa(primary.returnDate())
            + ")",
        kind.en()
            + ": the tiers other than "
            + tiers
            + " stay usable, so the account is restored (effective "
            + from
            + returnEn(primary.returnDate())
            + ")",
        "LC-1",
        "LC-2");
  }

  /**
   * The tiers of the identity provider's account set to those HR and the policy ask for ({@code
   * wanted}: empty at work), if they differ; the directory keeps no tiers.
   */
  static Optional<PlannedAction> tiers(
      Target target, StaffRecord primary, LocalDate from, Set<Tier> wanted, TargetAccount a) {
    if (target != Target.IDENTITY_PROVIDER || a.suspendedTiers().equals(wanted)) {
      return Optional.empty();
    }
    Optional<LocalDate> back = returnDate(primary);
    Reason reason;
    if (wanted.isEmpty()) {
      reason =
          Reason.of(
              "復職により " + a.suspendedTiers() + " 層の利用停止を解除 (発令日 " + from + ")",
              "back at work: the "
                  + names(a.suspendedTiers())
                  + " tiers usable again (effective "
                  + from
                  + ")",
              "LC-1");
    } else {
      LeaveKind kind = kind(primary.status());
      reason =
          Reason.of(
              kind.ja()
                  + "のため "
                  + wanted
                  + " 層の業務システムを利用停止、他の層は利用可 (発令日 "
                  + from
                  + returnJa(back)
                  + ")",
              kind.en()
                  + ": no use of the "
                  + names(wanted)
                  + " tiers, the others stay usable (effective "
                  + from
                  + returnEn(back)
                  + ")",
              "LC-1",
              "LC-2",
              "ZN-1");
    }
    return Optional.of(
        new PlannedAction.RestrictTiers(
            target, primary.employeeNumber(), a.id(), wanted, back, Situation.LINKED, reason));
  }

  /**
   * A report when HR still says the person is on leave after the return date (復職予定日): either the
   * leave was extended and HR has not yet said so, or the person is back and the HR data lags — a
   * person must ask HR (LC-3, 人事管理部門と連携した点検). Nothing changes.
   */
  static Optional<PlannedAction> overdue(
      Target target, StaffRecord primary, String accountId, LocalDate today) {
    if (!primary.status().isLeave()
        || primary.returnDate().isEmpty()
        || !today.isAfter(primary.returnDate().get())) {
      return Optional.empty();
    }
    LocalDate back = primary.returnDate().get();
    return Optional.of(
        new PlannedAction.Report(
            target,
            primary.employeeNumber(),
            accountId,
            Situation.LINKED,
            Reason.of(
                "復職予定日 (" + back + ") を過ぎていますが人事データでは休業中です: 人事課に確認してください",
                "the return date ("
                    + back
                    + ") has passed but HR still says on leave: check with HR",
                "LC-3")));
  }

  /** 復職予定日, for a leave only (a return date left on another row means nothing). */
  private static Optional<LocalDate> returnDate(StaffRecord primary) {
    return primary.status().isLeave() ? primary.returnDate() : Optional.empty();
  }

  private static String returnJa(Optional<LocalDate> returnDate) {
    return returnDate.map(d -> "、復職予定日 " + d).orElse("");
  }

  private static String returnEn(Optional<LocalDate> returnDate) {
    return returnDate.map(d -> ", expected back " + d).orElse("");
  }

  /** {@code MYNUMBER, LGWAN}: tier names for a sentence. */
  private static String names(Set<Tier> tiers) {
    return tiers.stream().map(Tier::name).collect(Collectors.joining(", "));
  }
}
