package jp.mamori.authz.privileged;

/**
 * One recorded step of a checkout as the API shows it.
 *
 * @param at when, ISO-8601
 * @param action what happened, e.g. {@code APPROVED}
 * @param actor who did it
 * @param detail more about it (never a password)
 */
record CheckoutEvent(String at, String action, String actor, String detail) {

  static CheckoutEvent of(PrivilegedAccess.Event e) {
    return new CheckoutEvent(e.at().toString(), e.action(), e.actor(), e.detail());
  }
}
