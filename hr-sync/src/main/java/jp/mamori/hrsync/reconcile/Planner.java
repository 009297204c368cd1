package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.Tier;

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
 */
@Enforces(
    value = {"LC-1", "LC-2", "LC-4", "LC-5", "LC-7", "GV-2"},
    ja = "人事データ (発令日) から各IDの登録・異動・停止・削除を計画し、異動では旧所属の権限を外し、開発用・委託先のIDは終了日で止め、大量削除は保留する",
    en =
        "Plans each ID's registration, transfer, suspension and deletion from HR (effective dates): a transfer withdraws the old section's access, development and contractor IDs stop at their end, mass deletions are held")
public final class Planner {

  /** Above this share of rejected rows the file is taken for corrupt or wrongly encoded. */
  static final int MAX_REJECTED_PERCENT = 5;

  /** Dates of the municipality; 発令日 and end dates are local dates there. */
  static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  private final LifecycleRules rules;
  private final Absences absences;

  public Planner(LifecycleRules rules) {
    this.rules = rules;
    this.absences = new Absences(rules);
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
        desired(
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
    Map<String, Instant> lastLogins = lastLoginByEmployee(accounts);
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
        guard(hr, max(base), max(destructive), max(missing), newestAppliedEffectiveDate));
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
        planUnmatched(target, d, out);
      } else {
        planLinked(target, d, linked[d.index()], today, lastLogins, out);
      }
    }
    for (TargetAccount account : unlinked) {
      planUnlinked(target, account, today, orphanSince, out);
    }
    return new Holders(active, absent);
  }

  private void planUnmatched(Target target, Desired d, List<PlannedAction> out) {
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

  private void planLinked(
      Target target,
      Desired d,
      TargetAccount a,
      LocalDate today,
      Map<String, Instant> lastLogins,
      List<PlannedAction> out) {
    String emp = d.employeeNumber();
    if (!d.effective()) {
      if (differs(d, a)) {
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
        changeSections(target, d, a, out);
        rename(target, d, a, out);
        Drift.profile(target, d.primary(), a).ifPresent(out::add);
        // a person on a leave that keeps the account is not dormant: HR explains the absence of
        // logins, and disabling would undo the policy's choice until an administrator reinstates
        if (stays
            && a.state() == AccountState.ENABLED
            && !d.primary().status().isLeave()
            && dormant(lastLogins.get(emp), today)) {
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
        changeSections(target, d, a, out);
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
          deleteAfterRetention(target, emp, a, today, Situation.DEPARTED, out);
        }
      }
    }
  }

  private void planUnlinked(
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
          deleteAfterRetention(target, a.employeeNumber(), a, today, Situation.DECLARED, out);
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
          deleteAfterRetention(target, a.employeeNumber(), a, today, Situation.ORPHANED, out);
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

  private void deleteAfterRetention(
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

  private static void changeSections(
      Target target, Desired d, TargetAccount a, List<PlannedAction> out) {
    if (a.sections().equals(d.sections())) {
      return;
    }
    Set<String> add = new TreeSet<>(d.sections());
    add.removeAll(a.sections());
    Set<String> remove = new TreeSet<>(a.sections());
    remove.removeAll(d.sections());
    out.add(
        new PlannedAction.ChangeSections(
            target,
            d.employeeNumber(),
            a.id(),
            add,
            remove,
            Situation.LINKED,
            Reason.of(
                "異動 (発令日 " + d.from() + "): 付与 " + add + "、旧所属の権限を削除 " + remove,
                "transfer (effective " + d.from() + "): grant " + add + ", withdraw old " + remove,
                "LC-5",
                "ZN-1",
                "GV-2")));
  }

  private static void rename(Target target, Desired d, TargetAccount a, List<PlannedAction> out) {
    String name = d.primary().fullName();
    if (!a.fullName().isEmpty() && !sameName(a.fullName(), name)) {
      out.add(
          new PlannedAction.Rename(
              target,
              d.employeeNumber(),
              a.id(),
              name,
              Situation.LINKED,
              Reason.of("氏名変更 (ID は維持)", "name change (the ID is kept)", "LC-1")));
    }
  }

  /** 氏名 compared with half- and full-width spaces alike, as targets store them differently. */
  static boolean sameName(String a, String b) {
    return a.equals(b) || normalizeName(a).equals(normalizeName(b));
  }

  /** Full-width spaces as half-width, surrounding spaces removed, runs of spaces as one. */
  private static String normalizeName(String name) {
    String spaced = name.replace('\u3000', ' ').strip();
    StringBuilder out = new StringBuilder(spaced.length());
    for (int i = 0; i < spaced.length(); i++) {
      char c = spaced.charAt(i);
      if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The person's latest known login over all their personal accounts in every target: a person is
   * dormant (LC-3) only if they have used none of their IDs — an account that only serves the SSO
   * login (a directory entry without a password) is not dormant while its owner logs in through
   * Keycloak.
   */
  private static Map<String, Instant> lastLoginByEmployee(List<TargetAccount> accounts) {
    Map<String, Instant> latest = new HashMap<>();
    Map<String, Instant> usableSince = new HashMap<>();
    for (TargetAccount a : accounts) {
      if (a.kind() == AccountKind.PERSONAL && !a.employeeNumber().isEmpty()) {
        a.lastLogin().ifPresent(t -> latest.merge(a.employeeNumber(), t, Planner::later));
        if (a.state() == AccountState.ENABLED) {
          a.stateSince()
              .map(d -> d.atStartOfDay(ZONE).toInstant())
              .ifPresent(t -> usableSince.merge(a.employeeNumber(), t, Planner::later));
        }
      }
    }
    // the login-free period starts no earlier than the day the person's account became usable
    // again (one target may record it, another not): a person back from a year's leave is not
    // dormant the next morning because their last login was before the leave; unknown stays unknown
    latest.replaceAll((n, t) -> usableSince.containsKey(n) ? later(t, usableSince.get(n)) : t);
    return latest;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Dormant only on evidence: a known last login (or a known start of a login-free period, see
   * {@link TargetAccount#lastLogin()}) older than the policy's period. Nothing known (no login
   * events for the person yet) is not taken for dormancy, or every account would look dormant the
   * day event storage is switched on.
   */
  private boolean dormant(Instant lastLogin, LocalDate today) {
    if (lastLogin == null) {
      return false;
    }
    LocalDate last = lastLogin.atZone(ZONE).toLocalDate();
    return last.plusDays(rules.dormantAfter().toDays()).isBefore(today);
  }

  private static boolean differs(Desired d, TargetAccount a) {
    return !a.sections().equals(d.sections())
        || a.state() != d.state()
        || a.target() == Target.IDENTITY_PROVIDER && !a.suspendedTiers().equals(d.suspendedTiers());
  }

  /** The newest 発令日 in the file: how recent the HR export is. */
  public static Optional<LocalDate> newestEffectiveDate(HrFile hr) {
    return hr.records().stream().map(StaffRecord::effectiveDate).max(Comparator.naturalOrder());
  }

  private Verdict guard(
      HrFile hr, int base, int destructive, int missing, Optional<LocalDate> newestApplied) {
    List<Reason> reasons = new ArrayList<>();
    Optional<LocalDate> newest = newestEffectiveDate(hr);
    if (newestApplied.isPresent()
        && newest.isPresent()
        && newest.get().isBefore(newestApplied.get())) {
      reasons.add(
          Reason.of(
              "この人事ファイルの最新の発令日 "
                  + newest.get()
                  + " は、適用済みのファイル ("
                  + newestApplied.get()
                  + ") より古いため、前日のファイルの再送の可能性があります",
              "this HR file's newest effective date "
                  + newest.get()
                  + " is older than that of a file already applied ("
                  + newestApplied.get()
                  + "): yesterday's file delivered again?",
              "GV-7"));
    }
    if (hr.records().isEmpty() && base > 0) {
      reasons.add(
          Reason.of(
              "人事ファイルに有効な行がありません (" + base + " 件のアカウントがあります): 空のファイルの可能性",
              "the HR file has no valid rows while " + base + " accounts exist: an empty file?",
              "LC-1",
              "GV-7"));
    }
    if (hr.dataRows() > 0
        && hr.problems().size() * 100L > (long) MAX_REJECTED_PERCENT * hr.dataRows()) {
      reasons.add(
          Reason.of(
              "不正な行が " + hr.problems().size() + "/" + hr.dataRows() + " 行あります: 文字コードの誤りやファイル破損の可能性",
              hr.problems().size()
                  + " of "
                  + hr.dataRows()
                  + " rows are invalid: wrong encoding or a damaged file?",
              "GV-7"));
    }
    if (exceeds(missing, base)) {
      reasons.add(
          Reason.of(
              "アカウントのある職員 " + missing + " 人が人事ファイルにありません: 途中で切れたファイルの可能性",
              missing + " account holders are missing from the HR file: a truncated file?",
              "LC-1",
              "GV-7"));
    }
    if (exceeds(destructive, base)) {
      reasons.add(
          Reason.of(
              destructive
                  + " 件の停止・無効化・削除は閾値 ("
                  + rules.maxDeletionsPercent()
                  + "% / "
                  + rules.maxDeletionsCount()
                  + " 件) を超えます: 承認が必要です",
              destructive
                  + " suspensions, disables and deletions exceed the threshold ("
                  + rules.maxDeletionsPercent()
                  + "% / "
                  + rules.maxDeletionsCount()
                  + "): approval needed",
              "LC-1"));
    }
    return reasons.isEmpty() ? new Verdict.Proceed() : new Verdict.Held(reasons);
  }

  private boolean exceeds(int count, int base) {
    if (count == 0) {
      return false;
    }
    return count > rules.maxDeletionsCount()
        || (base > 0 && count * 100L > (long) rules.maxDeletionsPercent() * base);
  }

  private static int max(Map<Target, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
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
    desired(records, today)
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

  /** The state HR asks for, per employee, as of {@code today}. */
  private Map<String, Desired> desired(List<StaffRecord> records, LocalDate today) {
    Map<String, List<StaffRecord>> byEmployee = new LinkedHashMap<>();
    for (StaffRecord record : records) {
      byEmployee.computeIfAbsent(record.employeeNumber(), k -> new ArrayList<>()).add(record);
    }
    Map<String, Desired> desired = new LinkedHashMap<>();
    byEmployee.forEach((employeeNumber, rows) -> {
      // the main post (本務) carries the person's state; 兼務 rows add sections
      StaffRecord primary =
          rows.stream().filter(r -> !r.concurrentPost()).findFirst().orElse(rows.getFirst());
      Set<String> sections = new LinkedHashSet<>();
      rows.forEach(r -> sections.add(r.sectionCode())); // 兼務: access of every section
      LocalDate from = primary.effectiveDate();
      boolean effective =
          primary.status() == EmploymentStatus.RETIRED
              ? today.isAfter(from) // 退職: at the end of the effective day
              : !today.isBefore(from);
      Optional<LocalDate> contractEnd = primary.contractEnd();
      if (contractEnd.isPresent()
          && today.isAfter(contractEnd.get().plusDays(rules.contractorGrace().toDays()))) {
        desired.put(
            employeeNumber,
            new Desired(
                desired.size(),
                primary,
                sections,
                AccountState.DISABLED,
                Optional.of(StopReason.CONTRACT_ENDED),
                true,
                from,
                Set.of()));
        return;
      }
      AccountState state;
      Optional<StopReason> stop;
      Set<Tier> suspendedTiers = Set.of();
      switch (primary.status()) {
        case ACTIVE -> {
          state = AccountState.ENABLED;
          stop = Optional.empty();
        }
        case SECONDED -> {
          state = AccountState.SUSPENDED;
          stop = Optional.of(StopReason.SECONDED);
        }
        case LEAVE, CHILDCARE_LEAVE, MATERNITY_LEAVE, SICK_LEAVE -> {
          Optional<Set<Tier>> only = absences.tiersOnly(primary.status());
          state = only.isPresent() ? AccountState.ENABLED : AccountState.SUSPENDED;
          stop =
              only.isPresent()
                  ? Optional.empty()
                  : Optional.of(Absences.stopReason(primary.status()));
          suspendedTiers = only.orElse(Set.of());
        }
        case RETIRED -> {
          state = AccountState.DISABLED;
          stop = Optional.of(StopReason.RETIRED);
        }
        default -> throw new IllegalStateException("unknown status " + primary.status());
      }
      desired.put(
          employeeNumber,
          new Desired(
              desired.size(),
              primary,
              Set.copyOf(sections),
              state,
              stop,
              effective,
              from,
              suspendedTiers));
    });
    return desired;
  }

  /**
   * What HR asks for one person; {@code index} is the person's position in HR order; {@code
   * suspendedTiers} the tiers refused during a leave that keeps the account (else empty).
   */
  private record Desired(
      int index,
      StaffRecord primary,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> stop,
      boolean effective,
      LocalDate from,
      Set<Tier> suspendedTiers) {
    String employeeNumber() {
      return primary.employeeNumber();
    }
  }
}
