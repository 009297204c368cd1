package jp.mamori.hrsync.reconcile;

/**
 * A target ({@link Target}) failed or refused an operation: the view of an adapter's failure that
 * callers outside hr-sync need, so that they catch this type and never an adapter's own (the
 * directory's LDAP result code, Keycloak's HTTP status stay with the adapter's subclass).
 *
 * <p>The message says what failed, where, and what to change; it never contains credentials, and
 * neither does the cause attached to it.
 */
public abstract class TargetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * For the adapters' own failure types.
   *
   * @param message what failed, where, and what to change (no credentials)
   * @param cause the underlying exception, or {@code null}
   */
  protected TargetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The target that failed. */
  public abstract Target target();

  /**
   * Whether the same operation may succeed if tried again later without changing anything (the
   * target was unreachable, did not answer in time, or was busy), rather than needing a change of
   * settings or data first.
   */
  public abstract boolean retryable();

  /**
   * Whether the failure is the target's server's (or the way to it) rather than this request's:
   * every further request would fail the same way, so a run stops taking new requests at the first
   * such failure.
   */
  public abstract boolean serverFailure();
}
