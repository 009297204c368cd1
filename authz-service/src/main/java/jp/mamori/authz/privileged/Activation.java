package jp.mamori.authz.privileged;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jp.mamori.authz.privileged.PrivilegedAccess.Activated;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.webauthn.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Taking an approved checkout (貸出, PR-5, LC-6): the deadline is stored first, then the privilege
 * opened — a fresh directory password shown once and never stored, or the realm role granted to the
 * holder's own account. An exclusive account has one holder at a time (a unique index: of
 * concurrent takers exactly one succeeds).
 */
final class Activation {

  private static final Logger log = LoggerFactory.getLogger(Activation.class);

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedTargets targets;
  private final CheckoutRules rules;
  private final Function<String, Optional<String>> sanctioned;
  private final CheckIns checkIns;

  Activation(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      CheckoutRules rules,
      Function<String, Optional<String>> sanctioned,
      CheckIns checkIns) {
    this.store = store;
    this.tx = tx;
    this.targets = targets;
    this.rules = rules;
    this.sanctioned = sanctioned;
    this.checkIns = checkIns;
  }

  /** See {@link PrivilegedAccess#activationOperation}. */
  Operation activationOperation(long checkoutId) {
    Checkout c =
        store.checkout(checkoutId).orElseThrow(() -> Refusals.checkoutNotFound(checkoutId));
    return Operation.of(
        "privileged-checkout.activate",
        "privileged-checkout/" + c.id(),
        Map.of(
            "account", c.accountId(),
            "holder", c.requester(),
            "duration", c.duration().toString()));
  }

  /** See {@link PrivilegedAccess#activate}. */
  Activated activate(long checkoutId, String holder) {
    Checkout c =
        store.checkout(checkoutId).orElseThrow(() -> Refusals.checkoutNotFound(checkoutId));
    Instant now = store.now();
    rules.requireMayActivate(c, holder, now);
    CheckoutRules.requireNotSanctioned(holder, sanctioned.apply(holder));
    PrivilegedAccount account = store.account(c.accountId()).orElseThrow();
    CheckoutRules.requireActive(account);
    Instant expires = now.plus(c.duration());
    Optional<Instant> revealed =
        account.kind() == PrivilegedAccount.Kind.DIRECTORY ? Optional.of(now) : Optional.empty();
    try {
      tx.executeWithoutResult(s -> {
        store.lockAccount(account.id());
        if (!store.activate(checkoutId, now, expires, revealed)) {
          throw CheckoutRules.state(
              store.checkout(checkoutId).orElseThrow(), new Bilingual("貸出", "taken"));
        }
        store.event(account.id(), checkoutId, "ACTIVATED", holder, "until " + expires);
      });
    } catch (DuplicateKeyException e) {
      throw Refusals.heldByAnother(account);
    }
    Optional<char[]> password;
    try {
      password = targets.open(account, holder);
    } catch (PrivilegedTargets.Unavailable e) {
      log.warn(
          "Could not open privileged ID {} for checkout {}: {}",
          account.id(),
          checkoutId,
          e.getMessage());
      store.event(account.id(), checkoutId, "OPEN_FAILED", store.instance(), e.getMessage());
      if (checkIns.claimActive(checkoutId)) {
        checkIns.closeClaimed(checkoutId, "SYSTEM");
      }
      throw Refusals.openFailed(e.getMessage());
    }
    if (password.isPresent()) {
      store.event(account.id(), checkoutId, "PASSWORD_REVEALED", holder, "shown once; not stored");
    } else {
      store.event(account.id(), checkoutId, "ROLE_GRANTED", holder, account.target());
    }
    return new Activated(store.checkout(checkoutId).orElseThrow(), password);
  }
}
