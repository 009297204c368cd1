package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;
import jp.mamori.authz.privileged.PrivilegedStore.Claimable;
import jp.mamori.authz.shared.Bilingual;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The check-in (PR-4, PR-5): by the holder, at the stored deadline, or for a holder HR stopped —
 * the directory password rotated or the Keycloak role taken back. A check-in is first claimed by
 * one instance ({@link PrivilegedStore#claim}), so each is done once however many instances run; a
 * rotation that fails leaves the checkout {@code ROTATION_PENDING}, retried with {@link
 * RotationRules#backoff} without end and alerted, and no new checkout of the account can start
 * meanwhile.
 */
final class CheckIns {

  private static final Logger log = LoggerFactory.getLogger(CheckIns.class);

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedTargets targets;
  private final PrivilegedAlerts alerts;

  CheckIns(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      PrivilegedAlerts alerts) {
    this.store = store;
    this.tx = tx;
    this.targets = targets;
    this.alerts = alerts;
  }

  /** See {@link PrivilegedAccess#checkIn}. */
  Checkout checkIn(long checkoutId, String actor) {
    Checkout c =
        store.checkout(checkoutId).orElseThrow(() -> Refusals.checkoutNotFound(checkoutId));
    CheckoutRules.requireMayCheckIn(c);
    if (!store.claim(checkoutId, Claimable.ACTIVE)) {
      throw CheckoutRules.state(
          store.checkout(checkoutId).orElseThrow(), new Bilingual("返却", "checked in"));
    }
    closeClaimed(checkoutId, actor);
    return store.checkout(checkoutId).orElseThrow();
  }

  /** See {@link PrivilegedAccess#checkInDue}. */
  int checkInDue() {
    return takeDue(Claimable.EXPIRED, id -> "EXPIRY");
  }

  /** See {@link PrivilegedAccess#retryRotations}. */
  int retryRotations() {
    return takeDue(
        Claimable.RETRY_DUE,
        id -> store.checkout(id).flatMap(Checkout::checkedInBy).orElse("EXPIRY"));
  }

  /** Closes every checkout {@code due} that this instance can claim; returns how many. */
  private int takeDue(Claimable due, LongFunction<String> by) {
    int done = 0;
    for (long id : store.due(due)) {
      if (store.claim(id, due)) {
        closeClaimed(id, by.apply(id));
        done++;
      }
    }
    return done;
  }

  /** Claims a taken checkout for this instance; false when it is not taken or claimed already. */
  boolean claimActive(long id) {
    return store.claim(id, Claimable.ACTIVE);
  }

  /**
   * Closes the privilege of a checkout this instance claimed: on success {@code CHECKED_IN}; on
   * failure {@code ROTATION_PENDING} with the next attempt after a backoff, the directory account
   * disabled if the directory still takes that, and an alert.
   */
  void closeClaimed(long id, String by) {
    Checkout c = store.checkout(id).orElseThrow();
    PrivilegedAccount account = store.account(c.accountId()).orElseThrow();
    Instant now = store.now();
    try {
      targets.close(account, c.requester());
    } catch (PrivilegedTargets.Unavailable e) {
      int attempts = c.rotationAttempts() + 1;
      Duration wait = RotationRules.backoff(attempts);
      boolean disabled = targets.disableOnly(account);
      tx.executeWithoutResult(s -> {
        store.rotationPending(id, now, by, attempts, now.plus(wait), e.getMessage());
        store.event(
            account.id(),
            id,
            "ROTATION_FAILED",
            store.instance(),
            "attempt "
                + attempts
                + ", next in "
                + wait
                + (disabled ? ", account disabled" : "")
                + ": "
                + e.getMessage());
        alerts.checkInRotationFailed(id, account.id(), e.getMessage());
      });
      log.warn(
          "Privileged ID {}: check-in of checkout {} could not rotate (attempt {}, next in {}): {}",
          account.id(),
          id,
          attempts,
          wait,
          e.getMessage());
      return;
    }
    tx.executeWithoutResult(s -> {
      store.checkedIn(id, now, by);
      store.rotatedIfDirectory(account.id(), now);
      store.event(
          account.id(),
          id,
          account.kind() == PrivilegedAccount.Kind.DIRECTORY
              ? "CHECKED_IN_ROTATED"
              : "CHECKED_IN_ROLE_REMOVED",
          by,
          c.rotationAttempts() > 0 ? "after " + c.rotationAttempts() + " failed attempts" : null);
      alerts.checkInRotated(id, store.instance());
    });
  }
}
