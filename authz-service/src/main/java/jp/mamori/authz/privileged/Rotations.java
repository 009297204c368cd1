package jp.mamori.authz.privileged;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.mamori.authz.privileged.PrivilegedAccess.Rotation;
import jp.mamori.policy.PrivilegedAccessRules;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotation of the passwords of directory privileged IDs nobody holds (PR-4): periodically, and all
 * at once after a suspected leak or a restore. Each account is rotated under its row lock, which a
 * checkout takes too, so a rotation never overwrites a password that was just shown; one held by a
 * checkout is left to its check-in, which rotates it.
 */
final class Rotations {

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedTargets targets;
  private final PrivilegedAlerts alerts;
  private final PrivilegedAccessRules policy;

  Rotations(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      PrivilegedAlerts alerts,
      PrivilegedAccessRules policy) {
    this.store = store;
    this.tx = tx;
    this.targets = targets;
    this.alerts = alerts;
    this.policy = policy;
  }

  /** See {@link PrivilegedAccess#rotateIdle}. */
  List<String> rotateIdle() {
    Instant before = store.now().minus(policy.rotationInterval());
    List<String> rotated = new ArrayList<>();
    for (PrivilegedAccount account : store.accounts()) {
      if (!RotationRules.periodicDue(account, before)) {
        continue;
      }
      Rotation outcome =
          rotate(
              account,
              before,
              "ROTATED_PERIODIC",
              store.instance(),
              "rotation interval " + policy.rotationInterval(),
              true);
      if (outcome instanceof Rotation.Rotated) {
        rotated.add(account.id());
      }
    }
    return rotated;
  }

  /** See {@link PrivilegedAccess#rotateAllNow}. */
  Map<String, Rotation> rotateAllNow(String actor, String reason) {
    RotationRules.requireActorAndReason(actor, reason);
    Map<String, Rotation> outcomes = new TreeMap<>();
    Instant now = store.now();
    for (PrivilegedAccount account : store.accounts()) {
      if (!RotationRules.rotatable(account)) {
        continue;
      }
      outcomes.put(
          account.id(), rotate(account, now, "ROTATED_ALL", actor.strip(), reason.strip(), false));
    }
    return outcomes;
  }

  /**
   * Rotates one directory privileged ID under its row lock unless a checkout holds it or it was
   * rotated after {@code before} meanwhile; records {@code action} on success, a failure and an
   * alert otherwise.
   */
  private Rotation rotate(
      PrivilegedAccount account,
      Instant before,
      String action,
      String actor,
      String detail,
      boolean periodic) {
    Instant now = store.now();
    return tx.execute(s -> {
      if (!store.tryLockAccount(account.id())) {
        return new Rotation.Skipped();
      }
      if (store.held(account.id())) {
        return new Rotation.Held();
      }
      if (store.lastRotatedAt(account.id()).filter(t -> t.isAfter(before)).isPresent()) {
        return new Rotation.Skipped(); // another instance rotated it meanwhile
      }
      try {
        targets.rotateIdle(account);
      } catch (PrivilegedTargets.Unavailable e) {
        store.event(
            account.id(),
            null,
            "ROTATION_FAILED",
            actor,
            (periodic ? "periodic" : "all") + ": " + e.getMessage());
        alerts.rotationFailed(account.id(), periodic, e.getMessage());
        return new Rotation.Failed(e.getMessage());
      }
      store.rotated(account.id(), now);
      store.event(account.id(), null, action, actor, detail);
      alerts.rotated(account.id(), store.instance());
      return new Rotation.Rotated();
    });
  }
}
