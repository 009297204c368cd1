package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.ResultCode;
import java.util.Objects;
import java.util.Set;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetException;

/**
 * The directory failed or refused an operation. Carries the LDAP {@link ResultCode} and says
 * whether {@linkplain #retryable() retrying later can help}.
 *
 * <p>The message names the server ({@code ldap[s]://host:port}), the bind DN and the entry DN
 * involved, and what to change; it never contains the bind password, and neither does the cause
 * attached to it.
 */
public final class DirectoryException extends TargetException {

  private static final long serialVersionUID = 1L;

  /**
   * The server could not be reached or did not answer in time, or said it is busy or unavailable:
   * the same request may succeed later. Everything else (bad credentials, missing entries, schema
   * violations, access denied) needs a change of settings or data first.
   */
  private static final Set<ResultCode> RETRYABLE =
      Set.of(
          ResultCode.SERVER_DOWN,
          ResultCode.CONNECT_ERROR,
          ResultCode.TIMEOUT,
          ResultCode.TIME_LIMIT_EXCEEDED,
          ResultCode.BUSY,
          ResultCode.UNAVAILABLE);

  private final ResultCode resultCode;

  /**
   * For implementations of {@link DirectoryPort} (including test twins). The message must name the
   * server and entry involved and must not contain credentials.
   *
   * @param resultCode the LDAP result code; decides {@link #retryable()}
   * @param message what failed, where, and what to change
   * @param cause the underlying exception, or {@code null}
   */
  public DirectoryException(ResultCode resultCode, String message, Throwable cause) {
    super(message, cause);
    this.resultCode = Objects.requireNonNull(resultCode, "resultCode");
  }

  /** {@link Target#DIRECTORY}. */
  @Override
  public Target target() {
    return Target.DIRECTORY;
  }

  /** The LDAP result code, or the client-side code the UnboundID SDK assigned. */
  public ResultCode resultCode() {
    return resultCode;
  }

  /**
   * Whether the same operation may succeed if tried again later without changing anything: true for
   * connection failures, timeouts, and a busy or unavailable server.
   */
  @Override
  public boolean retryable() {
    return RETRYABLE.contains(resultCode);
  }

  /**
   * Whether the failure is the server's or the connection's rather than this request's: the server
   * is unreachable, did not answer in time, is busy or unavailable ({@link #retryable()}), or
   * refused the service account's bind ({@code INVALID_CREDENTIALS}: its password changed, or it
   * was locked or deleted). Every further request would fail the same way, so a run stops taking
   * new requests at the first such failure — on a hung server, at the first timeout rather than one
   * timeout per planned change.
   */
  @Override
  public boolean serverFailure() {
    return retryable() || resultCode == ResultCode.INVALID_CREDENTIALS;
  }

  static boolean isRetryable(ResultCode resultCode) {
    return RETRYABLE.contains(resultCode);
  }
}
