package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.LifecycleRules;

/**
 * The guard that holds a whole plan (GV-7, LC-1): an HR file older than one applied, empty, with
 * many rejected rows or many account holders missing, or more stops than the policy's thresholds.
 * Transfers do not count as stops.
 */
final class SafetyGuard {

  /** Above this share of rejected rows the file is taken for corrupt or wrongly encoded. */
  static final int MAX_REJECTED_PERCENT = 5;

  private final LifecycleRules rules;

  SafetyGuard(LifecycleRules rules) {
    this.rules = rules;
  }

  /** The newest 発令日 in the file: how recent the HR export is. */
  static Optional<LocalDate> newestEffectiveDate(HrFile hr) {
    return hr.records().stream().map(StaffRecord::effectiveDate).max(Comparator.naturalOrder());
  }

  /** Proceed, or hold the whole plan with every reason found. */
  Verdict verdict(
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

  boolean exceeds(int count, int base) {
    if (count == 0) {
      return false;
    }
    return count > rules.maxDeletionsCount()
        || (base > 0 && count * 100L > (long) rules.maxDeletionsPercent() * base);
  }

  static int max(Map<Target, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
