package jp.mamori.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive as a municipality installs it: unpacked into an empty folder, with nothing of the
 * build tree, {@code bin/mamori serve} starts the embedded default (PostgreSQL, the directory and
 * the Keycloak shipped in {@code lib/keycloak/}, unpacked once into the data folder), becomes
 * ready, and stops cleanly on SIGTERM with everything it started. The data folder is kept across
 * runs (under {@code mamori.cache.dir}), so that only the first run pays for unpacking and building
 * Keycloak.
 */
class DistributionIT {

  private static final Path ARCHIVE = Path.of(System.getProperty("mamori.distribution.archive"));
  private static final Path DATA =
      Path.of(
          System.getProperty(
              "mamori.cache.dir", System.getProperty("user.home") + "/.cache/mamori"),
          "distribution-it");

  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path into = Path.of("target", "it-install").toAbsolutePath();
    deleteTree(into);
    Files.createDirectories(into);
    Process tar =
        new ProcessBuilder("tar", "xzf", ARCHIVE.toString(), "-C", into.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor(2, TimeUnit.MINUTES)).as("tar finished within 2 minutes").isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
    String name = ARCHIVE.getFileName().toString().replace(".tar.gz", "");
    home = into.resolve(name);
    assertThat(home.resolve("bin/mamori")).isExecutable();
  }

  @Test
  void helpWhenAskedThenEveryCommandIsListedAndNothingStarts() throws Exception {
    Result help = run(List.of("--help"), Map.of(), Duration.ofMinutes(1));

    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("serve", "check-hr", "plan", "apply", "audit verify", "audit keygen", "report");
    Result one = run(List.of("audit", "verify", "--help"), Map.of(), Duration.ofMinutes(1));
    assertThat(one.exit()).isZero();
    assertThat(one.out()).contains("監査ログの改ざん検証").contains("Verifies the audit log");
  }

  @Test
  void serveWhenTheConfiguredKeycloakIsMissingThenOneLineSaysWhereItLookedAndNoStackTrace()
      throws Exception {
    Path empty = Files.createDirectories(Path.of("target", "no-keycloak").toAbsolutePath());

    Result result =
        run(
            List.of("serve", "--server.port=" + freePort()),
            Map.of("MAMORI_KEYCLOAK_HOME", empty.toString()),
            Duration.ofMinutes(3));

    assertThat(result.exit()).isNotZero();
    assertThat(result.out())
        .contains("Keycloak が見つかりません")
        .contains("Keycloak not found: expected bin/kc.sh in the configured mamori.keycloak.home")
        .contains(empty.toString())
        .doesNotContain("\tat ");
  }

  @Test
  void serveWhenStartedFromTheArchiveThenReadyAndStopsCleanly() throws Exception {
    int port = freePort();
    Path log = Path.of("target", "distribution-serve.log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(home.resolve("bin/mamori").toString(), "serve", "--server.port=" + port)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("MAMORI_DATA_DIR", DATA.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAMORI_KEYCLOAK_HOME");
    Process mamori = builder.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
      // the first run on a machine unpacks and builds Keycloak (minutes on two busy cores)
      Poll.until(
          "Mamori from the archive ready on " + readiness + " (log: " + log + ")",
          Duration.ofMinutes(8),
          () -> {
            if (!mamori.isAlive()) {
              throw new AssertionError(
                  "bin/mamori serve exited with "
                      + mamori.exitValue()
                      + "; its output:\n"
                      + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
              // 503 until the start-up work (the realm written from the policy) is done
              HttpResponse<String> answer =
                  http.send(
                      HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
                      HttpResponse.BodyHandlers.ofString());
              return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
            } catch (IOException e) {
              return false; // not listening yet
            }
          });
      assertThat(DATA.resolve("keycloak-" + keycloakVersion()).resolve("bin/kc.sh"))
          .as("Keycloak unpacked from the archive into the data folder")
          .isRegularFile();
      List<ProcessHandle> started = mamori.descendants().toList();
      assertThat(started).as("Keycloak and PostgreSQL run as child processes").isNotEmpty();

      mamori.toHandle().destroy(); // SIGTERM, as systemd stops it
      assertThat(mamori.waitFor(90, TimeUnit.SECONDS))
          .as("stopped within 90 s of SIGTERM")
          .isTrue();
      assertThat(mamori.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
      Poll.until(
          "every process bin/mamori started has stopped: " + started,
          Duration.ofSeconds(60),
          () -> started.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      if (mamori.isAlive()) {
        mamori.descendants().forEach(ProcessHandle::destroyForcibly);
        mamori.destroyForcibly();
      }
    }
  }

  private record Result(int exit, String out) {}

  private static Result run(List<String> args, Map<String, String> env, Duration timeout)
      throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(home.resolve("bin/mamori").toString());
    command.addAll(args);
    Path out = Files.createTempFile(Path.of("target"), "mamori-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("MAMORI_DATA_DIR", DATA.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(
          "bin/mamori "
              + args
              + " did not finish within "
              + timeout
              + ":\n"
              + Files.readString(out));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private static String keycloakVersion() throws IOException {
    try (var zips = Files.newDirectoryStream(home.resolve("lib/keycloak"), "*.zip")) {
      String name = zips.iterator().next().getFileName().toString();
      return name.replace("keycloak-quarkus-dist-", "").replace(".zip", "");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
