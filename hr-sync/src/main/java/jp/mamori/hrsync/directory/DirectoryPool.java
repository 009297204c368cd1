package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.SSLUtil;
import java.security.GeneralSecurityException;
import java.util.EnumSet;

/**
 * Opens the connection pool of {@link LdapDirectory}: 1 to 4 connections bound as {@link
 * DirectorySettings#bindDn()}, with the timeouts of {@link DirectorySettings#timeouts()}, LDAPS or
 * StartTLS (completed before the bind) when {@link DirectorySettings#useTls()}, no referral
 * following, searches retried once on a fresh connection, and a check that {@link
 * DirectorySettings#peopleDn()} exists. The bind password lives only in the pool's bind request.
 */
final class DirectoryPool {

  static final int INITIAL_CONNECTIONS = 1;
  static final int MAX_CONNECTIONS = 4;

  /** The operation {@link DirectoryFailures} names for connecting and binding. */
  static final String CONNECT = "connect and bind";

  private DirectoryPool() {}

  /**
   * A bound pool whose {@code peopleDn} exists.
   *
   * @throws DirectoryException as {@link LdapDirectory#connect(DirectorySettings)} says
   */
  static LDAPConnectionPool open(DirectorySettings settings, DN peopleDn) {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(Math.toIntExact(settings.timeouts().connect().toMillis()));
    // every request, the pool's binds included: a hung server fails a request, never hangs it
    options.setResponseTimeoutMillis(settings.timeouts().response().toMillis());
    options.setAbandonOnTimeout(true);
    // a referral is an error (CompleteSearch), never a hop to a server with other credentials
    options.setFollowReferrals(false);
    // A simple bind with a DN and no password is an unauthenticated bind (RFC 4513 5.1.2).
    options.setBindWithDNRequiresPassword(true);

    SingleServerSet servers;
    PostConnectProcessor startTls = null;
    if (settings.useTls()) {
      SSLUtil ssl = new SSLUtil(DirectoryTrust.trustManager(settings));
      options.setSSLSocketVerifier(new CertificateHostCheck());
      try {
        if (settings.ldaps()) {
          servers =
              new SingleServerSet(
                  settings.host(), settings.port(), ssl.createSSLSocketFactory(), options);
        } else {
          servers = new SingleServerSet(settings.host(), settings.port(), options);
          startTls = new StartTLSPostConnectProcessor(ssl.createSSLContext());
        }
      } catch (GeneralSecurityException e) {
        throw new DirectoryException(
            ResultCode.LOCAL_ERROR,
            "cannot set up TLS for "
                + settings.endpoint()
                + ": "
                + e.getMessage()
                + ". Check the JVM trust store (javax.net.ssl.trustStore).",
            e);
      }
    } else {
      servers = new SingleServerSet(settings.host(), settings.port(), options);
    }

    LDAPConnectionPool pool;
    try {
      pool =
          new LDAPConnectionPool(
              servers,
              new SimpleBindRequest(settings.bindDn(), settings.bindPassword()),
              INITIAL_CONNECTIONS,
              MAX_CONNECTIONS,
              startTls);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, CONNECT, null, e);
    }
    pool.setConnectionPoolName("mamori-hr-sync-directory");
    pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH));

    try {
      if (pool.getEntry(peopleDn.toString(), "1.1") == null) {
        pool.close();
        throw new DirectoryException(
            ResultCode.NO_SUCH_OBJECT,
            "peopleDn "
                + peopleDn
                + " does not exist at "
                + settings.endpoint()
                + " (bind DN "
                + settings.bindDn()
                + "); expected an existing entry. Check the peopleDn setting.",
            null);
      }
    } catch (LDAPException e) {
      pool.close();
      throw DirectoryFailures.of(settings, "read peopleDn", peopleDn.toString(), e);
    }
    return pool;
  }
}
