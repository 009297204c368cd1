package jp.mamori.testing;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTls;

/**
 * A real Active Directory domain controller (Debian's Samba 4 AD DC), private to this test JVM:
 * {@code samba-tool domain provision} into a temporary folder (domain {@code MAMORI}, realm {@code
 * MAMORI.TEST}), listening on loopback only, LDAP on 389 and LDAPS on 636 (a DC's ports are fixed)
 * with a certificate from a test CA that names {@code localhost} only — so a connection to {@code
 * 127.0.0.1} must be refused by the host-name check. Started once per JVM, on first use, and
 * stopped when the JVM exits.
 */
public final class TestSambaDc {

  public static final String DOMAIN_DN = "DC=mamori,DC=test";
  public static final String PEOPLE_DN = "OU=Staff," + DOMAIN_DN;
  public static final String ELSEWHERE_DN = "OU=Elsewhere," + DOMAIN_DN;
  public static final String ADMIN_DN = "CN=Administrator,CN=Users," + DOMAIN_DN;
  public static final String UPN_SUFFIX = "@mamori.test";
  public static final int LDAPS_PORT = 636;

  private static TestSambaDc instance;
  private static RuntimeException failedToStart;

  private final Path dir;
  private final String adminPassword = "Adm-" + Long.toHexString(System.nanoTime()) + "-x9Z";
  private final Path trustStore;
  private final String trustStorePassword = "changeit";
  private final Process process;

  /** The domain controller of this JVM, started on first use. */
  public static synchronized TestSambaDc instance() {
    if (failedToStart != null) {
      throw new IllegalStateException("samba did not start earlier in this JVM", failedToStart);
    }
    if (instance == null) {
      try {
        instance = new TestSambaDc();
      } catch (RuntimeException e) {
        failedToStart = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-samba"));
    }
    return instance;
  }

  private TestSambaDc() {
    String samba = RealServers.requireProgram("/usr/sbin/samba", "samba-ad-dc");
    String tool = RealServers.requireProgram("/usr/bin/samba-tool", "samba");
    for (int port : new int[] {389, LDAPS_PORT}) {
      if (listening(port)) {
        throw new IllegalStateException(
            "expected 127.0.0.1:"
                + port
                + " free for the test domain controller, found something listening there"
                + " (a directory server of this machine, or a test run that did not stop)");
      }
    }
    try {
      dir = Files.createTempDirectory("mamori-samba-");
      RealServers.run(
          List.of(
              tool,
              "domain",
              "provision",
              "--realm=MAMORI.TEST",
              "--domain=MAMORI",
              "--server-role=dc",
              "--dns-backend=NONE",
              "--host-name=dc1",
              "--use-rfc2307",
              "--targetdir=" + dir,
              "--adminpass=" + adminPassword,
              "--option=interfaces=lo",
              "--option=bind interfaces only=yes"),
          dir,
          Duration.ofMinutes(2));
      Path tls = Files.createDirectories(dir.resolve("tls"));
      certificates(tls);
      Path conf = dir.resolve("etc/smb.conf");
      String text =
          Files.readString(conf)
              .replaceAll("(?m)^\\s*log file = .*$", "\tlog file = " + dir.resolve("log.%m"))
              .replaceAll("(?m)^\\s*server services = .*$", "\tserver services = ldap")
              .replace(
                  "[global]",
                  // As the administrator's guide asks for privileged IDs: a rotated password
                  // stops working at once (the default, 60, lets the old one log on for an hour
                  // after a check-in: seen on this DC with an LDAP simple bind)
                  "[global]\n\told password allowed period = 0\n\tpid directory = "
                      + dir.resolve("run")
                      + "\n\ttls enabled = yes\n\ttls keyfile = "
                      + tls.resolve("key.pem")
                      + "\n\ttls certfile = "
                      + tls.resolve("cert.pem")
                      + "\n\ttls cafile = "
                      + tls.resolve("ca.pem"));
      Files.writeString(conf, text);
      Files.createDirectories(dir.resolve("run"));
      trustStore = trustStore(tls.resolve("ca.pem"));
      process =
          new ProcessBuilder(samba, "--foreground", "--no-process-group", "-s", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("samba.out").toFile())
              .start();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot start the Samba AD DC: " + e.getMessage(), e);
    }
    Poll.until(
        "Samba AD DC answering LDAPS on localhost:" + LDAPS_PORT + " (output " + dir + ")",
        Duration.ofSeconds(90),
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "samba exited with " + process.exitValue() + ": " + output());
          }
          try (LDAPConnection c = admin()) {
            return c.getRootDSE() != null;
          } catch (LDAPException e) {
            return false;
          }
        });
    try (LDAPConnection c = admin()) {
      c.add("dn: " + PEOPLE_DN, "objectClass: organizationalUnit", "ou: Staff");
      c.add("dn: " + ELSEWHERE_DN, "objectClass: organizationalUnit", "ou: Elsewhere");
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException("cannot add the test OUs: " + e, e);
    }
  }

  /** Settings for Mamori's connector: LDAPS to {@code localhost}, the test CA trusted. */
  public DirectorySettings settings() {
    return settings("localhost");
  }

  /** The same settings with another host name (for the host-name check). */
  public DirectorySettings settings(String host) {
    return new DirectorySettings(
        host,
        LDAPS_PORT,
        true,
        ADMIN_DN,
        adminPassword,
        PEOPLE_DN,
        DirectorySchema.ACTIVE_DIRECTORY,
        new DirectoryTls(
            DirectoryTls.Mode.LDAPS, Optional.of(trustStore.toString()), trustStorePassword));
  }

  /** A connection over LDAPS bound as the domain's Administrator (set-up and checks). */
  public LDAPConnection admin() throws LDAPException {
    return new LDAPConnection(sockets(), "localhost", LDAPS_PORT, ADMIN_DN, adminPassword);
  }

  /**
   * Binds over LDAPS as {@code user} (a DN or {@code name@mamori.test}), as a person's client
   * would, and says how it went (AD's answer codes: {@code data 773} must change, {@code 533}
   * disabled, {@code 775} locked, {@code 52e} wrong password).
   */
  public RealServers.BindResult bind(String user, String password) {
    return RealServers.bind("localhost", LDAPS_PORT, sockets(), user, password, false);
  }

  private SocketFactory sockets() {
    try {
      return new SSLUtil(
              new TrustStoreTrustManager(
                  trustStore.toFile(), trustStorePassword.toCharArray(), "PKCS12", true))
          .createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the test CA: " + e.getMessage(), e);
    }
  }

  /** The server's output so far (for failure messages). */
  public String output() {
    try {
      return Files.readString(dir.resolve("samba.out"));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RealServers.deleteTree(dir);
  }

  /** A test CA and a server certificate for {@code localhost} only, made with openssl. */
  private static void certificates(Path tls) {
    String openssl = RealServers.requireProgram("/usr/bin/openssl", "openssl");
    Duration limit = Duration.ofSeconds(60);
    RealServers.run(
        List.of(
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/O=Mamori test/CN=Mamori test CA",
            "-keyout",
            "ca-key.pem",
            "-out",
            "ca.pem"),
        tls,
        limit);
    RealServers.run(
        List.of(
            openssl,
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "key.pem",
            "-out",
            "cert.csr"),
        tls,
        limit);
    try {
      Files.writeString(tls.resolve("ext.cnf"), "subjectAltName=DNS:localhost\n");
      Files.setPosixFilePermissions(
          tls.resolve("key.pem"), PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    RealServers.run(
        List.of(
            openssl,
            "x509",
            "-req",
            "-in",
            "cert.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca-key.pem",
            "-CAcreateserial",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
            "-out",
            "cert.pem"),
        tls,
        limit);
  }

  private Path trustStore(Path caPem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      store.setCertificateEntry(
          "mamori-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path file = dir.resolve("tls/truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, trustStorePassword.toCharArray());
    }
    return file;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
