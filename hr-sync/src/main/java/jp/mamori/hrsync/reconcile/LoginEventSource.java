package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a target's successful logins can be read as events (Keycloak's stored LOGIN events), so
 * that dormant IDs (LC-3) are found from evidence. The core owns this port.
 *
 * <p>Contract: {@link #loginsBetween} returns every login in the window or throws — never a partial
 * list, because a missed login could make an active person look dormant.
 */
public interface LoginEventSource {

  /** The target whose accounts log in here; {@link Login#accountId()} is that target's ID. */
  Target target();

  /**
   * Successful logins with {@code after < time <= until}, oldest first.
   *
   * @throws RuntimeException if the events cannot be read completely (the caller keeps its
   *     watermark and tries again next time)
   */
  List<Login> loginsBetween(Instant after, Instant until);

  /**
   * How long the source keeps its events: if Mamori last read them longer ago than this, logins may
   * have been lost and observation starts again.
   */
  java.time.Duration retention();

  /**
   * One successful login.
   *
   * @param accountId the target's ID of the account (Keycloak user ID)
   * @param time when it happened
   * @param ipAddress the client's address as the target saw it, or empty
   */
  record Login(String accountId, Instant time, String ipAddress) {
    public Login {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(time, "time");
      ipAddress = ipAddress == null ? "" : ipAddress;
    }
  }
}
