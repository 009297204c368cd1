package jp.mamori.hrsync.keycloak.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Keycloak distribution the embedded default starts: a configured directory (an unpacked
 * {@code keycloak-quarkus-dist}), or the distribution archive shipped with Mamori ({@code
 * lib/keycloak/keycloak-quarkus-dist-*.zip} in the installed archive), unpacked once into a
 * writable folder — nothing is downloaded, nothing of the build tree is needed.
 */
public final class KeycloakHome {

  private static final Logger log = LoggerFactory.getLogger(KeycloakHome.class);

  private static final String ARCHIVE_GLOB = "keycloak-quarkus-dist-*.zip";
  private static final String UNPACKED_MARKER = ".mamori-unpacked";

  private KeycloakHome() {}

  /**
   * Where to look.
   *
   * @param configured a directory named by the configuration ({@code mamori.keycloak.home}, {@code
   *     MAMORI_KEYCLOAK_HOME}); when present, it alone is used
   * @param archiveFolders folders that may hold the shipped distribution archive, in order
   * @param unpackInto the writable folder the archive is unpacked into (once per version)
   */
  public record Search(Optional<Path> configured, List<Path> archiveFolders, Path unpackInto) {
    public Search {
      archiveFolders = List.copyOf(archiveFolders);
    }
  }

  /** No Keycloak distribution where it was looked for; the message says where, in one line. */
  public static final class NotFound extends IllegalStateException {
    public NotFound(String message) {
      super(message);
    }
  }

  /**
   * The directory holding {@code bin/kc.sh}, unpacking the shipped archive first if needed.
   *
   * @throws NotFound if the configured directory holds no {@code bin/kc.sh}, or nothing is
   *     configured and no archive is in {@code archiveFolders}
   */
  public static Path find(Search search) {
    if (search.configured().isPresent()) {
      Path home = search.configured().get().toAbsolutePath();
      if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
        return home;
      }
      throw new NotFound(
          "Keycloak が見つかりません: 設定された mamori.keycloak.home ("
              + home
              + ") に bin/kc.sh がありません / Keycloak not found: expected bin/kc.sh in the"
              + " configured mamori.keycloak.home (MAMORI_KEYCLOAK_HOME) "
              + home
              + "; found none");
    }
    for (Path folder : search.archiveFolders()) {
      Optional<Path> archive = archiveIn(folder);
      if (archive.isPresent()) {
        return unpackOnce(archive.get(), search.unpackInto());
      }
    }
    Optional<Path> unpacked = unpackedIn(search.unpackInto());
    if (unpacked.isPresent()) {
      log.info("Using the Keycloak unpacked earlier in {}", unpacked.get());
      return unpacked.get();
    }
    throw new NotFound(
        "Keycloak が見つかりません: mamori.keycloak.home (MAMORI_KEYCLOAK_HOME) を設定するか、"
            + ARCHIVE_GLOB
            + " を次の場所に置いてください / Keycloak not found: expected mamori.keycloak.home"
            + " (MAMORI_KEYCLOAK_HOME) naming an unpacked Keycloak, "
            + ARCHIVE_GLOB
            + " in "
            + search.archiveFolders().stream().map(p -> p.toAbsolutePath().toString()).toList()
            + ", or keycloak-*/bin/kc.sh in "
            + search.unpackInto().toAbsolutePath()
            + "; found none");
  }

  /**
   * A distribution unpacked earlier into {@code folder} — by a previous start, or by the Maven
   * build (its cache folder is the default when Mamori runs from the build tree): the newest by
   * name.
   */
  private static Optional<Path> unpackedIn(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try (var homes = Files.newDirectoryStream(folder, "keycloak-*")) {
      List<Path> found = new ArrayList<>();
      homes.forEach(home -> {
        // keycloak-<version> only: not a copy built for another database (…-postgres)
        if (home.getFileName().toString().matches("keycloak-\\d+(\\.\\d+)*")
            && Files.isRegularFile(home.resolve("bin/kc.sh"))) {
          found.add(home.toAbsolutePath());
        }
      });
      return found.stream()
          .max(
              Comparator.comparing(
                  home -> Runtime.Version.parse(home.getFileName().toString().substring(9))));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + folder, e);
    }
  }

  private static Optional<Path> archiveIn(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try (var archives = Files.newDirectoryStream(folder, ARCHIVE_GLOB)) {
      List<Path> found = new ArrayList<>();
      archives.forEach(found::add);
      return found.stream().max(Comparator.comparing(Path::toString));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + folder, e);
    }
  }

  /**
   * Unpacks {@code archive} into {@code into} once: its single top folder ({@code
   * keycloak-<version>}) becomes {@code into/keycloak-<version>}, marked complete only when every
   * entry is written, so that an interrupted unpack is redone. Concurrent starts wait for each
   * other (a file lock).
   */
  static Path unpackOnce(Path archive, Path into) {
    try {
      Files.createDirectories(into);
      try (FileChannel channel =
              FileChannel.open(
                  into.resolve(".mamori-unpack.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock();
          ZipFile zip = new ZipFile(archive.toFile())) {
        String top = topFolder(zip, archive);
        Path home = into.resolve(top).toAbsolutePath().normalize();
        Path marker = home.resolve(UNPACKED_MARKER);
        // the archive by name and size: the same archive in a moved installation is not unpacked
        // again (that would throw away Keycloak's build)
        String unpacked = archive.getFileName() + " " + Files.size(archive);
        if (Files.exists(marker)
            && Files.readString(marker, StandardCharsets.UTF_8).equals(unpacked)) {
          return home;
        }
        log.info("Unpacking Keycloak from {} into {} (once)", archive, home);
        deleteTree(home);
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          Path target = into.resolve(entry.getName()).toAbsolutePath().normalize();
          if (!target.startsWith(home)) {
            throw new IllegalStateException(
                "expected every entry of " + archive + " under " + top + "/; found " + entry);
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
            continue;
          }
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          if (entry.getName().endsWith(".sh")) {
            target.toFile().setExecutable(true, false);
          }
        }
        Files.writeString(marker, unpacked, StandardCharsets.UTF_8);
        return home;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not unpack Keycloak from " + archive + " into " + into, e);
    }
  }

  private static String topFolder(ZipFile zip, Path archive) {
    return zip.stream()
        .map(e -> e.getName().split("/", 2)[0])
        .filter(name -> name.startsWith("keycloak-"))
        .findFirst()
        .orElseThrow(() ->
            new IllegalStateException(
                "expected a keycloak-<version>/ folder in " + archive + "; found none"));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
