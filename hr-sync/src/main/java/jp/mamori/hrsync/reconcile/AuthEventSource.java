package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * Where the identity provider's stored authentication events (logins, failed logins, logouts,
 * credential changes) can be read, so that the audit log keeps them where clearing the provider's
 * table cannot remove them (AU-1). The core owns this port; Keycloak's implementation is {@code
 * KeycloakLoginEvents}.
 */
@FunctionalInterface
public interface AuthEventSource {

  /**
   * One stored event (a login, a failed login, a logout, a credential change), as the audit log
   * keeps it (AU-1).
   *
   * @param username the login name the event names (a failed login may name an unknown one)
   * @param error the provider's error code, e.g. Keycloak's {@code invalid_user_credentials} or
   *     {@code user_temporarily_disabled} (a login tried while locked out); empty when none
   */
  record AuthEvent(
      String id,
      String type,
      Instant time,
      String userId,
      String username,
      String ipAddress,
      String clientId,
      String error) {}

  /**
   * Stored events from {@code from} (inclusive) to {@code until} (inclusive), oldest first, at most
   * {@code max} (a caller continues from the last one's time).
   *
   * @throws RuntimeException if the events cannot be read (the caller keeps its watermark)
   */
  List<AuthEvent> eventsFrom(Instant from, Instant until, int max);
}
