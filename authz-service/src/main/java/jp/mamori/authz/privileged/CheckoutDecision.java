package jp.mamori.authz.privileged;

/**
 * The body of an approval or rejection of a checkout ({@code POST
 * /api/privileged/checkouts/{id}/approve}, {@code …/reject}).
 *
 * @param reason why
 * @param stepUp the approver's step-up assertion (its JSON text or the JSON object itself), or null
 *     to start a step-up bound to this request; read only by the approval, and only when the policy
 *     asks for one
 */
record CheckoutDecision(String reason, Object stepUp) {

  /** Never shows the step-up assertion. */
  @Override
  public String toString() {
    return "CheckoutDecision[reason="
        + reason
        + ", stepUp="
        + (stepUp == null ? "none" : "…")
        + "]";
  }
}
