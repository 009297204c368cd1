package jp.mamori.hrsync.directory;

import static jp.mamori.hrsync.hr.TestStaffRecords.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector over TLS against a real LDAP server speaking LDAPS and StartTLS (UnboundID's
 * in-memory server with a certificate made for the test): the handshake succeeds with the
 * directory's CA in the configured trust store, and is refused — before the bind password is sent —
 * when the certificate is not trusted or names another host. A broken trust-store setting stops the
 * connect naming the file.
 */
class LdapDirectoryTlsTest {

  private static final String BASE_DN = "dc=mamori,dc=example";
  private static final String BIND_DN = "cn=mamori-sync," + BASE_DN;
  private static final String PEOPLE_DN = "ou=people," + BASE_DN;
  private static final String BIND_PASSWORD = "Bind-Password-91c3e7";
  private static final String STORE_PASSWORD = "Store-Password-5d2a08";

  @TempDir static Path certificates;

  /** The server's key: a certificate for 127.0.0.1. */
  private static Path loopbackKey;

  /** A certificate that names another host only. */
  private static Path otherHostKey;

  /** A trust store holding the loopback certificate, with {@link #STORE_PASSWORD}. */
  private static Path trustLoopback;

  /** A trust store holding the other host's certificate. */
  private static Path trustOtherHost;

  private InMemoryDirectoryServer server;

  /** The bind DNs the server received. */
  private final List<String> binds = new CopyOnWriteArrayList<>();

  private LdapDirectory directory;

  @BeforeAll
  static void makeCertificates() throws Exception {
    loopbackKey =
        selfSigned(
            "loopback",
            "CN=localhost",
            "--subject-alternative-name-dns",
            "localhost",
            "--subject-alternative-name-ip-address",
            "127.0.0.1");
    otherHostKey =
        selfSigned(
            "other",
            "CN=ldap.example.lg.jp",
            "--subject-alternative-name-dns",
            "ldap.example.lg.jp");
    trustLoopback = trustStoreOf(loopbackKey, "trust-loopback.p12");
    trustOtherHost = trustStoreOf(otherHostKey, "trust-other.p12");
  }

  @AfterEach
  void close() {
    if (directory != null) {
      directory.close();
    }
    if (server != null) {
      server.shutDown(true);
    }
  }

  @Test
  void connectWhenLdapsWithTheCaInTheTrustStoreThenAccountsAreWrittenAndNothingIsClearOnTheWire()
      throws Exception {
    int port = start(loopbackKey, true);
    try (Relay wire = new Relay(port)) {
      directory =
          LdapDirectory.connect(settings(wire.port(), DirectoryTls.Mode.LDAPS, trustLoopback));
      DirectoryAccount created = directory.create(staff().build(), "m10001");

      assertThat(directory.listPeople()).containsExactly(created);
      assertThat(directory.toString()).contains("ldaps://127.0.0.1:" + wire.port());
      assertThat(wire.seen())
          .isNotEmpty()
          .doesNotContain(BIND_PASSWORD)
          .doesNotContain(BIND_DN)
          .doesNotContain("m10001");
    }
  }

  @Test
  void connectWhenStartTlsWithTheCaInTheTrustStoreThenUpgradedBeforeTheBind() throws Exception {
    int port = start(loopbackKey, false);
    try (Relay wire = new Relay(port)) {
      directory =
          LdapDirectory.connect(settings(wire.port(), DirectoryTls.Mode.STARTTLS, trustLoopback));
      directory.create(staff().build(), "m10001");

      assertThat(directory.listPeople()).hasSize(1);
      // the StartTLS request is the one thing in clear; the bind and all after it are encrypted
      assertThat(wire.seen())
          .contains(StartTLSExtendedRequest.STARTTLS_REQUEST_OID)
          .doesNotContain(BIND_PASSWORD)
          .doesNotContain(BIND_DN)
          .doesNotContain("m10001");
      assertThat(binds).containsOnly(BIND_DN);
    }
  }

  @Test
  void connectWhenAutoOnAnotherPortThenStartTls() throws Exception {
    int port = start(loopbackKey, false);
    try (Relay wire = new Relay(port)) {
      directory =
          LdapDirectory.connect(settings(wire.port(), DirectoryTls.Mode.AUTO, trustLoopback));

      assertThat(directory.listPeople()).isEmpty();
      assertThat(wire.seen())
          .contains(StartTLSExtendedRequest.STARTTLS_REQUEST_OID)
          .doesNotContain(BIND_PASSWORD);
    }
  }

  @Test
  void connectWhenPlainToLoopbackThenTheWireShowsThePassword() throws Exception {
    // the control for the tests above: what the relay sees without TLS (allowed on loopback only)
    int port = start(null, false);
    try (Relay wire = new Relay(port)) {
      directory =
          LdapDirectory.connect(settings("127.0.0.1", wire.port(), false, DirectoryTls.DEFAULT));
      directory.create(staff().build(), "m10001");

      assertThat(wire.seen()).contains(BIND_PASSWORD).contains(BIND_DN).contains("m10001");
    }
  }

  @Test
  void connectWhenTheCertificateIsNotInTheTrustStoreThenRefusedNamingTheTrustStore()
      throws Exception {
    int port = start(loopbackKey, true);
    // the other host's store: a valid store, but not the CA of this server's certificate
    DirectorySettings settings = settings(port, DirectoryTls.Mode.LDAPS, trustOtherHost);

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings))
        .satisfies(e -> {
          assertThat(e.getMessage())
              .contains("ldaps://127.0.0.1:" + port)
              .contains("trustStore " + trustOtherHost);
          assertThat(e + stackTrace(e))
              .doesNotContain(BIND_PASSWORD)
              .doesNotContain(STORE_PASSWORD);
        });
    assertThat(binds).as("binds the server received").isEmpty();
  }

  @Test
  void connectWhenTheJvmTrustStoreIsUsedThenTheTestCertificateIsRefused() throws Exception {
    int port = start(loopbackKey, false);
    DirectorySettings settings =
        settings(
            "127.0.0.1",
            port,
            true,
            new DirectoryTls(DirectoryTls.Mode.STARTTLS, Optional.empty(), null));

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings))
        .withMessageContaining("ldap://127.0.0.1:" + port + " (StartTLS)")
        .withMessageContaining("the JVM trust store")
        .satisfies(e -> assertThat(e + stackTrace(e)).doesNotContain(BIND_PASSWORD));
    assertThat(binds).as("binds the server received").isEmpty();
  }

  @Test
  void connectWhenTheCertificateNamesAnotherHostThenRefusedEvenThoughTrusted() throws Exception {
    int port = start(otherHostKey, true);
    // trusted (its own certificate is in the store), but issued to ldap.example.lg.jp; reached as
    // "localhost" because UnboundID's host-name check accepts any name for a numeric loopback IP
    DirectorySettings settings =
        settings(
            "localhost",
            port,
            true,
            new DirectoryTls(
                DirectoryTls.Mode.LDAPS, Optional.of(trustOtherHost.toString()), STORE_PASSWORD));

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings))
        .withMessageContaining("ldaps://localhost:" + port)
        .withMessageContaining("name the host \"localhost\"")
        .satisfies(e -> assertThat(e + stackTrace(e)).doesNotContain(BIND_PASSWORD));
    assertThat(binds).as("binds the server received").isEmpty();
  }

  @Test
  void connectWhenTheTrustStoreIsMissingThenRefusedNamingTheFileBeforeConnecting()
      throws Exception {
    int port = start(loopbackKey, true);
    Path missing = certificates.resolve("no-such-store.p12");

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings(port, DirectoryTls.Mode.LDAPS, missing)))
        .satisfies(e -> assertThat(e.retryable()).isFalse())
        .withMessageContaining("trustStore " + missing.toAbsolutePath())
        .withMessageContaining("expected a readable PKCS12 or JKS file")
        .withMessageContaining("found no such file");
  }

  @Test
  void connectWhenTheTrustStorePasswordIsWrongThenRefusedWithoutThePassword() throws Exception {
    int port = start(loopbackKey, true);
    DirectorySettings settings =
        settings(
            "127.0.0.1",
            port,
            true,
            new DirectoryTls(
                DirectoryTls.Mode.LDAPS, Optional.of(trustLoopback.toString()), "Wrong-4411"));

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings))
        .satisfies(e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage())
              .contains("trustStore " + trustLoopback.toAbsolutePath())
              .contains("opens with trustStorePassword");
          assertThat(e + stackTrace(e)).doesNotContain("Wrong-4411").doesNotContain(BIND_PASSWORD);
        });
  }

  @Test
  void connectWhenTheTrustStoreHoldsNoCertificateThenRefused() throws Exception {
    int port = start(loopbackKey, true);
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);
    Path file = certificates.resolve("empty.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      empty.store(out, STORE_PASSWORD.toCharArray());
    }

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings(port, DirectoryTls.Mode.LDAPS, file)))
        .withMessageContaining("expected at least one CA certificate");
  }

  private static DirectorySettings settings(int port, DirectoryTls.Mode mode, Path trustStore) {
    return settings(
        "127.0.0.1",
        port,
        true,
        new DirectoryTls(mode, Optional.of(trustStore.toString()), STORE_PASSWORD));
  }

  private static DirectorySettings settings(
      String host, int port, boolean useTls, DirectoryTls tls) {
    return new DirectorySettings(
        host, port, useTls, BIND_DN, BIND_PASSWORD, PEOPLE_DN, DirectorySchema.OPENLDAP, tls);
  }

  /**
   * Starts a server on 127.0.0.1 speaking LDAPS ({@code ldaps}) or plain LDAP with StartTLS with
   * the certificate in {@code key}; without a key, plain LDAP only.
   */
  private int start(Path key, boolean ldaps) throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
    if (key == null) {
      config.setListenerConfigs(
          InMemoryListenerConfig.createLDAPConfig("plain", loopback, 0, null));
    } else {
      SSLUtil serverSsl =
          new SSLUtil(
              new KeyStoreKeyManager(
                  key.toFile(), STORE_PASSWORD.toCharArray(), "PKCS12", "server"),
              new TrustAllTrustManager());
      config.setListenerConfigs(
          ldaps
              ? InMemoryListenerConfig.createLDAPSConfig(
                  "ldaps", loopback, 0, serverSsl.createSSLServerSocketFactory(), null)
              : InMemoryListenerConfig.createLDAPConfig(
                  "starttls", loopback, 0, serverSsl.createSSLSocketFactory()));
    }
    config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
    config.addInMemoryOperationInterceptor(
        new com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor() {
          @Override
          public void processSimpleBindRequest(
              com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest
                  request) {
            binds.add(request.getRequest().getBindDN());
          }
        });
    server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: mamori");
    server.add(
        "dn: " + PEOPLE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
    server.startListening();
    return server.getListenPort();
  }

  /** A PKCS12 key store with a self-signed certificate under the alias "server". */
  private static Path selfSigned(String name, String subject, String... alternativeName)
      throws Exception {
    Path file = certificates.resolve(name + "-key.p12");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "generate-self-signed-certificate",
                "--keystore",
                file.toString(),
                "--keystore-password",
                STORE_PASSWORD,
                "--keystore-type",
                "PKCS12",
                "--alias",
                "server",
                "--subject-dn",
                subject,
                "--key-algorithm",
                "EC",
                "--key-size-bits",
                "256",
                "--signature-algorithm",
                "SHA256withECDSA",
                "--days-valid",
                "30"));
    args.addAll(List.of(alternativeName));
    ResultCode result = ManageCertificates.main(null, out, out, args.toArray(String[]::new));
    assertThat(result).as(out::toString).isEqualTo(ResultCode.SUCCESS);
    return file;
  }

  /** A trust store with the certificate of {@code key} as a trusted certificate entry. */
  private static Path trustStoreOf(Path key, String name) throws Exception {
    KeyStore keys = KeyStore.getInstance(key.toFile(), STORE_PASSWORD.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("directory-ca", keys.getCertificate("server"));
    Path file = certificates.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      trust.store(out, STORE_PASSWORD.toCharArray());
    }
    return file;
  }

  /**
   * A TCP relay on 127.0.0.1 in front of the server that keeps every byte it passes on, in both
   * directions: what anyone on the network path would see.
   */
  private static final class Relay implements AutoCloseable {
    private final ServerSocket listener;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    Relay(int target) throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      Thread.ofVirtual()
          .start(() -> {
            try {
              while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getByName("127.0.0.1"), target);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
              }
            } catch (IOException closed) {
              // the relay was closed
            }
          });
    }

    private void pump(Socket from, Socket to) {
      Thread.ofVirtual()
          .start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
              for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (seen) {
                  seen.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
              }
            } catch (IOException closed) {
              // one side closed
            }
          });
    }

    int port() {
      return listener.getLocalPort();
    }

    /** The bytes passed so far, as ISO-8859-1 text (any byte sequence survives it unchanged). */
    String seen() {
      synchronized (seen) {
        return seen.toString(StandardCharsets.ISO_8859_1);
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
