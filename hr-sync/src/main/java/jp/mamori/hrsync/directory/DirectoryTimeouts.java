package jp.mamori.hrsync.directory;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the connector waits for the directory: to open a connection, and for the answer to each
 * request (the bind included). These bound how long a run can hang on a server that accepts
 * connections but no longer answers (a frozen process, a full disk, a dead network path with the
 * TCP connection still open).
 *
 * <p>On a server that stops answering, a search fails after about {@code connect + 2 × response}
 * (it times out on its pooled connection and is tried once more on a new one, whose bind times
 * out), and an apply stops after about {@code 2 × response} (the changes in flight time out, so
 * does the pool's bind of a connection to replace theirs, and no new change is sent: {@link
 * DirectoryException#serverFailure()}) — not after one timeout per planned change. Measured on a
 * frozen slapd (SIGSTOP) with connect 2 s and response 3 s: 6.0 s and 6.2 s.
 *
 * @param connect the TCP connection (and TLS handshake) to the server; 1 s to 1 min, default 5 s
 * @param response the answer to one request; 1 s to 10 min, default 15 s — long enough for the
 *     largest page of a search (500 entries) on a busy server, short enough that a hung server
 *     stops a run within a minute
 */
public record DirectoryTimeouts(Duration connect, Duration response) {

  /** 5 s to connect, 15 s for each answer. */
  public static final DirectoryTimeouts DEFAULT =
      new DirectoryTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15));

  public DirectoryTimeouts {
    requireWithin(connect, "connectTimeout", Duration.ofSeconds(1), Duration.ofMinutes(1));
    requireWithin(response, "responseTimeout", Duration.ofSeconds(1), Duration.ofMinutes(10));
  }

  private static void requireWithin(Duration value, String setting, Duration min, Duration max) {
    Objects.requireNonNull(value, setting + " must be a duration between " + min + " and " + max);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          setting + ": expected a duration between " + min + " and " + max + ", found " + value);
    }
  }
}
