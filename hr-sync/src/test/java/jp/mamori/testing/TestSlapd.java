package jp.mamori.testing;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectorySettings;

/**
 * A real OpenLDAP server (Debian's {@code slapd}), private to this test JVM: its own {@code
 * cn=config} in a temporary folder, the {@code ppolicy} overlay (locks, lockout after failed binds,
 * forced change after reset) and the {@code lastbind} overlay (last logon), listening on a free
 * loopback port. Started once per JVM, on first use, and stopped when the JVM exits.
 *
 * <p>Mamori binds as {@link #MAMORI_DN}, a service account with exactly the rights the
 * administrator's guide lists (the ACLs below), not as the root DN.
 *
 * <p>A test that takes the server away ({@link #kill()}, {@link #pause()}) starts a server of its
 * own with {@link #startOwn()}, so that no other test loses the shared one: the same configuration
 * on another free port, with its own data, that it can kill, freeze and start again on the same
 * port and data. The root DN may change {@code cn=config} (limits) on either.
 */
public final class TestSlapd implements AutoCloseable {

  public static final String SUFFIX = "dc=mamori,dc=test";
  public static final String PEOPLE_DN = "ou=people," + SUFFIX;
  public static final String POLICY_DN = "cn=default,ou=policies," + SUFFIX;
  public static final String ROOT_DN = "cn=admin," + SUFFIX;
  public static final String MAMORI_DN = "cn=mamori,ou=system," + SUFFIX;

  private static TestSlapd instance;
  private static RuntimeException failedToStart;

  private final Path dir;
  private final int port;
  private final String rootPassword = "root-" + Long.toHexString(System.nanoTime());
  private final String mamoriPassword = "mamori-" + Long.toHexString(System.nanoTime() * 31);
  private volatile Process process;

  /** The server of this JVM, started on first use. */
  public static synchronized TestSlapd instance() {
    if (failedToStart != null) {
      throw new IllegalStateException("slapd did not start earlier in this JVM", failedToStart);
    }
    if (instance == null) {
      try {
        instance = new TestSlapd();
      } catch (RuntimeException e) {
        failedToStart = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-slapd"));
    }
    return instance;
  }

  /**
   * A server of the caller's own, started now (not the shared {@link #instance()}); {@link
   * #close()} stops it and deletes its data, and so does the end of the JVM if the caller does not.
   */
  public static TestSlapd startOwn() {
    TestSlapd own = new TestSlapd();
    Runtime.getRuntime().addShutdownHook(new Thread(own::stop, "stop-own-slapd"));
    return own;
  }

  private TestSlapd() {
    RealServers.requireProgram("/usr/sbin/slapd", "slapd");
    RealServers.requireProgram("/usr/sbin/slapadd", "slapd");
    try {
      dir = Files.createTempDirectory("mamori-slapd-");
      Files.createDirectories(dir.resolve("config"));
      Files.createDirectories(dir.resolve("data"));
      port = freePort();
      Path config = dir.resolve("config.ldif");
      Files.writeString(config, configLdif());
      RealServers.run(
          List.of(
              "/usr/sbin/slapadd",
              "-n0",
              "-F",
              dir.resolve("config").toString(),
              "-l",
              config.toString()),
          dir,
          Duration.ofSeconds(30));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start slapd: " + e.getMessage(), e);
    }
    launch();
    try (LDAPConnection root = root()) {
      for (String ldif : baseEntries()) {
        root.add(new com.unboundid.ldap.sdk.Entry(ldif.split("\n")));
      }
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException("cannot add the base entries to slapd: " + e, e);
    }
  }

  /** Starts the slapd process on this server's port and data, and waits until it answers. */
  private void launch() {
    try {
      process =
          new ProcessBuilder(
                  "/usr/sbin/slapd",
                  "-d",
                  "0",
                  "-h",
                  "ldap://127.0.0.1:" + port + "/",
                  "-F",
                  dir.resolve("config").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("slapd.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start slapd: " + e.getMessage(), e);
    }
    Process started = process;
    Poll.until(
        "slapd on 127.0.0.1:" + port + " answering (log " + dir.resolve("slapd.log") + ")",
        Duration.ofSeconds(30),
        () -> {
          if (!started.isAlive()) {
            throw new IllegalStateException(
                "slapd exited with " + started.exitValue() + ": " + log());
          }
          try (LDAPConnection c = new LDAPConnection("127.0.0.1", port)) {
            return c.getRootDSE() != null;
          } catch (LDAPException e) {
            return false;
          }
        });
  }

  /**
   * Kills the server process at once ({@code SIGKILL}): no shutdown, open connections cut, as when
   * the host or the process dies. The data stays for {@link #restart()}. Only for {@link
   * #startOwn()} servers.
   */
  public void kill() {
    requireOwn("kill");
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("slapd (pid " + process.pid() + ") outlived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for slapd to die", e);
    }
  }

  /** Starts the server again on the same port and data, after {@link #kill()}. */
  public void restart() {
    requireOwn("restart");
    if (process.isAlive()) {
      throw new IllegalStateException("slapd is still running (pid " + process.pid() + ")");
    }
    launch();
  }

  /**
   * Freezes the server ({@code SIGSTOP}): it keeps its port and accepts TCP connections (the kernel
   * does), but answers nothing — a hung server. {@link #resume()} lets it go on.
   */
  public void pause() {
    requireOwn("pause");
    signal("-STOP");
  }

  /** Lets a {@linkplain #pause() frozen} server go on ({@code SIGCONT}). */
  public void resume() {
    requireOwn("resume");
    signal("-CONT");
  }

  private void signal(String signal) {
    RealServers.run(
        List.of("/bin/kill", signal, Long.toString(process.pid())), dir, Duration.ofSeconds(10));
  }

  private void requireOwn(String what) {
    if (this == instance) {
      throw new IllegalStateException(
          "expected a server of the test's own (TestSlapd.startOwn()) to "
              + what
              + ", found the"
              + " shared one: other tests use it");
    }
  }

  /** Stops this server and deletes its data (a {@link #startOwn()} server only). */
  @Override
  public void close() {
    requireOwn("close");
    stop();
  }

  /** Settings for Mamori's connector, bound as the service account. */
  public DirectorySettings settings() {
    return new DirectorySettings(
        "127.0.0.1", port, false, MAMORI_DN, mamoriPassword, PEOPLE_DN, DirectorySchema.OPENLDAP);
  }

  public int port() {
    return port;
  }

  /** A connection bound as the root DN (a person with every right, for set-up and checks). */
  public LDAPConnection root() throws LDAPException {
    return new LDAPConnection("127.0.0.1", port, ROOT_DN, rootPassword);
  }

  /**
   * Binds as {@code dn} with {@code password}, as a person's client would, with the password policy
   * request control, and says how it went.
   */
  public RealServers.BindResult bind(String dn, String password) {
    return RealServers.bind("127.0.0.1", port, null, dn, password, true);
  }

  /** The server's log so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(dir.resolve("slapd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private synchronized void stop() {
    if (!Files.exists(dir)) {
      return; // stopped already
    }
    resumeQuietly();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RealServers.deleteTree(dir);
  }

  /** A frozen server does not end on SIGTERM until it goes on. */
  private void resumeQuietly() {
    try {
      new ProcessBuilder("/bin/kill", "-CONT", Long.toString(process.pid()))
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String configLdif() {
    return String.join(
        "\n",
        "dn: cn=config",
        "objectClass: olcGlobal",
        "cn: config",
        "olcPidFile: " + dir.resolve("slapd.pid"),
        "",
        "dn: cn=module{0},cn=config",
        "objectClass: olcModuleList",
        "cn: module{0}",
        "olcModulePath: /usr/lib/ldap",
        "olcModuleLoad: back_mdb",
        "olcModuleLoad: ppolicy",
        "olcModuleLoad: lastbind",
        "",
        "dn: cn=schema,cn=config",
        "objectClass: olcSchemaConfig",
        "cn: schema",
        "",
        "include: file:///etc/ldap/schema/core.ldif",
        "",
        "include: file:///etc/ldap/schema/cosine.ldif",
        "",
        "include: file:///etc/ldap/schema/inetorgperson.ldif",
        "",
        "dn: olcDatabase={-1}frontend,cn=config",
        "objectClass: olcDatabaseConfig",
        "objectClass: olcFrontendConfig",
        "olcDatabase: {-1}frontend",
        "olcSizeLimit: unlimited",
        "",
        "dn: olcDatabase={0}config,cn=config",
        "objectClass: olcDatabaseConfig",
        "olcDatabase: {0}config",
        // the root DN may change limits at run time (tests of a server's size limit)
        "olcRootDN: " + ROOT_DN,
        "olcAccess: {0}to * by * none",
        "",
        "dn: olcDatabase={1}mdb,cn=config",
        "objectClass: olcDatabaseConfig",
        "objectClass: olcMdbConfig",
        "olcDatabase: {1}mdb",
        "olcSuffix: " + SUFFIX,
        "olcRootDN: " + ROOT_DN,
        "olcRootPW: " + rootPassword,
        "olcDbDirectory: " + dir.resolve("data"),
        "olcDbMaxSize: 4294967296",
        "olcDbIndex: objectClass eq",
        "olcDbIndex: uid eq",
        "olcDbIndex: employeeNumber eq",
        "olcDbIndex: departmentNumber eq",
        "olcDbIndex: modifyTimestamp eq",
        "olcLimits: dn.exact=\"" + MAMORI_DN + "\" size=unlimited time=unlimited",
        // Mamori's service account: these are the rights the administrator's guide lists
        "olcAccess: {0}to attrs=userPassword by dn.exact=\""
            + MAMORI_DN
            + "\" write by self write by anonymous auth by * none",
        "olcAccess: {1}to dn.subtree=\""
            + PEOPLE_DN
            + "\" by dn.exact=\""
            + MAMORI_DN
            + "\" write by self read by * none",
        "olcAccess: {2}to dn.subtree=\"ou=policies,"
            + SUFFIX
            + "\" by dn.exact=\""
            + MAMORI_DN
            + "\" write by * none",
        "olcAccess: {3}to * by dn.exact=\"" + MAMORI_DN + "\" read by * none",
        "",
        "dn: olcOverlay={0}ppolicy,olcDatabase={1}mdb,cn=config",
        "objectClass: olcOverlayConfig",
        "objectClass: olcPPolicyConfig",
        "olcOverlay: {0}ppolicy",
        "olcPPolicyDefault: " + POLICY_DN,
        "olcPPolicyHashCleartext: TRUE",
        "olcPPolicyUseLockout: TRUE",
        "",
        "dn: olcOverlay={1}lastbind,olcDatabase={1}mdb,cn=config",
        "objectClass: olcOverlayConfig",
        "objectClass: olcLastBindConfig",
        "olcOverlay: {1}lastbind",
        "olcLastBindPrecision: 0",
        "");
  }

  private List<String> baseEntries() {
    return List.of(
        "dn: "
            + SUFFIX
            + "\nobjectClass: dcObject\nobjectClass: organization\no: mamori\ndc: mamori",
        "dn: ou=system," + SUFFIX + "\nobjectClass: organizationalUnit\nou: system",
        "dn: "
            + MAMORI_DN
            + "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: mamori"
            + "\nuserPassword: "
            + mamoriPassword,
        "dn: " + PEOPLE_DN + "\nobjectClass: organizationalUnit\nou: people",
        "dn: ou=policies," + SUFFIX + "\nobjectClass: organizationalUnit\nou: policies",
        // the policy's lockout rule; Mamori writes its own values over these
        "dn: "
            + POLICY_DN
            + "\nobjectClass: device\nobjectClass: pwdPolicy\ncn: default"
            + "\npwdAttribute: userPassword\npwdMaxFailure: 5\npwdLockout: TRUE"
            + "\npwdLockoutDuration: 0\npwdMustChange: TRUE\npwdAllowUserChange: TRUE");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
