package jp.mamori.authz.security;

import java.util.Objects;
import java.util.Optional;

/**
 * The port through which {@link LiveSessions} asks Keycloak whether an account and one of its
 * sessions still hold. Implementations ask Keycloak itself every time (no cache: {@link
 * LiveSessions} keeps the answers, within its bound) and keep to this contract:
 *
 * <ul>
 *   <li>{@link #state} MUST NOT return null;
 *   <li>it answers {@link Ended} only on Keycloak's word: the account does not exist, is disabled,
 *       is locked by the brute-force detector (for a time or for good), or — with a session ID —
 *       Keycloak holds no such session of that account any more;
 *   <li>anything else that keeps Keycloak from answering (unreachable, a time-out, an error status,
 *       an answer it cannot read) is {@link Unavailable}, never {@link Alive} and never {@link
 *       Ended}: a session is neither kept nor ended on a guess.
 * </ul>
 */
public interface KeycloakSessions {

  /**
   * Keycloak's answer for {@code userId} ({@code sub}) and, if given, its session {@code sessionId}
   * ({@code sid}); without a session ID only the account is judged (a service account's
   * client-credentials token has none).
   *
   * @throws Unavailable when Keycloak could not answer
   */
  State state(String userId, Optional<String> sessionId);

  /** What Keycloak said. */
  sealed interface State permits Alive, Ended {}

  /** The account is enabled and not locked, and the session (if any) is still Keycloak's. */
  record Alive() implements State {}

  /** The account or the session no longer holds, and why. */
  record Ended(Reason reason) implements State {
    public Ended {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Why a session no longer holds. Recorded in the audit log; the caller is told only that its
   * session has ended or its account is not usable (which of them is no help to a token thief).
   */
  enum Reason {
    /** Keycloak holds no such session: logged out, expired, or ended by a lock or a disable. */
    SESSION_ENDED,
    /** The account is disabled (Mamori's stop, or a permanent lockout). */
    ACCOUNT_DISABLED,
    /** Keycloak's brute-force detection locks the account (PW-5, LG-1). */
    ACCOUNT_LOCKED,
    /** Keycloak has no such account. */
    ACCOUNT_GONE
  }

  /**
   * Keycloak could not be asked or did not answer as expected. A retry may help (Keycloak back, the
   * network restored); the message names what was asked and what came back, never a token.
   */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
