package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.LifecycleRules;

/**
 * The reconciliation core: compares the desired state (the HR file as of today, LC-1) with the
 * accounts read from each target and proposes a {@link Plan}. Pure: no I/O, no clock (the day is
 * given), the same inputs always give the same plan.
 *
 * <p><b>Effective dating (発令日).</b> A record takes effect on its 発令日; a retirement at the end of it
 * (the person works on their last day). Until then the account keeps its current access and the
 * plan only reports the scheduled change; planning again on the day applies it.
 *
 * <p><b>Safety.</b> Nothing is ever concluded from absence alone: an account with no HR record is
 * reported at once and disabled only after the policy's grace period, and the {@linkplain Verdict
 * guard} holds the whole plan when the HR file looks wrong (no valid rows, many rejected rows, many
 * account holders missing) or when more accounts would be stopped than the policy's thresholds.
 * Transfers do not count as stops, so the 1 April transfer of a quarter of the staff goes through.
 *
 * <p><b>Parts.</b> This class links each account to its person and puts the plan together; each
 * concern is a pure class of its own: {@link DesiredStates} (what HR asks for), {@link Joiners},
 * {@link LinkedAccounts} (movers via {@link Movers}, stops, dormancy via {@link Dormancy}), {@link
 * UnlinkedAccounts} (declared, development and orphaned accounts), {@link Retention} (deletion
 * after disabling) and {@link SafetyGuard} (the thresholds that hold a plan).
 */
@Enforces(
    value = {"LC-1", "LC-2", "LC-4", "LC-5", "LC-7", "GV-2"},
    ja = "人事データ (発令日) から各IDの登録・異動・停止・削除を計画し、異動では旧所属の権限を外し、開発用・委託先のIDは終了日で止め、大量削除は保留する",
    en =
        "Plans each ID's registration, transfer, suspension and deletion from HR (effective dates): a transfer withdraws the old section's access, development and contractor IDs stop at their end, mass deletions are held")
public final class Planner {

  private final DesiredStates desiredStates;
  private final LinkedAccounts linkedAccounts;
  private final UnlinkedAccounts unlinkedAccounts;
  private final SafetyGuard guard;

  public Planner(LifecycleRules rules) {
    Retention retention = new Retention(rules);
    this.desiredStates = new DesiredStates(rules);
    this.linkedAccounts = new LinkedAccounts(rules, retention, new Dormancy(rules));
    this.unlinkedAccounts = new UnlinkedAccounts(rules, retention);
    this.guard = new SafetyGuard(rules);
  }

  /**
   * @param hr the HR file (valid rows and the count of rejected ones)
   * @param accounts every account of every target, read completely
   * @param targets the targets reconciled (an account of another target is ignored)
   * @param today the day to plan for
   * @param orphanSince the first day each account (by {@link TargetAccount#key()}) was seen without
   *     an HR record; an account not in the map is seen for the first time today
   */
  public Plan plan(
      HrFile hr,
      List<TargetAccount> accounts,
      Set<Target> targets,
      LocalDate today,
      Map<String, LocalDate> orphanSince) {
    return plan(hr, accounts, targets, today, orphanSince, Optional.empty());
  }

  /**
   * As {@link #plan(HrFile, List, Set, LocalDate, Map)}, and holds the plan when the HR file is
   * older than one already applied — yesterday's file delivered again after today's: its newest 発令日
   * is earlier than {@code newestAppliedEffectiveDate}, and applying it would undo changes.
   */
  public Plan plan(
      HrFile hr,
      List<TargetAccount> accounts,
      Set<Target> targets,
      LocalDate today,
      Map<String, LocalDate> orphanSince,
      Optional<LocalDate> newestAppliedEffectiveDate) {
    // a person with a rejected row is planned from nothing: a 兼務 row that was read must not
    // stand in for a main post that was not, and a missing row must not read as a leaver
    Set<String> rejected = hr.rejectedEmployees();
    Map<String, Desired> desired =
        desiredStates.of(
            rejected.isEmpty()
                ? hr.records()
                : hr.records().stream()
                    .filter(r -> !rejected.contains(r.employeeNumber()))
                    .toList(),
            today);
    List<PlannedAction> actions = new ArrayList<>();
    Map<Target, Integer> destructive = new EnumMap<>(Target.class);
    Map<Target, Integer> missing = new EnumMap<>(Target.class);
    Map<Target, Integer> base = new EnumMap<>(Target.class);
    Map<String, Instant> lastLogins = Dormancy.lastLoginByEmployee(accounts);
    for (Target target : targets) {
      List<TargetAccount> mine = accounts.stream().filter(a -> a.target() == target).toList();
      List<PlannedAction> planned = new ArrayList<>();
      Holders holders =
          planTarget(target, mine, desired, rejected, today, orphanSince, lastLogins, planned);
      planned.sort(Comparator.comparing(PlannedAction::employeeNumber));
      actions.addAll(planned);
      destructive.put(target, (int) planned.stream().filter(PlannedAction::destructive).count());
      base.put(target, holders.active());
      missing.put(target, holders.absent());
    }
    return new Plan(
        today,
        hr.file().getFileName().toString(),
        hr.dataRows(),
        hr.problems().size(),
        actions,
        guard.verdict(
            hr,
            SafetyGuard.max(base),
            SafetyGuard.max(destructive),
            SafetyGuard.max(missing),
            newestAppliedEffectiveDate));
  }

  /** Personal accounts not disabled in a target, and how many of them HR does not list. */
  private record Holders(int active, int absent) {}

  /**
   * One pass over the target's accounts: each is looked up in HR once and linked to its person by
   * the person's position in HR order (no second lookup per person), or left unlinked.
   */
  private Holders planTarget(
      Target target,
      List<TargetAccount> accounts,
      Map<String, Desired> desired,
      Set<String> rejected,
      LocalDate today,
      Map<String, LocalDate> orphanSince,
      Map<String, Instant> lastLogins,
      List<PlannedAction> out) {
    TargetAccount[] linked = new TargetAccount[desired.size()];
    Map<Integer, List<TargetAccount>> disputed = new HashMap<>();
    List<TargetAccount> unlinked = new ArrayList<>();
    int active = 0;
    int absent = 0;
    for (TargetAccount account : accounts) {
      boolean personal = account.kind() == AccountKind.PERSONAL;
      if (personal && rejected.contains(account.employeeNumber())) {
        if (account.state() != AccountState.DISABLED) {
          active++; // in HR: not absent
        }
        out.add(
            new PlannedAction.Report(
                target,
                account.employeeNumber(),
                account.id(),
                Situation.REJECTED_ROW,
                Reason.of(
                    "人事データのこの職員の行が不正なため取り込めません: 行が直るまで変更しません",
                    "this person's row in the HR file was rejected: no change until the row is"
                        + " fixed",
                    "GV-7")));
        continue;
      }
      Desired d = personal ? desired.get(account.employeeNumber()) : null;
      if (personal && account.state() != AccountState.DISABLED) {
        active++;
        if (d == null) {
          absent++;
        }
      }
      if (d == null || account.employeeNumber().isEmpty()) {
        unlinked.add(account);
      } else if (linked[d.index()] == null) {
        linked[d.index()] = account;
      } else {
        disputed.computeIfAbsent(d.index(), i -> new ArrayList<>(List.of(linked[i]))).add(account);
      }
    }
    for (Desired d : desired.values()) {
      List<TargetAccount> found = disputed.get(d.index());
      if (found != null) {
        for (TargetAccount a : found) {
          out.add(
              new PlannedAction.Report(
                  target,
                  d.employeeNumber(),
                  a.id(),
                  Situation.DISPUTED,
                  Reason.of(
                      "同じ職員番号のアカウントが " + found.size() + " 件あります: 担当者が確認してください",
                      found.size() + " accounts carry this employee number: a person must decide",
                      "LC-6")));
        }
      } else if (linked[d.index()] == null) {
        Joiners.plan(target, d, out);
      } else {
        linkedAccounts.plan(target, d, linked[d.index()], today, lastLogins, out);
      }
    }
    for (TargetAccount account : unlinked) {
      unlinkedAccounts.plan(target, account, today, orphanSince, out);
    }
    return new Holders(active, absent);
  }

  /** The newest 発令日 in the file: how recent the HR export is. */
  public static Optional<LocalDate> newestEffectiveDate(HrFile hr) {
    return SafetyGuard.newestEffectiveDate(hr);
  }

  /**
   * What HR asks for one employee as of a day: the sections (兼務 included), the account state and,
   * for a stop, why; {@code effective} is false while the latest change is still future-dated.
   */
  public record Expected(
      String employeeNumber,
      String sectionName,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> stop,
      boolean effective,
      EmploymentType employmentType,
      Optional<LocalDate> contractEnd) {}

  /** The state HR asks for, per employee number, as of {@code today} (ID inventories, LC-3). */
  public Map<String, Expected> expected(List<StaffRecord> records, LocalDate today) {
    Map<String, Expected> out = new LinkedHashMap<>();
    desiredStates
        .of(records, today)
        .forEach((n, d) ->
            out.put(
                n,
                new Expected(
                    n,
                    d.primary().sectionName(),
                    d.sections(),
                    d.state(),
                    d.stop(),
                    d.effective(),
                    d.primary().employmentType(),
                    d.primary().contractEnd())));
    return out;
  }
}
