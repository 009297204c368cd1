package jp.mamori.hrsync.hr;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An HR export that cannot be read at all: the file is missing or unreadable, too large, empty, or
 * its header lacks a required column. Problems of single rows are not exceptions but {@link
 * HrRowProblem}s.
 *
 * <p>Checked, because a sync run must decide what to do without the file — typically: stop before
 * changing any account, and tell the operator. The message names the file and what was expected; it
 * never contains row values.
 */
public final class HrFileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * @param file the file that could not be read
   * @param message what was wrong and what was expected; no row values
   */
  public HrFileException(Path file, String message) {
    this(file, message, null);
  }

  /**
   * @param file the file that could not be read
   * @param message what was wrong and what was expected; no row values
   * @param cause the underlying exception, or {@code null}
   */
  public HrFileException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
