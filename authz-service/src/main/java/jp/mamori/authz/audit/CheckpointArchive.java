package jp.mamori.authz.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.policy.Enforces;

/**
 * Copies of the signed checkpoints kept outside the database (AU-2): a folder of append-only files,
 * one per month ({@code checkpoints-2027-04.jws}), one checkpoint per line (its JWS, compact
 * serialization). Someone who can change the database — delete the newest events, or every event
 * together with the checkpoints stored beside them — cannot reach these copies, and the
 * verification holds the database against them.
 *
 * <p>The folder ({@code mamori.audit.checkpoint-dir}) is created readable by its owner only, and so
 * is each file. In production it should be a folder the database's administrators cannot write: a
 * remote mount of another system, or one made append-only / WORM (e.g. {@code chattr +a} on each
 * file, or a storage with retention lock). A line is forced to the medium before the checkpoint is
 * committed in the database, so the database never holds a checkpoint the folder lacks; when the
 * folder cannot be written, no checkpoint is made at all (and the scheduled job raises an alert).
 *
 * <p>Several instances may share the folder: a line is appended under a file lock.
 */
@Enforces(
    value = {"AU-2"},
    ja = "署名付きチェックポイントの写しをデータベースの外 (追記のみのフォルダー) に保管する",
    en = "Keeps copies of the signed checkpoints outside the database, in an append-only folder")
final class CheckpointArchive {

  /** One line of a file: where it was read, and its text. */
  public record Line(Path file, int number, String text) {
    /** Where the line was read, for a finding: {@code line 3 of /…/checkpoints-2027-04.jws}. */
    public String where() {
      return "line " + number + " of " + file;
    }
  }

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  private final Path folder;

  private CheckpointArchive(Path folder) {
    this.folder = folder;
  }

  /**
   * The archive in {@code folder}, created (with its parents, owner-only) when missing.
   *
   * @throws IllegalStateException naming the setting when the folder cannot be made or written
   */
  public static CheckpointArchive open(Path folder) {
    Path dir = folder.toAbsolutePath();
    try {
      if (!Files.exists(dir)) {
        try {
          Files.createDirectories(dir, ownerOnly("rwx------"));
        } catch (UnsupportedOperationException e) {
          Files.createDirectories(dir); // not a POSIX file system: the administrator protects it
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "expected a folder for the audit checkpoints kept outside the database at "
              + dir
              + " (mamori.audit.checkpoint-dir); could not create it: "
              + e.getMessage(),
          e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new IllegalStateException(
          "expected a folder this service can write at "
              + dir
              + " (mamori.audit.checkpoint-dir, the audit checkpoints kept outside the database);"
              + " found "
              + (Files.isDirectory(dir) ? "a folder it cannot write" : "a file"));
    }
    return new CheckpointArchive(dir);
  }

  public Path folder() {
    return folder;
  }

  /** The file that holds the checkpoints signed in the month of {@code c}. */
  Path fileFor(Checkpoint c) {
    return folder.resolve("checkpoints-" + MONTH.format(c.at()) + ".jws");
  }

  /**
   * Appends the checkpoint as one line and forces it to the medium; the file is created owner-only
   * when it is the month's first.
   *
   * @throws UncheckedIOException when the line could not be written (the caller's transaction is
   *     then rolled back: no checkpoint in the database without its copy)
   */
  public synchronized void append(Checkpoint c) {
    if (c.jws().indexOf('\n') >= 0 || c.jws().indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "expected a checkpoint's JWS in compact serialization (one line); found a line break");
    }
    Path file = fileFor(c);
    byte[] line = (c.jws() + "\n").getBytes(StandardCharsets.US_ASCII);
    try (FileChannel channel = openForAppend(file);
        FileLock lock = channel.lock()) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not append the audit checkpoint of event "
              + c.seq()
              + " to "
              + file
              + " (mamori.audit.checkpoint-dir): nothing signed",
          e);
    }
  }

  private static FileChannel openForAppend(Path file) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    try {
      return FileChannel.open(file, options, ownerOnly("rw-------"));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(file, options);
    }
  }

  private static FileAttribute<?> ownerOnly(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }

  /**
   * Every non-blank line of every checkpoint file, the files in the order of their months; none for
   * a folder with no file yet (a new installation).
   *
   * @throws UncheckedIOException when a file cannot be read
   */
  public List<Line> lines() {
    List<Line> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("checkpoints-\\d{4}-\\d{2}\\.jws"))
              .sorted()
              .toList()) {
        // Latin-1 reads any byte: a damaged line is reported as such, not a failed verification
        List<String> text = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.size(); i++) {
          if (!text.get(i).isBlank()) {
            lines.add(new Line(file, i + 1, text.get(i)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the audit checkpoints kept outside the database in "
              + folder
              + " (mamori.audit.checkpoint-dir)",
          e);
    }
    return lines;
  }

  @Override
  public String toString() {
    return "CheckpointArchive[" + folder + "]";
  }
}
