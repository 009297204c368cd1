package jp.mamori.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lifecycle of IDs (8-(2)-① 利用者登録, 5-(2)-①-(ウ), 9-(7)-②-(イ)): when accounts of people who left,
 * of unused IDs and of contractors end, and how much one synchronisation run may remove without a
 * person confirming it. All durations are whole days, because deadlines fall on calendar days.
 *
 * @param deleteAfterDisable a leaver's account is disabled at once and deleted this long after,
 *     P0D–P3650D; the wait keeps the account for investigations (LC-2)
 * @param dormantAfter an account without login for this long is disabled as dormant (放置された ID),
 *     P7D–P3650D (LC-3)
 * @param contractorGrace how long a contractor's or dispatched worker's ID outlives the end of the
 *     contract, P0D–P30D; P0D ends it with the contract (LC-7)
 * @param orphanGrace an account that the HR data does not know (orphaned) is reported at once and
 *     disabled after this, P0D–P90D (LC-3 人事管理部門と連携した点検)
 * @param maxDeletionsPercent a run that would disable, suspend or delete more than this share of
 *     the accounts is held until a person confirms it, 0–100; a truncated HR file must not empty
 *     the directory. 0 holds every run that removes anything (LC-1 定められた方法に従って)
 * @param maxDeletionsCount the same limit as an absolute number of accounts, 0–100,000; a run is
 *     held if it exceeds either limit
 * @param absences what each kind of absence (休職, 育児休業, 産前産後休暇, 病気休職) stops until the person is
 *     back: {@link AbsenceRule#ALL} suspends the account in every target, a list of tiers keeps it
 *     usable for the other tiers (LC-1, LC-2). A kind not in the map is {@code ALL}: the safe
 *     default, so a kind the policy forgot never leaves an account usable
 */
public record LifecycleRules(
    Duration deleteAfterDisable,
    Duration dormantAfter,
    Duration contractorGrace,
    Duration orphanGrace,
    int maxDeletionsPercent,
    int maxDeletionsCount,
    Map<LeaveKind, AbsenceRule> absences)
    implements Rule {

  static final DurationRange DELETE_AFTER_DISABLE = DurationRange.days(0, 3650);
  static final DurationRange DORMANT_AFTER = DurationRange.days(7, 3650);
  static final DurationRange CONTRACTOR_GRACE = DurationRange.days(0, 30);
  static final DurationRange ORPHAN_GRACE = DurationRange.days(0, 90);
  static final IntRange MAX_DELETIONS_PERCENT = new IntRange(0, 100);
  static final IntRange MAX_DELETIONS_COUNT = new IntRange(0, 100_000);

  /** Rules under which every absence suspends the whole account ({@code ALL}, as shipped). */
  public LifecycleRules(
      Duration deleteAfterDisable,
      Duration dormantAfter,
      Duration contractorGrace,
      Duration orphanGrace,
      int maxDeletionsPercent,
      int maxDeletionsCount) {
    this(
        deleteAfterDisable,
        dormantAfter,
        contractorGrace,
        orphanGrace,
        maxDeletionsPercent,
        maxDeletionsCount,
        Map.of());
  }

  /**
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public LifecycleRules {
    DELETE_AFTER_DISABLE.require("lifecycle.deleteAfterDisable", deleteAfterDisable);
    DORMANT_AFTER.require("lifecycle.dormantAfter", dormantAfter);
    CONTRACTOR_GRACE.require("lifecycle.contractorGrace", contractorGrace);
    ORPHAN_GRACE.require("lifecycle.orphanGrace", orphanGrace);
    MAX_DELETIONS_PERCENT.require("lifecycle.maxDeletionsPercent", maxDeletionsPercent);
    MAX_DELETIONS_COUNT.require("lifecycle.maxDeletionsCount", maxDeletionsCount);
    Objects.requireNonNull(absences, "absences");
    Map<LeaveKind, AbsenceRule> every = new EnumMap<>(LeaveKind.class);
    for (LeaveKind kind : LeaveKind.values()) {
      every.put(kind, Objects.requireNonNullElse(absences.get(kind), AbsenceRule.ALL));
    }
    absences = Collections.unmodifiableMap(every);
  }

  /** What an absence of this kind stops; {@link AbsenceRule#ALL} unless the policy says less. */
  public AbsenceRule absence(LeaveKind kind) {
    return absences.get(Objects.requireNonNull(kind, "kind"));
  }

  /** LC-1 (defined procedure), LC-2 (prompt removal), LC-3 (unused IDs), LC-7 (contractors). */
  @Override
  public List<String> requirementIds() {
    return List.of("LC-1", "LC-2", "LC-3", "LC-7");
  }
}
