package jp.mamori.hrsync.keycloak;

/**
 * Keycloak refused or failed an administrative call. {@link #retryable()} says whether trying again
 * later can help (Keycloak down or overloaded) or whether the request itself must change (a
 * password that breaks the realm's policy, a conflict).
 */
public final class KeycloakException extends RuntimeException {

  private final int status;

  public KeycloakException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** HTTP status of Keycloak's answer, or 0 if there was none (connection failure). */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return status == 0 || status == 429 || status >= 500;
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

  /** Keycloak could not be reached for {@code what} in {@code realm} (retryable). */
  static KeycloakException unreachable(
      String realm, String what, jakarta.ws.rs.ProcessingException e) {
    return new KeycloakException("Keycloak unreachable to " + what + " in realm " + realm, 0, e);
  }
}
