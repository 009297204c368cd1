package jp.mamori.authz.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.LoginEvidence;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last logins for the dormancy rule (LC-3), kept in the database: each run first ingests the
 * target's login events since the previous run (only those: a daily run reads a day's logins), then
 * gives the accounts read from the target their last login, or "none since observation began".
 *
 * <p>Observation starts the first time a target's events are read, so no account can look dormant
 * before the policy's period has been watched in full. If the previous read is older than the
 * target keeps its events, logins may have been lost in between: observation starts again (known
 * logins are kept). A failed read keeps the watermark, so the next run reads the same window.
 */
class LoginActivity {

  private static final Logger log = LoggerFactory.getLogger(LoginActivity.class);

  private final LoginActivityStore store;
  private final Clock clock;

  LoginActivity(LoginActivityStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Reads the new logins of {@code source} and records them. Returns the number of logins read.
   *
   * @throws RuntimeException from the source if its events cannot be read (nothing is recorded)
   */
  int ingest(LoginEventSource source) {
    Instant now = clock.instant();
    String target = source.target().name();
    Optional<Instant> watermark = store.watermark(target);
    if (watermark.isEmpty()) {
      store.startObservation(target, now);
      log.info("Login observation of {} starts now (no account is dormant before it)", target);
      return 0;
    }
    if (!now.isAfter(watermark.get())) {
      return 0; // read up to this instant already (plan and apply in the same moment)
    }
    List<LoginEventSource.Login> logins = source.loginsBetween(watermark.get(), now);
    Map<String, LoginEventSource.Login> latest = new HashMap<>();
    for (LoginEventSource.Login login : logins) {
      latest.merge(login.accountId(), login, (a, b) -> b.time().isAfter(a.time()) ? b : a);
    }
    for (LoginEventSource.Login login : latest.values()) {
      store.recordLogin(target, login.accountId(), login.time(), login.ipAddress());
    }
    boolean gap = watermark.get().plus(source.retention()).isBefore(now);
    if (gap) {
      log.warn(
          "Login events of {} were last read at {}, longer ago than they are kept ({}):"
              + " observation starts again now",
          target,
          watermark.get(),
          source.retention());
      store.restartObservation(target, now);
    } else {
      store.advanceWatermark(target, now);
    }
    return logins.size();
  }

  /** The accounts of one target with what is known of their logins (see {@link LoginEvidence}). */
  List<TargetAccount> withLastLogins(Target target, List<TargetAccount> accounts) {
    Optional<Instant> observedSince = store.observedSince(target.name());
    Map<String, Instant> lastLogins = store.lastLogins(target.name());
    return LoginEvidence.apply(accounts, lastLogins, observedSince);
  }

  /** The last recorded login of one account, for reports and the console. */
  Optional<Instant> lastLogin(Target target, String accountId) {
    return store.lastLogin(target.name(), accountId);
  }
}
