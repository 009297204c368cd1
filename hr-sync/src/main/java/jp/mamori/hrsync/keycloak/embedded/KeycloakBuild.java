package jp.mamori.hrsync.keycloak.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kc.sh build}, once per distribution directory, set of build options and provider jar.
 *
 * <p>The database vendor is a build option of Keycloak. A build for PostgreSQL therefore gets a
 * directory of its own, copied once from the unpacked distribution ({@code <home>-postgres}): the
 * demo and the tests on the in-memory database keep using {@code <home>} unchanged, even while a
 * Keycloak on PostgreSQL runs beside them.
 */
final class KeycloakBuild {

  private static final Logger log = LoggerFactory.getLogger(KeycloakBuild.class);

  /** Mamori's Keycloak provider, packed into this jar by the build (see keycloak-provider/). */
  static final String PROVIDER_RESOURCE = "mamori-keycloak-provider.jar";

  /**
   * Build-time options besides the database. {@code https-client-auth} is one: certificates are
   * asked for only where an HTTPS listener exists; a start without one is unaffected.
   */
  private static final List<String> COMMON_OPTIONS =
      List.of(
          "--health-enabled=true", "--transaction-xa-enabled=false", "--https-client-auth=request");

  /** What is not copied into a second build directory: data, logs and the first build's marks. */
  private static final Set<String> NOT_COPIED = Set.of("data", "log", ".mamori-build.lock");

  private KeycloakBuild() {}

  /**
   * The directory to start Keycloak from for {@code database}, built: {@code home} itself for the
   * in-memory database, a copy of it for PostgreSQL.
   */
  static Path prepare(Path home, EmbeddedKeycloak.Database database) {
    Path buildHome =
        switch (database) {
          case EmbeddedKeycloak.DevMem ignored -> home;
          case EmbeddedKeycloak.Postgres ignored -> copyOnce(home, "postgres");
        };
    buildOnce(buildHome, options(database));
    return buildHome;
  }

  static List<String> options(EmbeddedKeycloak.Database database) {
    List<String> options = new ArrayList<>();
    options.add(
        switch (database) {
          case EmbeddedKeycloak.DevMem ignored -> "--db=dev-mem";
          case EmbeddedKeycloak.Postgres ignored -> "--db=postgres";
        });
    options.addAll(COMMON_OPTIONS);
    return List.copyOf(options);
  }

  /** {@code <home>-<suffix>}: a copy of the distribution in {@code home}, made once. */
  private static Path copyOnce(Path home, String suffix) {
    Path copy = home.resolveSibling(home.getFileName() + "-" + suffix);
    Path marker = copy.resolve(".mamori-copied");
    if (Files.exists(marker)) {
      return copy;
    }
    Path lockFile = home.resolveSibling("." + home.getFileName() + "-" + suffix + ".lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.exists(marker)) {
        return copy;
      }
      log.info("Copying the Keycloak distribution {} to {} for a {} build", home, copy, suffix);
      Files.walkFileTree(
          home,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(home) && dir.getParent().equals(home) && skipped(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              Files.createDirectories(copy.resolve(home.relativize(dir)));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (!(file.getParent().equals(home) && skipped(file))) {
                Files.copy(
                    file,
                    copy.resolve(home.relativize(file)),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
              }
              return FileVisitResult.CONTINUE;
            }
          });
      Files.writeString(marker, home.toString(), StandardCharsets.UTF_8);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy Keycloak from " + home + " to " + copy, e);
    }
  }

  private static boolean skipped(Path entry) {
    String name = entry.getFileName().toString();
    return NOT_COPIED.contains(name) || name.startsWith("mamori-build-");
  }

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
  private static void buildOnce(Path home, List<String> buildOptions) {
    byte[] provider = provider();
    String providerHash;
    try {
      providerHash =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(provider))
              .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String marker =
        "mamori-build-" + Integer.toHexString(buildOptions.hashCode()) + "-" + providerHash;
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
      command.addAll(buildOptions);
      Path buildLog = home.resolve("log/keycloak-build.log");
      Files.createDirectories(buildLog.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(buildLog.toFile());
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      log.info("Building Keycloak once in {} ({})", home, String.join(" ", buildOptions));
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
                + KeycloakProcess.tail(buildLog, 30));
      }
      Files.writeString(markerFile, String.join(" ", buildOptions));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not build Keycloak in " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building Keycloak", e);
    }
  }
}
