package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * ID lifecycle (8-(2)-①, 5-(2)-①-(ウ)).
 *
 * @param deleteAfterDisable a leaver's disabled account is deleted after this, P0D–P3650D (LC-2)
 * @param dormantAfter an account unused this long is dormant (LC-3), P7D–P3650D
 * @param contractorGrace how long a contractor's ID outlives the contract end, P0D–P30D (LC-7)
 * @param maxDeletionsPercent a sync that would remove more than this share of accounts is held for
 *     a person to confirm (a truncated HR file must not empty the directory), 0–100
 */
public record LifecycleRules(
    Duration deleteAfterDisable,
    Duration dormantAfter,
    Duration contractorGrace,
    Duration orphanGrace,
    int maxDeletionsPercent,
    int maxDeletionsCount)
    implements Rule {

  public LifecycleRules {
    Objects.requireNonNull(deleteAfterDisable, "deleteAfterDisable");
    Objects.requireNonNull(dormantAfter, "dormantAfter");
    Objects.requireNonNull(contractorGrace, "contractorGrace");
    Objects.requireNonNull(orphanGrace, "orphanGrace");
  }

  @Override
  public List<String> requirementIds() {
    return List.of("LC-1", "LC-2", "LC-3", "LC-7");
  }
}
