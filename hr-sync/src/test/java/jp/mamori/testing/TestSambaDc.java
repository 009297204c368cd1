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

  /** The group of Mamori's staff accounts, to which the staff password settings (PSO) apply. */
  public static final String STAFF_GROUP_DN = "CN=mamori-staff,CN=Users," + DOMAIN_DN;

  /** The PSO Mamori writes the policy's password and lockout rules to. */
  public static final String PSO_DN =
      "CN=Mamori staff,CN=Password Settings Container,CN=System," + DOMAIN_DN;

  private static final String PSO_CONTAINER_DN =
      "CN=Password Settings Container,CN=System," + DOMAIN_DN;

  /** Mamori's service account, with the delegation the administrator's guide lists, no more. */
  public static final String SERVICE_DN = "CN=svc-mamori,CN=Users," + DOMAIN_DN;

  /**
   * The attributes the guide delegates write access to on the staff OU's user objects (the same
   * list as the guide's {@code dsacls} lines).
   */
  public static final List<String> DELEGATED_ATTRIBUTES =
      List.of(
          "userAccountControl",
          "info",
          "description",
          "department",
          "departmentNumber",
          "title",
          "displayName",
          "sn",
          "givenName",
          "employeeID",
          "employeeType",
          "userPrincipalName",
          "sAMAccountName",
          "pwdLastSet",
          "lockoutTime");

  /** schemaIDGUID of the class {@code user}. */
  private static final String USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2";

  /** The control access right "Reset Password" (User-Force-Change-Password). */
  private static final String RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529";

  public static final String UPN_SUFFIX = "@mamori.test";
  public static final int LDAPS_PORT = 636;

  private static TestSambaDc instance;
  private static RuntimeException failedToStart;

  private final Path dir;
  private final String adminPassword = "Adm-" + Long.toHexString(System.nanoTime()) + "-x9Z";
  private final String servicePassword = "Svc-" + Long.toHexString(System.nanoTime() * 7) + "-q4W";
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
      c.add(
          new com.unboundid.ldap.sdk.Entry(
              SERVICE_DN,
              new com.unboundid.ldap.sdk.Attribute("objectClass", "user"),
              new com.unboundid.ldap.sdk.Attribute("sAMAccountName", "svc-mamori"),
              new com.unboundid.ldap.sdk.Attribute(
                  "unicodePwd",
                  ("\"" + servicePassword + "\"")
                      .getBytes(java.nio.charset.StandardCharsets.UTF_16LE)),
              new com.unboundid.ldap.sdk.Attribute("userAccountControl", "512")));
      c.add(
          "dn: " + STAFF_GROUP_DN,
          "objectClass: group",
          "sAMAccountName: mamori-staff",
          "description: Mamori staff accounts (password settings Mamori staff apply)");
      delegate(c, conf(), tool);
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException("cannot add the test OUs and service account: " + e, e);
    }
  }

  private Path conf() {
    return dir.resolve("etc/smb.conf");
  }

  /**
   * Gives {@link #SERVICE_DN} on the staff OU exactly what the guide delegates: create and delete
   * user objects, Reset Password on them, and read/write of {@link #DELEGATED_ATTRIBUTES} — as ACEs
   * inherited by user objects, written with {@code samba-tool dsacl set}.
   */
  private void delegate(LDAPConnection admin, Path conf, String tool) throws LDAPException {
    String sid = sid(admin.getEntry(SERVICE_DN, "objectSid").getAttributeValueBytes("objectSid"));
    StringBuilder aces = new StringBuilder();
    aces.append("(OA;CI;CCDC;").append(USER_CLASS).append(";;").append(sid).append(")");
    aces.append("(OA;CIIO;CR;")
        .append(RESET_PASSWORD)
        .append(";")
        .append(USER_CLASS)
        .append(";")
        .append(sid)
        .append(")");
    for (String attribute : DELEGATED_ATTRIBUTES) {
      aces.append("(OA;CIIO;RPWP;")
          .append(schemaGuid(admin, attribute))
          .append(";")
          .append(USER_CLASS)
          .append(";")
          .append(sid)
          .append(")");
    }
    dsacl(conf, tool, PEOPLE_DN, aces.toString());
    // the PSO: create it in the container, then read and write every attribute of it
    String pso = schemaGuid(admin, "msDS-PasswordSettings");
    dsacl(
        conf,
        tool,
        PSO_CONTAINER_DN,
        "(OA;;CCDC;" + pso + ";;" + sid + ")(OA;CIIO;RPWP;;" + pso + ";" + sid + ")");
    // the staff group: add and remove members
    dsacl(
        conf, tool, STAFF_GROUP_DN, "(OA;;RPWP;" + schemaGuid(admin, "member") + ";;" + sid + ")");
  }

  private void dsacl(Path conf, String tool, String dn, String sddl) {
    RealServers.run(
        List.of(
            tool,
            "dsacl",
            "set",
            "-s",
            conf.toString(),
            "-H",
            dir.resolve("private/sam.ldb").toString(),
            "--objectdn=" + dn,
            "--sddl=" + sddl),
        dir,
        Duration.ofMinutes(1));
  }

  /** The schemaIDGUID of an attribute or class, by its LDAP display name. */
  private static String schemaGuid(LDAPConnection admin, String name) throws LDAPException {
    var schema =
        admin.searchForEntry(
            "CN=Schema,CN=Configuration," + DOMAIN_DN,
            com.unboundid.ldap.sdk.SearchScope.ONE,
            com.unboundid.ldap.sdk.Filter.createEqualityFilter("lDAPDisplayName", name),
            "schemaIDGUID");
    if (schema == null) {
      throw new IllegalStateException("no " + name + " in the DC's schema");
    }
    return guid(schema.getAttributeValueBytes("schemaIDGUID"));
  }

  /** A binary SID as S-1-5-21-…. */
  static String sid(byte[] b) {
    StringBuilder out = new StringBuilder("S-").append(b[0] & 0xff);
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = (authority << 8) | (b[i] & 0xff);
    }
    out.append('-').append(authority);
    int count = b[1] & 0xff;
    for (int i = 0; i < count; i++) {
      int at = 8 + 4 * i;
      long sub =
          (b[at] & 0xffL)
              | (b[at + 1] & 0xffL) << 8
              | (b[at + 2] & 0xffL) << 16
              | (b[at + 3] & 0xffL) << 24;
      out.append('-').append(sub);
    }
    return out.toString();
  }

  /** A binary GUID (mixed-endian, MS-DTYP 2.3.4) as its string form. */
  static String guid(byte[] b) {
    return String.format(
        "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
        b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15]);
  }

  /**
   * Settings for Mamori's connector: LDAPS to {@code localhost}, the test CA trusted, bound as the
   * delegated service account.
   */
  public DirectorySettings settings() {
    return settings("localhost");
  }

  /** The same settings with another host name (for the host-name check). */
  public DirectorySettings settings(String host) {
    return new DirectorySettings(
        host,
        LDAPS_PORT,
        true,
        SERVICE_DN,
        servicePassword,
        PEOPLE_DN,
        DirectorySchema.ACTIVE_DIRECTORY,
        new DirectoryTls(
            DirectoryTls.Mode.LDAPS, Optional.of(trustStore.toString()), trustStorePassword));
  }

  /** The test CA's certificate (PEM), to be trusted by whoever connects over LDAPS. */
  public Path caCertificate() {
    return dir.resolve("tls/ca.pem");
  }

  /** A connection over LDAPS bound as the domain's Administrator (set-up and checks). */
  public LDAPConnection admin() throws LDAPException {
    return new LDAPConnection(sockets(), "localhost", LDAPS_PORT, ADMIN_DN, adminPassword);
  }

  /** A connection over LDAPS bound as Mamori's delegated service account. */
  public LDAPConnection service() throws LDAPException {
    return new LDAPConnection(sockets(), "localhost", LDAPS_PORT, SERVICE_DN, servicePassword);
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
