package jp.mamori.hrsync.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Snapshots as files in a directory ({@code <target>.snapshot.gz}, see {@link SnapshotCodec}),
 * replaced atomically: a run killed while saving leaves the previous snapshot.
 */
public final class FileSnapshotStore implements SnapshotStore {

  private final Path directory;

  public FileSnapshotStore(Path directory) {
    this.directory = directory;
  }

  private Path file(Target target) {
    return directory.resolve(target.name().toLowerCase(Locale.ROOT) + ".snapshot.gz");
  }

  @Override
  public Optional<Snapshot> load(Target target) {
    java.io.InputStream in;
    try {
      in = Files.newInputStream(file(target));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file(target), e);
    }
    try {
      return Optional.of(SnapshotCodec.read(in)); // streamed: no array of the whole file
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file(target) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String save(Target target, Snapshot snapshot) {
    Path file = file(target);
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
      try (java.io.OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        SnapshotCodec.write(snapshot, out); // streamed: no array of the whole snapshot
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
    return version(target)
        .orElseThrow(() -> new IllegalStateException("just written and gone: " + file));
  }

  /** The file's modification time and size (a new file replaces the old one on every save). */
  @Override
  public Optional<String> version(Target target) {
    try {
      var attributes =
          Files.readAttributes(file(target), java.nio.file.attribute.BasicFileAttributes.class);
      return Optional.of(
          attributes.lastModifiedTime().toInstant()
              + "/"
              + attributes.size()
              + "/"
              + attributes.fileKey());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file(target), e);
    }
  }

  @Override
  public void clear(Target target) {
    try {
      Files.deleteIfExists(file(target));
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + file(target), e);
    }
  }
}
