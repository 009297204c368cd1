package jp.mamori.hrsync.keycloak;

import com.fasterxml.jackson.core.JacksonException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.util.Set;

/**
 * Which failures of a request to Keycloak are the server's — every further request would fail the
 * same way, so a batch stops taking new ones — and which are one account's.
 *
 * <p>The server's ({@link #serverFailure}):
 *
 * <ul>
 *   <li>no answer: the connection refused or reset, or no answer within the read timeout — the
 *       admin client's {@link ProcessingException} caused by an {@link IOException} ({@code
 *       ConnectException}, {@code SocketTimeoutException}, {@code SocketException}, {@code
 *       NoHttpResponseException});
 *   <li>{@code 502}, {@code 503}, {@code 504}: a proxy in front of Keycloak has no Keycloak behind
 *       it, or Keycloak is starting or stopping;
 *   <li>{@code 429}: a proxy throttles Mamori's client as a whole, never one account;
 *   <li>{@code 401}, and any refusal of the admin token request: the administrative account's
 *       password changed, or it was disabled or deleted. The admin client fetches the token in a
 *       request filter, which RESTEasy reports as a {@link ProcessingException} wrapping the token
 *       endpoint's answer: Keycloak 26.7 answers a wrong password with 400 ({@code invalid_grant}),
 *       not 401 (seen in {@code KeycloakGoneIT}), so the status alone cannot tell a refused token
 *       from one user's invalid representation; where it was raised can.
 * </ul>
 *
 * <p>One account's: an answer that could not be read (Jackson's exceptions are {@link IOException}s
 * too, but say nothing about the connection), 409 (a conflict: the username exists), 400 (Keycloak
 * refuses this user's representation), 404 (the user or its group is gone), 403 (fine-grained admin
 * permissions can refuse one user), and 500: a 500 may be one user's data tripping a server bug,
 * and stopping at it would stop every run at the same account, leaving the changes planned after it
 * undone for good. A Keycloak whose database is down also answers 500, but fast, so going on costs
 * no timeouts.
 */
final class KeycloakFailures {

  /** Statuses that are the server's, whatever the request. */
  static final Set<Integer> SERVER_STATUSES = Set.of(401, 429, 502, 503, 504);

  /** How deep a cause chain is followed (a chain with a cycle ends here too). */
  private static final int MAX_DEPTH = 16;

  private KeycloakFailures() {}

  /**
   * Whether a failure with Keycloak's answer {@code status} (0 for none) and {@code cause} is the
   * server's rather than the request's; see the class comment.
   */
  static boolean serverFailure(int status, Throwable cause) {
    if (SERVER_STATUSES.contains(status)) {
      return true;
    }
    Throwable t = cause;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof JacksonException) {
        return false; // an answer that could not be read (an IOException to Jackson): the request's
      }
      if (t instanceof IOException) {
        return true;
      }
      if (t instanceof ProcessingException && t.getCause() instanceof WebApplicationException) {
        return true; // the admin token could not be obtained (its request ran in a filter)
      }
      if (t instanceof WebApplicationException w
          && w.getResponse() != null
          && SERVER_STATUSES.contains(w.getResponse().getStatus())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The failure of a request that got no answer of its own: Keycloak unreachable or silent ({@code
   * e} caused by an {@link IOException}, status 0), or Mamori's administrative account refused a
   * token ({@code e} wrapping the token endpoint's answer, whose status it takes), said so with the
   * settings to check.
   *
   * @param what what was asked, e.g. {@code "applying CREATE|IDENTITY_PROVIDER|10001"}
   */
  static KeycloakException noAnswer(String what, ProcessingException e) {
    if (e.getCause() instanceof WebApplicationException token && token.getResponse() != null) {
      int status = token.getResponse().getStatus();
      return new KeycloakException(
          "Keycloak refused Mamori's administrative account a token ("
              + status
              + " "
              + token.getResponse().getStatusInfo().getReasonPhrase()
              + ") "
              + what
              + ": check that the account of mamori.keycloak.admin-username exists in the admin"
              + " realm and is enabled, and that mamori.keycloak.admin-password is its current"
              + " password",
          status,
          e);
    }
    return new KeycloakException("Keycloak unreachable " + what, 0, e);
  }

  /**
   * Whether {@code e} stops a batch: a {@link KeycloakException} that is a {@linkplain
   * KeycloakException#serverFailure() server failure}; nothing else (a broken contract, a
   * programming error) does.
   */
  static boolean stopsBatch(RuntimeException e) {
    return e instanceof KeycloakException k && k.serverFailure();
  }
}
