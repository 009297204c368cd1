package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory's failures as administrators read them: which server, bind DN and entry, what to
 * change, and no trace of the bind password, of any password the operation carried, or of the
 * attribute values of the request (a person's name and section).
 */
final class DirectoryFailures {

  private DirectoryFailures() {}

  /**
   * An exception for a failed LDAP operation that names the server, the bind DN and the entry, says
   * what to change, and holds no trace of the bind password.
   */
  static DirectoryException of(
      DirectorySettings settings, String operation, String dn, LDAPException e) {
    ResultCode code = e.getResultCode();
    String detail =
        e.getDiagnosticMessage() != null
            ? e.getDiagnosticMessage()
            : withoutRequest(e.getMessage());
    if (detail != null) {
      detail = detail.strip();
      while (detail.endsWith(".")) {
        detail = detail.substring(0, detail.length() - 1);
      }
    }
    String message =
        operation
            + " failed at "
            + settings.endpoint()
            + " (bind DN "
            + settings.bindDn()
            + (dn == null ? "" : ", entry " + dn)
            + "): "
            + code
            + (detail == null || detail.isBlank() ? "" : " — " + detail)
            + (operation.equals(DirectoryPool.CONNECT) && settings.useTls() && tlsRefused(e)
                ? tlsHint(settings)
                : hint(settings, operation, code));
    String password = settings.bindPassword();
    message = message.replace(password, "(hidden)");
    // Defence in depth: a server could echo what it was sent; attach the cause only if it is clean.
    Throwable cause = mentions(e, password) ? null : withoutRequest(e);
    return new DirectoryException(code, message, cause);
  }

  /**
   * A request quoted by the SDK in its own text of a client-side failure: "closed while waiting for
   * a response to an add request AddRequest(dn=…, attrs={…})" lists every attribute of the entry,
   * the person's name included, which must not reach the journal or the logs (the operation and the
   * DN are named by the message already).
   */
  private static final Pattern REQUEST_QUOTED = Pattern.compile("\\b[A-Z][A-Za-z0-9]*Request\\(");

  /** {@code text} up to a quoted request, if it has one. */
  static String withoutRequest(String text) {
    if (text == null) {
      return null;
    }
    Matcher quoted = REQUEST_QUOTED.matcher(text);
    return quoted.find() ? text.substring(0, quoted.start()).strip() : text;
  }

  /**
   * {@code e}, or where its trace quotes a request, an exception with the same result code, text up
   * to the request, and stack, without the causes.
   */
  private static LDAPException withoutRequest(LDAPException e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    if (!REQUEST_QUOTED.matcher(trace.toString()).find()) {
      return e;
    }
    LDAPException clean = new LDAPException(e.getResultCode(), withoutRequest(e.getMessage()));
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }

  /**
   * Whether the connection failed in the TLS handshake or the host-name check of the server's
   * certificate (not the network, nor the bind).
   */
  private static boolean tlsRefused(LDAPException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    String message = String.valueOf(e.getMessage());
    return message.contains("TLS negotiation") || message.contains("certificate");
  }

  private static String tlsHint(DirectorySettings settings) {
    return ". The TLS handshake was refused: "
        + certificateNeeds(settings)
        + " (as in the host setting). The bind password was not sent, and the connector never"
        + " falls back to an unprotected connection.";
  }

  /** What the server's certificate must be for the handshake to succeed. */
  private static String certificateNeeds(DirectorySettings settings) {
    return "the server's certificate must be signed by a CA in "
        + settings.tls().trustStore().map(f -> "trustStore " + f).orElse("the JVM trust store")
        + " and name the host \""
        + settings.host()
        + "\"";
  }

  private static String hint(DirectorySettings settings, String operation, ResultCode code) {
    if (code == ResultCode.TIMEOUT) {
      return ". The directory accepted the connection but did not answer within "
          + seconds(settings.timeouts().response())
          + " (responseTimeout): the server may be hung, overloaded or cut off behind the network;"
          + " check the server process and its load. Retrying later can help.";
    }
    if (DirectoryException.isRetryable(code)) {
      return ". The directory is unreachable, slow or busy: check host, port and useTls and the"
          + " network; retrying later can help."
          + (settings.useTls() ? " With TLS, " + certificateNeeds(settings) + "." : "");
    }
    if (code == ResultCode.INVALID_CREDENTIALS) {
      return ". The directory refused the bind of the service account "
          + settings.bindDn()
          + ": check that the account exists and is not locked on the server, and that the"
          + " bindPassword setting holds its current password (the password is not shown).";
    }
    if (code == ResultCode.SIZE_LIMIT_EXCEEDED || code == ResultCode.ADMIN_LIMIT_EXCEEDED) {
      return ". The server stopped the search at a size limit below the number of entries, so"
          + " the list read is incomplete and was not used: lift the limit for "
          + settings.bindDn()
          + " (OpenLDAP: olcLimits size=unlimited for that DN, paged results allowed; Active"
          + " Directory: paged searches are used, check MaxPageSize and MaxResultSetSize).";
    }
    if (code == ResultCode.REFERRAL) {
      return ". Part of the people subtree is on another server, so the list read is incomplete"
          + " and was not used: set peopleDn to a subtree this server holds in full, or move the"
          + " entries back from the referred server.";
    }
    if (code == ResultCode.NO_SUCH_OBJECT) {
      return ". Check the peopleDn setting: the entry must exist.";
    }
    if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
      return ". Grant the bind account read access to peopleDn and the right to add entries"
          + " under it.";
    }
    if (code == ResultCode.ENTRY_ALREADY_EXISTS) {
      return ". The account exists already (LC-6): link it instead of creating it.";
    }
    if (code == ResultCode.OBJECT_CLASS_VIOLATION
        || code == ResultCode.UNDEFINED_ATTRIBUTE_TYPE
        || code == ResultCode.INVALID_ATTRIBUTE_SYNTAX
        || code == ResultCode.CONSTRAINT_VIOLATION) {
      return ". The directory refused the attributes of schema "
          + settings.schema()
          + ": check the schema setting.";
    }
    if (operation.equals(DirectoryPool.CONNECT) && settings.useTls() && !settings.ldaps()) {
      return ". The server may not support StartTLS: enable it there, or use LDAPS (port 636)."
          + " The connector never falls back to an unprotected connection.";
    }
    return ".";
  }

  private static String seconds(java.time.Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /** Whether {@code secret} appears anywhere in the throwable's trace (messages and causes). */
  static boolean mentions(Throwable t, String secret) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return trace.toString().contains(secret);
  }
}
