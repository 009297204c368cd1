package jp.mamori.hrsync.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real LDAP server in this JVM (UnboundID {@link InMemoryDirectoryServer}) for the demo and for
 * tests: the connector talks to it over the LDAP protocol on a loopback port exactly as it would to
 * a production directory, so nothing is mocked.
 *
 * <ul>
 *   <li>Listens on {@code 127.0.0.1} only, on a free port chosen by the system; no TLS (loopback is
 *       the one place {@link DirectorySettings} allows that).
 *   <li>Holds {@code dc=mamori,dc=example}; people are under {@code ou=people,dc=mamori,dc=example}
 *       ({@link #start()}) or {@code cn=Users,dc=mamori,dc=example} ({@link
 *       #startActiveDirectoryLike()}).
 *   <li>The connector binds as {@code cn=mamori-sync,dc=mamori,dc=example} with a password made
 *       from {@link SecureRandom} for each start and never logged; it is available only through
 *       {@link #settings()}. The server has no access control: any bound client may write.
 *   <li>Everything is in memory and gone after {@link #close()}.
 * </ul>
 */
public final class EmbeddedDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDirectory.class);

  /** The naming context. */
  public static final String BASE_DN = "dc=mamori,dc=example";

  /** The service account the connector binds as. */
  public static final String BIND_DN = "cn=mamori-sync," + BASE_DN;

  /** Where {@link #start()} keeps people. */
  public static final String OPENLDAP_PEOPLE_DN = "ou=people," + BASE_DN;

  /** Where {@link #startActiveDirectoryLike()} keeps people, as AD's default container does. */
  public static final String AD_PEOPLE_DN = "cn=Users," + BASE_DN;

  private static final String LOOPBACK = "127.0.0.1";

  /**
   * Entries per page when reading this server. It sets no size limit, and it answers each page of a
   * paged search by evaluating the whole search again and skipping the pages before: with pages of
   * 500, reading 40,000 people took 9–11 s instead of 0.5 s in one page (and 200,000 minutes), so
   * it is read in pages as large as a municipality.
   */
  public static final int PAGE_SIZE = 250_000;

  private final InMemoryDirectoryServer server;
  private final DirectorySettings settings;

  private EmbeddedDirectory(InMemoryDirectoryServer server, DirectorySettings settings) {
    this.server = server;
    this.settings = settings;
  }

  /**
   * Starts a directory with the standard schema ({@code inetOrgPerson} and the RFC 4519 / 2798
   * attributes), checked on every add, for {@link DirectorySchema#OPENLDAP}.
   */
  public static EmbeddedDirectory start() {
    return start(DirectorySchema.OPENLDAP);
  }

  /**
   * Starts a directory that stands in for Active Directory, for {@link
   * DirectorySchema#ACTIVE_DIRECTORY}. Schema checking is off so that AD's attributes ({@code
   * sAMAccountName}, {@code userAccountControl}, …) can be stored; it therefore does not catch
   * attributes that real AD would refuse, nor enforce AD's uniqueness of {@code sAMAccountName}.
   */
  public static EmbeddedDirectory startActiveDirectoryLike() {
    return start(DirectorySchema.ACTIVE_DIRECTORY);
  }

  /**
   * The ppolicy overlay's lock attribute (the in-memory server stores it but does not enforce it;
   * the real server does). OpenLDAP declares it a generalized time, whose year 0000 — the value of
   * an administrator's lock — the in-memory server cannot parse, so it is a string here.
   */
  static final String PWD_ACCOUNT_LOCKED_TIME_TYPE =
      "( 1.3.6.1.4.1.42.2.27.8.1.17 NAME 'pwdAccountLockedTime'"
          + " EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15"
          + " SINGLE-VALUE USAGE directoryOperation )";

  /**
   * {@code modifyTimestamp} as RFC 4512 defines it, but ordered byte by byte: the daily run
   * searches {@code modifyTimestamp>=} its last mark, and the in-memory server has no index, so it
   * compares every entry; its {@code generalizedTimeOrderingMatch} parses both values with a new
   * date format at each comparison (two thirds of a 40,000-entry search's time). The values it
   * writes are UTC with milliseconds ({@code 20261207134701.374Z}, fixed width) and Mamori's
   * filters are encoded the same way, so byte order is time order (a test holds the form the server
   * writes). Real servers keep their own rule, and an index.
   */
  static final String MODIFY_TIMESTAMP_TYPE =
      "( 2.5.18.2 NAME 'modifyTimestamp' EQUALITY generalizedTimeMatch ORDERING"
          + " octetStringOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE"
          + " NO-USER-MODIFICATION USAGE directoryOperation )";

  private static EmbeddedDirectory start(DirectorySchema schema) {
    String password = randomPassword();
    InMemoryDirectoryServer server;
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
      // a port chosen here rather than by the listener, so that a test that takes the directory
      // down (suspend) brings it back (resume) where clients expect it
      config.setListenerConfigs(
          InMemoryListenerConfig.createLDAPConfig(
              "loopback", InetAddress.getByName(LOOPBACK), freePort(), null));
      config.addAdditionalBindCredentials(BIND_DN, password);
      if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
        config.setSchema(null);
        config.addInMemoryOperationInterceptor(new ChangeTimes());
      } else {
        config.setSchema(
            com.unboundid.ldap.sdk.schema.Schema.mergeSchemas(
                com.unboundid.ldap.sdk.schema.Schema.getDefaultStandardSchema(),
                new com.unboundid.ldap.sdk.schema.Schema(
                    new com.unboundid.ldap.sdk.Entry(
                        "cn=schema",
                        new com.unboundid.ldap.sdk.Attribute(
                            "attributeTypes",
                            LastBind.AUTH_TIMESTAMP_TYPE,
                            PWD_ACCOUNT_LOCKED_TIME_TYPE,
                            MODIFY_TIMESTAMP_TYPE)))));
      }
      LastBind lastBind = new LastBind(schema);
      config.addInMemoryOperationInterceptor(lastBind);
      server = new InMemoryDirectoryServer(config);
      lastBind.server = server;
      server.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: mamori");
      if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
        server.add(
            "dn: " + AD_PEOPLE_DN, "objectClass: top", "objectClass: container", "cn: Users");
      } else {
        server.add(
            "dn: " + OPENLDAP_PEOPLE_DN,
            "objectClass: top",
            "objectClass: organizationalUnit",
            "ou: people");
      }
      server.startListening();
    } catch (LDAPException | LDIFException | UnknownHostException e) {
      throw new IllegalStateException("cannot start the embedded directory: " + e.getMessage(), e);
    }
    String peopleDn =
        schema == DirectorySchema.ACTIVE_DIRECTORY ? AD_PEOPLE_DN : OPENLDAP_PEOPLE_DN;
    DirectorySettings settings =
        new DirectorySettings(
                LOOPBACK, server.getListenPort(), false, BIND_DN, password, peopleDn, schema)
            .withPageSize(PAGE_SIZE);
    log.info(
        "Embedded directory ({}) listening on {}:{}, people under {}",
        schema,
        LOOPBACK,
        server.getListenPort(),
        peopleDn);
    return new EmbeddedDirectory(server, settings);
  }

  /** Settings for {@link LdapDirectory#connect}, including this start's bind password. */
  public DirectorySettings settings() {
    return settings;
  }

  /** The port the server listens on, on {@code 127.0.0.1}. */
  public int port() {
    return settings.port();
  }

  /**
   * The server itself, for tests that need to seed or inspect entries without going through the
   * connector (e.g. an account created by hand, without an employee number).
   */
  public InMemoryDirectoryServer server() {
    return server;
  }

  /**
   * Takes the directory off the network (every connection closed, new ones refused) while keeping
   * its data, as a directory that went down: for tests of what Mamori does then.
   */
  public void suspend() {
    server.shutDown(true);
  }

  /** Listens again on the same port after {@link #suspend()}. */
  public void resume() {
    try {
      server.startListening();
    } catch (LDAPException e) {
      throw new IllegalStateException(
          "cannot listen again on port " + settings.port() + ": " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on " + LOOPBACK + ": " + e.getMessage(), e);
    }
  }

  /** Stops listening and closes client connections; the data is discarded. */
  @Override
  public void close() {
    server.shutDown(true);
  }

  @Override
  public String toString() {
    return "EmbeddedDirectory[" + settings.endpoint() + ", " + settings.schema() + "]";
  }

  /**
   * What a domain controller does and the in-memory server does not: {@code whenCreated} and {@code
   * whenChanged} (generalized time) kept on every add and modify.
   */
  private static final class ChangeTimes
      extends com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor {
    @Override
    public void processAddRequest(
        com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest request) {
      com.unboundid.ldap.sdk.AddRequest add = request.getRequest().duplicate();
      String now = com.unboundid.util.StaticUtils.encodeGeneralizedTime(new java.util.Date());
      add.replaceAttribute("whenCreated", now);
      add.replaceAttribute("whenChanged", now);
      request.setRequest(add);
    }

    @Override
    public void processModifyRequest(
        com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest request) {
      com.unboundid.ldap.sdk.ModifyRequest modify = request.getRequest().duplicate();
      modify.addModification(
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE,
              "whenChanged",
              com.unboundid.util.StaticUtils.encodeGeneralizedTime(new java.util.Date())));
      request.setRequest(modify);
    }
  }

  /**
   * What directories record and the in-memory server does not: the time of an entry's last
   * successful bind — OpenLDAP's {@code authTimestamp} (the lastbind overlay, slapo-lastbind) and
   * Active Directory's {@code lastLogonTimestamp} (FILETIME). Written right after the bind, as
   * those servers do; the service account's own binds are not recorded.
   */
  private static final class LastBind
      extends com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor {
    /**
     * {@code authTimestamp} (generalized time, operational; the OID is of RFC 5612's example arc).
     */
    static final String AUTH_TIMESTAMP_TYPE =
        "( 1.3.6.1.4.1.32473.1.1.1 NAME 'authTimestamp' DESC 'last successful bind, as"
            + " slapo-lastbind keeps it' EQUALITY generalizedTimeMatch ORDERING"
            + " generalizedTimeOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE"
            + " USAGE directoryOperation )";

    private final DirectorySchema schema;
    private final java.util.concurrent.ExecutorService writer =
        java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "embedded-directory-lastbind");
          t.setDaemon(true);
          return t;
        });
    volatile InMemoryDirectoryServer server;

    LastBind(DirectorySchema schema) {
      this.schema = schema;
    }

    @Override
    public void processSimpleBindResult(
        com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult result) {
      String dn = result.getRequest().getBindDN();
      if (result.getResult().getResultCode() != com.unboundid.ldap.sdk.ResultCode.SUCCESS
          || dn == null
          || dn.isEmpty()
          || dn.equalsIgnoreCase(BIND_DN)) {
        return;
      }
      java.time.Instant now = java.time.Instant.now();
      com.unboundid.ldap.sdk.Modification record =
          schema == DirectorySchema.ACTIVE_DIRECTORY
              ? new com.unboundid.ldap.sdk.Modification(
                  com.unboundid.ldap.sdk.ModificationType.REPLACE,
                  "lastLogonTimestamp",
                  Long.toString(
                      (now.getEpochSecond() + DirectorySchema.FILETIME_EPOCH_OFFSET_SECONDS)
                              * 10_000_000L
                          + now.getNano() / 100))
              : new com.unboundid.ldap.sdk.Modification(
                  com.unboundid.ldap.sdk.ModificationType.REPLACE,
                  "authTimestamp",
                  com.unboundid.util.StaticUtils.encodeGeneralizedTime(java.util.Date.from(now)));
      writer.execute(() -> {
        try {
          server.modify(dn, record);
        } catch (LDAPException e) {
          log.debug("lastbind: could not record the bind of {}: {}", dn, e.getMessage());
        }
      });
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
