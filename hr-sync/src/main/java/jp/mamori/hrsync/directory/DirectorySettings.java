package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to reach the directory. Validated when constructed, so that a service refuses to
 * start on a bad setting, naming it.
 *
 * <p>Transport: with {@code useTls}, port 636 (and 3269, AD's global catalog) means LDAPS — TLS
 * from the first byte; any other port means StartTLS on a plain connection before the bind, unless
 * {@link DirectoryTls#mode()} says which. The server's certificate is checked against {@link
 * DirectoryTls#trustStore()} (the JVM's trust store when none is given) and its host name against
 * {@code host}. Without {@code useTls} the bind password would cross the network in clear text, so
 * {@code useTls=false} is accepted only for a loopback host ({@code localhost}, {@code 127.0.0.1},
 * {@code ::1}) — the embedded directory of the demo and the tests.
 *
 * <p>{@link #toString()} does not show the bind password.
 *
 * @param host the directory server's host name or IP address, as in its certificate
 * @param port the LDAP port, 1..65535 (389 for LDAP/StartTLS, 636 for LDAPS)
 * @param useTls whether to protect the connection with TLS (see above)
 * @param bindDn the DN of the service account the connector binds as; it needs read access to
 *     {@code peopleDn} and the right to add entries under it
 * @param bindPassword that account's password; must not be empty (an empty password would make the
 *     simple bind an unauthenticated one, RFC 4513 §5.1.2)
 * @param peopleDn the subtree holding person accounts; accounts are created directly below it
 * @param schema how accounts are stored
 * @param tls the handshake and the trusted certificates when {@code useTls}; {@link
 *     DirectoryTls#DEFAULT} otherwise (a TLS setting without {@code useTls} is refused rather than
 *     ignored)
 * @param timeouts how long to wait to connect and for each answer ({@link
 *     DirectoryTimeouts#DEFAULT}: 5 s and 15 s); they bound how long a run hangs on a server that
 *     stopped answering
 * @param pageSize entries per page of a paged search ({@link #DEFAULT_PAGE_SIZE}: 500, within
 *     OpenLDAP's default size limit and AD's {@code MaxPageSize}); the embedded directory asks for
 *     larger pages, see {@link EmbeddedDirectory#PAGE_SIZE}
 */
public record DirectorySettings(
    String host,
    int port,
    boolean useTls,
    String bindDn,
    String bindPassword,
    String peopleDn,
    DirectorySchema schema,
    DirectoryTls tls,
    DirectoryTimeouts timeouts,
    int pageSize) {

  /**
   * Entries per page unless set otherwise: within OpenLDAP's default size limit (500) and Active
   * Directory's default {@code MaxPageSize} (1,000).
   */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** Settings with pages of {@link #DEFAULT_PAGE_SIZE}. */
  public DirectorySettings(
      String host,
      int port,
      boolean useTls,
      String bindDn,
      String bindPassword,
      String peopleDn,
      DirectorySchema schema,
      DirectoryTls tls,
      DirectoryTimeouts timeouts) {
    this(
        host,
        port,
        useTls,
        bindDn,
        bindPassword,
        peopleDn,
        schema,
        tls,
        timeouts,
        DEFAULT_PAGE_SIZE);
  }

  /** Settings with {@link DirectoryTimeouts#DEFAULT}. */
  public DirectorySettings(
      String host,
      int port,
      boolean useTls,
      String bindDn,
      String bindPassword,
      String peopleDn,
      DirectorySchema schema,
      DirectoryTls tls) {
    this(
        host, port, useTls, bindDn, bindPassword, peopleDn, schema, tls, DirectoryTimeouts.DEFAULT);
  }

  /** Settings with {@link DirectoryTls#DEFAULT}: the handshake by port, the JVM's trust store. */
  public DirectorySettings(
      String host,
      int port,
      boolean useTls,
      String bindDn,
      String bindPassword,
      String peopleDn,
      DirectorySchema schema) {
    this(host, port, useTls, bindDn, bindPassword, peopleDn, schema, DirectoryTls.DEFAULT);
  }

  public DirectorySettings {
    if (host == null || host.isBlank() || !host.equals(host.strip())) {
      throw new IllegalArgumentException(
          "host must be a host name or IP address without spaces, got \"" + host + "\"");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    if (!useTls && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "useTls=false is allowed only for a loopback host, got host \""
              + host
              + "\": the bind password would cross the network in clear text. Set useTls=true"
              + " (port 636 for LDAPS, 389 for StartTLS)");
    }
    requireDn(bindDn, "bindDn");
    if (bindPassword == null || bindPassword.isEmpty()) {
      throw new IllegalArgumentException(
          "bindPassword must not be empty (an empty password makes an unauthenticated bind)");
    }
    requireDn(peopleDn, "peopleDn");
    Objects.requireNonNull(schema, "schema must be one of OPENLDAP, ACTIVE_DIRECTORY");
    Objects.requireNonNull(tls, "tls must not be null (DirectoryTls.DEFAULT for the defaults)");
    Objects.requireNonNull(
        timeouts, "timeouts must not be null (DirectoryTimeouts.DEFAULT for the defaults)");
    if (pageSize < 1) {
      throw new IllegalArgumentException(
          "pageSize must be at least 1 entry per page, got " + pageSize);
    }
    if (!useTls && !tls.equals(DirectoryTls.DEFAULT)) {
      throw new IllegalArgumentException(
          "useTls=false, but TLS is configured ("
              + tls
              + "): expected useTls=true with a TLS mode or trust store, found TLS off."
              + " Set useTls=true, or remove the TLS settings");
    }
  }

  /** The same server and account with another people subtree (validated like the original). */
  public DirectorySettings withPeopleDn(String otherPeopleDn) {
    return new DirectorySettings(
        host, port, useTls, bindDn, bindPassword, otherPeopleDn, schema, tls, timeouts, pageSize);
  }

  /** The same server, account and subtree with other timeouts. */
  public DirectorySettings withTimeouts(DirectoryTimeouts otherTimeouts) {
    return new DirectorySettings(
        host, port, useTls, bindDn, bindPassword, peopleDn, schema, tls, otherTimeouts, pageSize);
  }

  /** The same server, account and subtree, searched in pages of {@code entries}. */
  public DirectorySettings withPageSize(int entries) {
    return new DirectorySettings(
        host, port, useTls, bindDn, bindPassword, peopleDn, schema, tls, timeouts, entries);
  }

  /** Whether the connection is LDAPS (TLS from the start) rather than StartTLS or plain. */
  public boolean ldaps() {
    return useTls && tls.ldapsOn(port);
  }

  /** {@code ldaps://host:port}, {@code ldap://host:port (StartTLS)} or {@code ldap://host:port}. */
  public String endpoint() {
    String address = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    if (ldaps()) {
      return "ldaps://" + address + ":" + port;
    }
    return "ldap://" + address + ":" + port + (useTls ? " (StartTLS)" : "");
  }

  @Override
  public String toString() {
    return "DirectorySettings[host="
        + host
        + ", port="
        + port
        + ", useTls="
        + useTls
        + ", bindDn="
        + bindDn
        + ", bindPassword=(hidden), peopleDn="
        + peopleDn
        + ", schema="
        + schema
        + (useTls ? ", tls=" + tls : "")
        + (timeouts.equals(DirectoryTimeouts.DEFAULT) ? "" : ", timeouts=" + timeouts)
        + (pageSize == DEFAULT_PAGE_SIZE ? "" : ", pageSize=" + pageSize)
        + "]";
  }

  private static void requireDn(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " must be a DN such as ou=people,dc=example");
    }
    try {
      if (new DN(value).isNullDN()) {
        throw new IllegalArgumentException(setting + " must not be the empty (root) DN");
      }
    } catch (LDAPException e) {
      throw new IllegalArgumentException(
          setting + " must be a DN (RFC 4514) such as ou=people,dc=example, got \"" + value + "\"",
          e);
    }
  }

  /**
   * Loopback by name or literal address, without a DNS lookup (a record's constructor must not do
   * network I/O; and a name that resolves to loopback today may not tomorrow).
   */
  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
