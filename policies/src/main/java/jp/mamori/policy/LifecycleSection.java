package jp.mamori.policy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code lifecycle}, with its optional {@code absences}: retention, dormancy and safety
 * thresholds of hr-sync.
 */
final class LifecycleSection {

  private LifecycleSection() {}

  static LifecycleRules lifecycle(PolicySection s) {
    Duration deleteAfter = s.duration("deleteAfterDisable", LifecycleRules.DELETE_AFTER_DISABLE);
    Duration dormant = s.duration("dormantAfter", LifecycleRules.DORMANT_AFTER);
    Duration contractor = s.duration("contractorGrace", LifecycleRules.CONTRACTOR_GRACE);
    Duration orphan = s.duration("orphanGrace", LifecycleRules.ORPHAN_GRACE);
    Integer percent = s.integer("maxDeletionsPercent", LifecycleRules.MAX_DELETIONS_PERCENT);
    Integer count = s.integer("maxDeletionsCount", LifecycleRules.MAX_DELETIONS_COUNT);
    Map<LeaveKind, AbsenceRule> absences = absences(s.optionalSection("absences"));
    s.rejectUnknown();
    return !s.clean() || absences == null
        ? null
        : new LifecycleRules(deleteAfter, dormant, contractor, orphan, percent, count, absences);
  }

  static final String ABSENCE_EXPECTED =
      "ALL (the account is suspended in every target) or a list of the tiers the absence stops,"
          + " e.g. [MYNUMBER] or [MYNUMBER, LGWAN] (tiers: MYNUMBER, LGWAN, INTERNET)";

  static final String ABSENCE_TIER_EXPECTED =
      "a tier: MYNUMBER, LGWAN or INTERNET (ALL is written alone, not in a list)";

  /**
   * {@code lifecycle.absences}: optional, and so is each kind in it; what is left out is {@code
   * ALL}, the safe default. Null if the section has a problem.
   */
  static Map<LeaveKind, AbsenceRule> absences(PolicySection s) {
    Map<LeaveKind, AbsenceRule> rules = new EnumMap<>(LeaveKind.class);
    for (LeaveKind kind : LeaveKind.values()) {
      AbsenceRule rule = absence(s, kind.name());
      if (rule != null) {
        rules.put(kind, rule);
      }
    }
    s.rejectUnknown(); // a misspelt or unknown kind, listing the kinds
    return s.clean() ? rules : null;
  }

  static AbsenceRule absence(PolicySection s, String name) {
    boolean written = s.has(name);
    Object value = s.get(name); // known even when left out, for the unknown-key message
    if (!written) {
      return AbsenceRule.ALL;
    }
    if (value instanceof String text && text.strip().equals("ALL")) {
      return AbsenceRule.ALL;
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      Set<Tier> tiers = EnumSet.noneOf(Tier.class);
      for (int i = 0; i < list.size(); i++) {
        Tier tier = list.get(i) instanceof String text ? tierNamed(text.strip()) : null;
        if (tier == null) {
          s.problem(
              s.key(name) + "[" + i + "]",
              PolicySection.describe(list.get(i)),
              ABSENCE_TIER_EXPECTED);
        } else {
          tiers.add(tier);
        }
      }
      return s.clean() ? new AbsenceRule.Tiers(tiers) : null;
    }
    s.problemAt(name, ABSENCE_EXPECTED);
    return null;
  }

  /** The tier of exactly this name (upper case, as under {@code tiers}), or null. */
  static Tier tierNamed(String name) {
    for (Tier tier : Tier.values()) {
      if (tier.name().equals(name)) {
        return tier;
      }
    }
    return null;
  }
}
