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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mamori.testing.Poll;

/** The built archive unpacked into a folder of its own, and {@code bin/mamori} run from it. */
final class Installation {

  /** The archive the build made. */
  static final Path ARCHIVE = Path.of(System.getProperty("mamori.distribution.archive"));

  /** What a command printed (standard output and error) and its exit code. */
  record Result(int exit, String out) {}

  final Path home;
  private final Map<String, String> environment;

  private Installation(Path home, Map<String, String> environment) {
    this.home = home;
    this.environment = environment;
  }

  /**
   * Unpacks the archive into {@code folder} (emptied first).
   *
   * @param environment what every {@code bin/mamori} run gets in its environment besides JAVA_HOME
   */
  static Installation unpack(Path folder, Map<String, String> environment) throws Exception {
    deleteTree(folder);
    Files.createDirectories(folder);
    Process tar =
        new ProcessBuilder("tar", "xzf", ARCHIVE.toString(), "-C", folder.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor(2, TimeUnit.MINUTES)).as("tar finished within 2 minutes").isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
    Path home = folder.resolve(ARCHIVE.getFileName().toString().replace(".tar.gz", ""));
    assertThat(home.resolve("bin/mamori")).isExecutable();
    return new Installation(home, environment);
  }

  /** Runs {@code bin/mamori args…} to its end. */
  Result run(List<String> args, Duration timeout) throws Exception {
    return run(args, Map.of(), timeout);
  }

  /** Runs {@code bin/mamori args…} to its end with {@code extra} added to its environment. */
  Result run(List<String> args, Map<String, String> extra, Duration timeout) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/mamori").toString());
    command.addAll(args);
    Path out = Files.createTempFile(Path.of("target"), "mamori-", ".out");
    ProcessBuilder builder = builder(command).redirectOutput(out.toFile());
    builder.environment().putAll(extra);
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

  /** Starts {@code bin/mamori serve args…}, its output into {@code log}. */
  Process serve(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/mamori").toString(), "serve"));
    command.addAll(args);
    return builder(command).redirectOutput(log.toFile()).start();
  }

  /**
   * Waits until the health group at {@code url} answers 200 and UP, failing at once with the log
   * when the process ends.
   */
  static void awaitReady(Process process, URI url, Path log, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Poll.until(
        "Mamori ready on " + url + " (log: " + log + ")",
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "bin/mamori serve exited with "
                    + process.exitValue()
                    + "; its output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
          }
          try {
            // 503 until the start-up work (the realm written from the policy) is done
            HttpResponse<String> answer =
                http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
          } catch (IOException e) {
            return false; // not listening yet
          }
        });
  }

  /** Stops a started service as systemd does (SIGTERM), forcibly if it does not stop in time. */
  static void stop(Process process) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> started = process.descendants().toList();
    process.toHandle().destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      started.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private ProcessBuilder builder(List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAMORI_KEYCLOAK_HOME");
    builder.environment().putAll(environment);
    return builder;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
