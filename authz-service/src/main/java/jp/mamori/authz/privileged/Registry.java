package jp.mamori.authz.privileged;

import java.time.Instant;
import java.util.function.Function;
import jp.mamori.authz.privileged.CheckoutRules.Affiliation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry of privileged IDs (特権ID台帳, PR-1): registering one whose target exists, and retiring
 * one. Registering and retiring are for municipal staff only (PR-3).
 */
final class Registry {

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedTargets targets;
  private final CheckoutRules rules;
  private final Function<String, Affiliation> affiliations;

  Registry(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      CheckoutRules rules,
      Function<String, Affiliation> affiliations) {
    this.store = store;
    this.tx = tx;
    this.targets = targets;
    this.rules = rules;
    this.affiliations = affiliations;
  }

  /**
   * Registers a privileged ID. Its target must exist (the DN in the directory, the realm role in
   * Keycloak), and the actor must be municipal staff (PR-3).
   */
  PrivilegedAccount register(PrivilegedAccount account, String actor) {
    rules.requireMayRegister(actor, affiliations.apply(actor));
    account.requireSomeoneEligibleAndAnApprover();
    rules.requireWithinPolicy(account);
    boolean exists;
    try {
      exists = targets.exists(account);
    } catch (PrivilegedTargets.Unavailable e) {
      throw Refusals.targetUncheckable(e.getMessage());
    }
    if (!exists) {
      throw Refusals.noSuchTarget(account);
    }
    Instant now = store.now();
    try {
      tx.executeWithoutResult(s -> {
        store.insertAccount(account, now, actor);
        store.event(account.id(), null, "REGISTERED", actor, describe(account));
      });
    } catch (DuplicateKeyException e) {
      throw Refusals.duplicateId(account.id());
    }
    return store.account(account.id()).orElseThrow();
  }

  /** Retires a privileged ID: no new requests; a checkout in progress runs to its check-in. */
  void retire(String id, String actor, String reason) {
    rules.requireMayRegister(actor, affiliations.apply(actor));
    CheckoutRules.requireText("reason", reason, 1000);
    tx.executeWithoutResult(s -> {
      if (!store.retireAccount(id, store.now(), actor)) {
        throw Refusals.notFound(id);
      }
      store.event(id, null, "RETIRED", actor, reason);
    });
  }

  private static String describe(PrivilegedAccount a) {
    return a.kind()
        + " "
        + a.target()
        + "; owner="
        + a.owner()
        + "; eligible="
        + PrivilegedRows.join(a.eligible())
        + "; approvers="
        + PrivilegedRows.join(a.approvers())
        + "; max="
        + a.maxDuration()
        + "; exclusive="
        + a.exclusive()
        + "; emergency="
        + a.emergencyAllowed();
  }
}
