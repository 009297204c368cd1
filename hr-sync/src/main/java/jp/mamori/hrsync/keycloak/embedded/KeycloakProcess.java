package jp.mamori.hrsync.keycloak.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keycloak process of {@link EmbeddedKeycloak}: the command line and environment for its {@link
 * EmbeddedKeycloak.Options} (secrets in the environment, never on the command line), the start on
 * free loopback ports, the wait for readiness, and the stop. Building the distribution is {@link
 * KeycloakBuild}'s.
 */
final class KeycloakProcess {

  // logged under EmbeddedKeycloak before the split: keep the logger's name
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKeycloak.class);

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private KeycloakProcess() {}

  /** A started, ready Keycloak: its process, ports ({@code httpsPort} -1 without TLS) and log. */
  record Started(Process process, int httpPort, int httpsPort, Path logFile) {}

  /**
   * Starts the built distribution in {@code buildHome} with {@code options} and waits until it is
   * ready; on a failed start the process is stopped and the exception carries its log's last lines.
   */
  static Started start(
      Path buildHome,
      EmbeddedKeycloak.Options options,
      String adminUsername,
      String adminPassword) {
    int httpPort = freePort();
    int managementPort = freePort();
    Path logFile = buildHome.resolve("log/keycloak-" + httpPort + ".log");
    List<String> command =
        new ArrayList<>(
            List.of("bash", buildHome.resolve("bin/kc.sh").toString(), "start", "--optimized"));
    command.addAll(
        List.of(
            "--http-enabled=true",
            "--http-host=127.0.0.1",
            "--http-port=" + httpPort,
            "--http-management-port=" + managementPort,
            "--hostname=http://localhost:" + httpPort));
    if (options.clustered()) {
      command.addAll(
          List.of(
              "--cache=ispn",
              "--cache-stack=jdbc-ping",
              "--cache-embedded-network-bind-address=127.0.0.1",
              "--cache-embedded-network-bind-port=" + freePort()));
    } else {
      command.add("--cache=local");
    }
    if (options.database() instanceof EmbeddedKeycloak.Postgres postgres) {
      command.addAll(
          List.of("--db-url=" + postgres.jdbcUrl(), "--db-username=" + postgres.username()));
    }
    if (!options.trustedCertificates().isEmpty()) {
      command.add(
          "--truststore-paths="
              + String.join(
                  ",",
                  options.trustedCertificates().stream()
                      .map(p -> p.toAbsolutePath().toString())
                      .toList()));
    }
    EmbeddedKeycloak.Tls tls = options.tls();
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
              .directory(buildHome.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      Map<String, String> env = builder.environment();
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername);
      env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
      if (options.database() instanceof EmbeddedKeycloak.Postgres postgres) {
        env.put("KC_DB_PASSWORD", postgres.password()); // not on the command line
      }
      if (tls != null) {
        env.put(
            "KC_HTTPS_TRUST_STORE_PASSWORD", tls.trustStorePassword()); // not on the command line
      }
      // The dev database lives in Keycloak's heap: a benchmark with tens of thousands of users
      // gives it more (system property mamori.keycloak.heap) so that garbage collection of the
      // stand-in database does not dominate what is measured.
      env.put(
          "JAVA_OPTS_KC_HEAP",
          System.getProperty(EmbeddedKeycloak.HEAP_PROPERTY, "-Xms128m -Xmx1g"));
      log.info(
          "Starting Keycloak from {} on http://localhost:{} ({}{})",
          buildHome,
          httpPort,
          options.database(),
          options.clustered() ? ", clustered" : "");
      Instant began = Instant.now();
      Process process = builder.start();
      awaitReady(process, managementPort, logFile);
      log.info(
          "Keycloak ready on http://localhost:{} after {} s",
          httpPort,
          Duration.between(began, Instant.now()).toSeconds());
      return new Started(process, httpPort, httpsPort, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start Keycloak from " + buildHome, e);
    }
  }

  private static void awaitReady(Process process, int managementPort, Path logFile) {
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
        stop(process);
        throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
      }
      sleep(Duration.ofMillis(500));
    }
    stop(process);
    throw new IllegalStateException(
        "Keycloak was not ready within "
            + START_TIMEOUT.toSeconds()
            + " s; last lines of "
            + logFile
            + ":\n"
            + tail(logFile, 40));
  }

  /**
   * Stops {@code process}: a graceful stop (SIGTERM to the server JVM that {@code kc.sh} started,
   * then to the script), forced after 20 s. Idempotent.
   */
  static void stop(Process process) {
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

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String tail(Path file, int lines) {
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
