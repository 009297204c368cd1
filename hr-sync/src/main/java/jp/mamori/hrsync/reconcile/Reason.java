package jp.mamori.hrsync.reconcile;

import java.util.List;
import java.util.Objects;

/**
 * Why the planner proposes an action, in Japanese and English, with the requirement IDs it serves.
 */
public record Reason(String ja, String en, List<String> requirementIds) {

  public Reason {
    Objects.requireNonNull(ja, "ja");
    Objects.requireNonNull(en, "en");
    requirementIds = List.copyOf(requirementIds);
  }

  public static Reason of(String ja, String en, String... requirementIds) {
    return new Reason(ja, en, List.of(requirementIds));
  }
}
