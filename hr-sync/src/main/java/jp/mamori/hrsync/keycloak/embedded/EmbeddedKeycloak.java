package jp.mamori.hrsync.keycloak.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mamori.hrsync.keycloak.KeycloakAdminClient;
import jp.mamori.hrsync.keycloak.KeycloakSettings;
import jp.mamori.hrsync.keycloak.KeycloakTimeouts;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official Keycloak distribution ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by the
 * Maven build from Maven Central) run as a child process on a free loopback port.
 *
 * <p>Used by the embedded default (demo) and by tests. Production points Mamori at an external
 * Keycloak instead; nothing here is used then.
 *
 * <ul>
 *   <li>The distribution is built once per home directory ({@code kc.sh build}, guarded by a file
 *       lock and a marker naming the build options) and then started with {@code --optimized},
 *       which saves about 17 s per start on two cores.
 *   <li>The database is Keycloak's in-memory {@code dev-mem}: every start is a fresh Keycloak, so
 *       the demo and the tests never see each other's state.
 *   <li>The bootstrap administrator's password is random per start and is never logged.
 *   <li>Keycloak's own output goes to a log file beside the distribution; on a failed start the
 *       exception carries its last lines.
 * </ul>
 *
 * <p>{@link #shared()} gives one instance per JVM, so that a whole test run (every test class in a
 * module) shares one Keycloak; it is stopped by a shutdown hook.
 */
public final class EmbeddedKeycloak implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKeycloak.class);

  /** System property with Keycloak's heap options (default {@code -Xms128m -Xmx1g}). */
  public static final String HEAP_PROPERTY = "mamori.keycloak.heap";

  /** System property naming the unpacked distribution; the Maven build sets it. */
  public static final String HOME_PROPERTY = "mamori.keycloak.home";

  private static final String ADMIN_USERNAME = "mamori-bootstrap-admin";

  /**
   * Build-time options. {@code https-client-auth} is one: certificates are asked for only where an
   * HTTPS listener exists ({@link Tls}); a start without one is unaffected.
   */
  private static final List<String> BUILD_OPTIONS =
      List.of(
          "--db=dev-mem",
          "--health-enabled=true",
          "--transaction-xa-enabled=false",
          "--https-client-auth=request");

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private static EmbeddedKeycloak shared;

  private final Process process;
  private final int httpPort;
  private final int httpsPort;
  private final int managementPort;
  private final String adminPassword;
  private final Path logFile;

  private EmbeddedKeycloak(
      Process process,
      int httpPort,
      int httpsPort,
      int managementPort,
      String adminPassword,
      Path logFile) {
    this.process = process;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.managementPort = managementPort;
    this.adminPassword = adminPassword;
    this.logFile = logFile;
  }

  /**
   * An HTTPS listener beside the HTTP one, asking clients for a certificate (mutual TLS, e.g. IC
   * cards as X.509 client certificates) and trusting the CAs of a trust store.
   *
   * @param certificate the server's certificate chain (PEM)
   * @param key the server's private key (PEM, PKCS#8)
   * @param trustStore PKCS#12 file with the CAs whose client certificates Keycloak accepts
   * @param trustStorePassword its password
   */
  public record Tls(Path certificate, Path key, Path trustStore, String trustStorePassword) {
    @Override
    public String toString() {
      return "Tls[certificate=" + certificate + ", trustStore=" + trustStore + "]";
    }
  }

  /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedKeycloak shared() {
    if (shared == null || !shared.process.isAlive()) {
      EmbeddedKeycloak started = start(homeFromEnvironment());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * The distribution directory: system property {@value #HOME_PROPERTY}, else environment {@code
   * MAMORI_KEYCLOAK_HOME}.
   *
   * @throws IllegalStateException if neither is set or the directory holds no {@code bin/kc.sh}
   */
  public static Path homeFromEnvironment() {
    String configured = System.getProperty(HOME_PROPERTY, System.getenv("MAMORI_KEYCLOAK_HOME"));
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "Expected system property "
              + HOME_PROPERTY
              + " (or MAMORI_KEYCLOAK_HOME) to name the unpacked Keycloak distribution; found"
              + " neither. Run through Maven (./mvnw), which unpacks it and sets the property.");
    }
    return Path.of(configured);
  }

  /** Builds the distribution if needed, starts it, and waits until it is ready. */
  public static EmbeddedKeycloak start(Path home) {
    return start(home, null);
  }

  /**
   * As {@link #start(Path)}, with an HTTPS listener that asks for client certificates as well
   * ({@link #httpsBaseUrl()}).
   */
  public static EmbeddedKeycloak start(Path home, Tls tls) {
    return start(home, tls, List.of());
  }

  /**
   * As {@link #start(Path, Tls)} ({@code tls} may be null), trusting the CA certificates in {@code
   * trustedCertificates} (PEM files) for Keycloak's outgoing TLS connections — Keycloak's {@code
   * truststore-paths}, used by the LDAP federation over LDAPS to a directory signed by the
   * organisation's own CA.
   */
  public static EmbeddedKeycloak start(Path home, Tls tls, List<Path> trustedCertificates) {
    Path kcSh = home.resolve("bin/kc.sh");
    if (!Files.isRegularFile(kcSh)) {
      throw new IllegalStateException(
          "Expected the Keycloak distribution at "
              + home
              + " (bin/kc.sh); found no such file. Run ./mvnw -pl hr-sync generate-resources to"
              + " unpack org.keycloak:keycloak-quarkus-dist.");
    }
    buildOnce(home);
    int httpPort = freePort();
    int managementPort = freePort();
    String adminPassword = randomSecret();
    Path logFile = home.resolve("log/keycloak-" + httpPort + ".log");
    List<String> command =
        new ArrayList<>(List.of("bash", kcSh.toString(), "start", "--optimized"));
    command.addAll(
        List.of(
            "--http-enabled=true",
            "--http-host=127.0.0.1",
            "--http-port=" + httpPort,
            "--http-management-port=" + managementPort,
            "--hostname=http://localhost:" + httpPort,
            "--cache=local"));
    if (!trustedCertificates.isEmpty()) {
      command.add(
          "--truststore-paths="
              + String.join(
                  ",",
                  trustedCertificates.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }
    int httpsPort = -1;
    if (tls != null) {
      httpsPort = freePort();
      command.addAll(
          List.of(
              "--https-port=" + httpsPort,
              "--https-certificate-file=" + tls.certificate().toAbsolutePath(),
              "--https-certificate-key-file=" + tls.key().toAbsolutePath(),
              "--http-management-scheme=http",
              "--https-trust-store-file=" + tls.trustStore().toAbsolutePath()));
    }
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      Map<String, String> env = builder.environment();
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
      env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
      if (tls != null) {
        env.put(
            "KC_HTTPS_TRUST_STORE_PASSWORD", tls.trustStorePassword()); // not on the command line
      }
      // The dev database lives in Keycloak's heap: a benchmark with tens of thousands of users
      // gives it more (system property mamori.keycloak.heap) so that garbage collection of the
      // stand-in database does not dominate what is measured.
      env.put("JAVA_OPTS_KC_HEAP", System.getProperty(HEAP_PROPERTY, "-Xms128m -Xmx1g"));
      log.info("Starting Keycloak from {} on http://localhost:{}", home, httpPort);
      Instant began = Instant.now();
      Process process = builder.start();
      EmbeddedKeycloak keycloak =
          new EmbeddedKeycloak(
              process, httpPort, httpsPort, managementPort, adminPassword, logFile);
      keycloak.awaitReady();
      log.info(
          "Keycloak ready on http://localhost:{} after {} s",
          httpPort,
          Duration.between(began, Instant.now()).toSeconds());
      return keycloak;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start Keycloak from " + home, e);
    }
  }

  /** Mamori's Keycloak provider, packed into this jar by the build (see keycloak-provider/). */
  static final String PROVIDER_RESOURCE = "mamori-keycloak-provider.jar";

  private static byte[] provider() {
    try (var in = EmbeddedKeycloak.class.getResourceAsStream(PROVIDER_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Expected resource "
                + PROVIDER_RESOURCE
                + " next to EmbeddedKeycloak (the build copies it from keycloak-provider);"
                + " found none. Build through Maven (./mvnw).");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + PROVIDER_RESOURCE, e);
    }
  }

  /**
   * Runs {@code kc.sh build} once per set of build options and provider jar: the provider is copied
   * into {@code providers/} first, and a changed provider builds again.
   */
  private static void buildOnce(Path home) {
    byte[] provider = provider();
    String providerHash;
    try {
      providerHash =
          HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(provider))
              .substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String marker =
        "mamori-build-" + Integer.toHexString(BUILD_OPTIONS.hashCode()) + "-" + providerHash;
    Path markerFile = home.resolve(marker);
    if (Files.exists(markerFile)) {
      return;
    }
    Path lockFile = home.resolve(".mamori-build.lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.exists(markerFile)) {
        return;
      }
      try (var stale = Files.newDirectoryStream(home, "mamori-build-*")) {
        for (Path old : stale) {
          Files.delete(old);
        }
      }
      Files.createDirectories(home.resolve("providers"));
      Files.write(home.resolve("providers").resolve(PROVIDER_RESOURCE), provider);
      List<String> command = new ArrayList<>(List.of("bash", "bin/kc.sh", "build"));
      command.addAll(BUILD_OPTIONS);
      Path buildLog = home.resolve("log/keycloak-build.log");
      Files.createDirectories(buildLog.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(buildLog.toFile());
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      log.info("Building Keycloak once in {} ({})", home, String.join(" ", BUILD_OPTIONS));
      Process build = builder.start();
      if (!build.waitFor(5, TimeUnit.MINUTES)) {
        build.destroyForcibly();
        throw new IllegalStateException(
            "kc.sh build did not finish within 5 minutes; see " + buildLog);
      }
      if (build.exitValue() != 0) {
        throw new IllegalStateException(
            "kc.sh build failed with exit code "
                + build.exitValue()
                + "; last lines of "
                + buildLog
                + ":\n"
                + tail(buildLog, 30));
      }
      Files.writeString(markerFile, String.join(" ", BUILD_OPTIONS));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not build Keycloak in " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building Keycloak", e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with code "
                + process.exitValue()
                + " during start-up; last lines of "
                + logFile
                + ":\n"
                + tail(logFile, 40));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
      }
      sleep(Duration.ofMillis(500));
    }
    close();
    throw new IllegalStateException(
        "Keycloak was not ready within "
            + START_TIMEOUT.toSeconds()
            + " s; last lines of "
            + logFile
            + ":\n"
            + tail(logFile, 40));
  }

  /** Base URL as browsers and clients must use it (a host name, so that WebAuthn works). */
  public String baseUrl() {
    return "http://localhost:" + httpPort;
  }

  /**
   * Base URL of the HTTPS listener (mutual TLS requested).
   *
   * @throws IllegalStateException if this Keycloak was started without {@link Tls}
   */
  public String httpsBaseUrl() {
    if (httpsPort < 0) {
      throw new IllegalStateException(
          "expected a Keycloak started with TLS (EmbeddedKeycloak.start(home, tls)); found one"
              + " with HTTP only");
    }
    return "https://localhost:" + httpsPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /**
   * An admin client on the master realm as the bootstrap administrator, with {@link
   * KeycloakTimeouts#DEFAULT}. The caller closes it. The admin client refreshes its token itself
   * (the master realm's tokens live 60 s).
   */
  public Keycloak adminClient() {
    return adminClient(KeycloakTimeouts.DEFAULT);
  }

  /** As {@link #adminClient()}, waiting at most {@code timeouts} for this Keycloak. */
  public Keycloak adminClient(KeycloakTimeouts timeouts) {
    return KeycloakAdminClient.connect(
        new KeycloakSettings(
            baseUrl(), "master", "admin-cli", ADMIN_USERNAME, adminPassword, "master", timeouts));
  }

  /**
   * The Keycloak server's JVM (the process {@code kc.sh} starts), for tests that take the server
   * away: freeze it ({@code SIGSTOP}), let it go on, or kill it.
   */
  public ProcessHandle serverProcess() {
    return process
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElse(process.toHandle());
  }

  /** Credentials for configuring Mamori against this instance (the admin username and password). */
  public AdminCredentials adminCredentials() {
    return new AdminCredentials(ADMIN_USERNAME, adminPassword);
  }

  /** The bootstrap administrator; {@code toString()} never shows the password. */
  public record AdminCredentials(String username, String password) {
    @Override
    public String toString() {
      return "AdminCredentials[username=" + username + ", password=***]";
    }
  }

  /**
   * Stops Keycloak: a graceful stop (SIGTERM to the server JVM that {@code kc.sh} started, then to
   * the script), forced after 20 s. Idempotent.
   */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        child.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        child.destroyForcibly();
      }
    }
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKeycloak[" + baseUrl() + ", alive=" + process.isAlive() + "]";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
