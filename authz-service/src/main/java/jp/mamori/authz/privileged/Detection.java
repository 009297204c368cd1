package jp.mamori.authz.privileged;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Use of a privileged ID outside any approved checkout (PR-2, PR-5): a realm role held by someone
 * with no checkout in progress (granted by hand in Keycloak's console, or left behind) is taken
 * back; a directory account logged in to at a time no checkout covered is reported. Each is
 * recorded and alerted once.
 */
final class Detection {

  private static final Logger log = LoggerFactory.getLogger(Detection.class);

  private final PrivilegedStore store;
  private final TransactionTemplate tx;
  private final PrivilegedTargets targets;
  private final PrivilegedAlerts alerts;

  Detection(
      PrivilegedStore store,
      TransactionTemplate tx,
      PrivilegedTargets targets,
      PrivilegedAlerts alerts) {
    this.store = store;
    this.tx = tx;
    this.targets = targets;
    this.alerts = alerts;
  }

  /** See {@link PrivilegedAccess#detectOutOfWindow}. */
  List<String> detectOutOfWindow() {
    List<String> found = new ArrayList<>();
    for (PrivilegedAccount account : store.accounts()) {
      if (account.kind() == PrivilegedAccount.Kind.DIRECTORY) {
        directoryLoginOutsideACheckout(account).ifPresent(found::add);
      } else {
        found.addAll(roleHeldOutsideACheckout(account));
      }
    }
    return found;
  }

  /** Role holders of {@code account} with no checkout in progress: taken back; "account/user". */
  private List<String> roleHeldOutsideACheckout(PrivilegedAccount account) {
    Set<String> holders;
    try {
      holders = targets.roleHolders(account);
    } catch (PrivilegedTargets.Unavailable e) {
      log.warn("Cannot list the holders of {}: {}", account.id(), e.getMessage());
      return List.of();
    }
    Set<String> entitled = store.holders(account.id());
    List<String> found = new ArrayList<>();
    for (String holder : holders) {
      if (entitled.contains(holder)) {
        continue;
      }
      found.add(account.id() + "/" + holder);
      boolean removed;
      try {
        targets.close(account, holder);
        removed = true;
      } catch (PrivilegedTargets.Unavailable e) {
        removed = false;
      }
      boolean taken = removed;
      tx.executeWithoutResult(s -> {
        store.event(
            account.id(),
            null,
            "OUT_OF_WINDOW_USE",
            "SYSTEM",
            holder
                + " held role "
                + account.target()
                + " without a checkout"
                + (taken ? "; role removed, sessions ended" : "; removal failed"));
        alerts.roleOutOfWindow(account, holder, taken);
      });
    }
    return found;
  }

  /**
   * A directory account's last login (as the directory records it) at a time no checkout of it
   * covered: recorded and alerted once per login time (PR-2, PR-5). Returns "account@time".
   */
  private Optional<String> directoryLoginOutsideACheckout(PrivilegedAccount account) {
    Optional<Instant> login;
    try {
      login = targets.lastLogin(account);
    } catch (PrivilegedTargets.Unavailable e) {
      log.warn("Cannot read the last login of {}: {}", account.id(), e.getMessage());
      return Optional.empty();
    }
    if (login.isEmpty()) {
      return Optional.empty();
    }
    Instant at = login.get();
    if (store.covered(account.id(), at) || alerts.loginOutOfWindowKnown(account, at)) {
      return Optional.empty();
    }
    tx.executeWithoutResult(s -> {
      store.event(
          account.id(),
          null,
          "OUT_OF_WINDOW_USE",
          "SYSTEM",
          "login to " + account.target() + " at " + at + " with no checkout in progress");
      alerts.loginOutOfWindow(account, at);
    });
    return Optional.of(account.id() + "@" + at);
  }
}
