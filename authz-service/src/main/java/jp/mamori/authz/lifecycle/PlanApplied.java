package jp.mamori.authz.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to an apply ({@code POST /api/lifecycle/plans/{id}/apply}).
 *
 * @param id the plan
 * @param status the plan's status after this apply
 * @param applied actions applied by this apply
 * @param alreadyDone actions found done by an earlier, interrupted apply
 * @param left approved actions still to be made: a stopped apply leaves them to the next apply
 * @param notInPlan how many changes the fresh state calls for that the plan does not contain
 * @param stoppedAt the failure that stopped this apply; the member is absent (not {@code null})
 *     when nothing stopped it
 */
record PlanApplied(
    long id,
    String status,
    int applied,
    int alreadyDone,
    int left,
    int notInPlan,
    @JsonInclude(JsonInclude.Include.NON_NULL) String stoppedAt) {

  static PlanApplied of(long id, LifecycleService.ApplyResult result) {
    return new PlanApplied(
        id,
        result.status().name(),
        result.applied(),
        result.alreadyDone(),
        result.left(),
        result.notInPlan().size(),
        result.failure().orElse(null));
  }
}
