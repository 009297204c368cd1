package jp.mamori.authz.privileged;

/**
 * The optional body of taking a checkout ({@code POST /api/privileged/checkouts/{id}/activate}).
 *
 * @param stepUp the holder's step-up assertion (its JSON text or the JSON object itself), or null
 *     to start a step-up bound to this checkout
 */
record CheckoutActivation(Object stepUp) {

  /** Never shows the step-up assertion. */
  @Override
  public String toString() {
    return "CheckoutActivation[stepUp=" + (stepUp == null ? "none" : "…") + "]";
  }
}
