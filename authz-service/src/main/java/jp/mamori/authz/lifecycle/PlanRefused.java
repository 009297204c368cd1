package jp.mamori.authz.lifecycle;

import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;

/**
 * A plan that is not in the status the step asks for: not held, held still, or decided (409). Its
 * own file, because both {@link LifecycleService} and {@link PlanDecisions} refuse with it.
 */
public final class PlanRefused extends Refusal {
  private static final long serialVersionUID = 1L;

  PlanRefused(String detail) {
    super(
        Fault.CONFLICT,
        "PLAN_STATE",
        new Bilingual("計画の状態と合いません", "the plan is not in a state for this"),
        detail);
  }
}
