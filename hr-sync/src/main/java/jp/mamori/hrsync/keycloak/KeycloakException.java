package jp.mamori.hrsync.keycloak;

import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetException;

/**
 * Keycloak refused or failed an administrative call. {@link #retryable()} says whether trying again
 * later can help (Keycloak down or overloaded) or whether the request itself must change (a
 * password that breaks the realm's policy, a conflict).
 */
public final class KeycloakException extends TargetException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public KeycloakException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** {@link Target#IDENTITY_PROVIDER}. */
  @Override
  public Target target() {
    return Target.IDENTITY_PROVIDER;
  }

  /** HTTP status of Keycloak's answer, or 0 if there was none (connection failure). */
  public int status() {
    return status;
  }

  @Override
  public boolean retryable() {
    return status == 0 || status == 429 || status >= 500;
  }

  /**
   * Whether the failure is the server's (or the way to it) rather than this request's: Keycloak is
   * unreachable or did not answer within the read timeout, a proxy has no Keycloak behind it
   * (502/503/504), a proxy throttles the client (429), or Mamori's administrative account cannot
   * get a token (401, or a refused token request). Every further request would fail the same way,
   * so an apply stops taking new requests at the first such failure — on a hung server, after the
   * requests in flight time out rather than one timeout per planned change. A conflict (409), a
   * refused representation (400), a missing user or group (404) or a 500 concern one account and
   * stop only that account's changes.
   */
  @Override
  public boolean serverFailure() {
    return KeycloakFailures.serverFailure(status, getCause());
  }

  /** Keycloak answered {@code e}'s status to a request to {@code what} in {@code realm}. */
  static KeycloakException refused(
      String realm, String what, jakarta.ws.rs.WebApplicationException e) {
    return new KeycloakException(
        "Keycloak refused to "
            + what
            + " in realm "
            + realm
            + ": "
            + KeycloakRealmConfigurator.describe(e.getResponse()),
        e.getResponse().getStatus(),
        e);
  }

  /**
   * Keycloak could not be reached for {@code what} in {@code realm} (retryable), or refused
   * Mamori's administrative account a token (not retryable until the account is fixed).
   */
  static KeycloakException unreachable(
      String realm, String what, jakarta.ws.rs.ProcessingException e) {
    return KeycloakFailures.noAnswer("to " + what + " in realm " + realm, e);
  }
}
