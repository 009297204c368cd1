package jp.mamori.hrsync.reconcile;

import java.time.Duration;

/**
 * Whether the directory answers now (readiness), as the operations feature reports it. The core
 * owns this port; the LDAP implementation is {@code LdapDirectory}. A refusal is an answer here,
 * not an exception, so that the reader needs no adapter's exception type.
 */
@FunctionalInterface
public interface DirectoryHealth {

  /** What a probe saw: where, how long, and the pool's idle and maximum connections. */
  record Ping(
      String endpoint,
      String peopleDn,
      Duration roundTrip,
      int idleConnections,
      int maxConnections) {}

  /** How a probe went. */
  sealed interface Probe permits Answered, Failed {}

  /** The directory answered. */
  record Answered(Ping ping) implements Probe {}

  /**
   * The directory did not answer, refused, or the base entry is gone.
   *
   * @param resultCode the directory's result code, as text
   * @param retryable whether trying again later can help
   * @param message what was tried and what answered (never a credential)
   */
  record Failed(String resultCode, boolean retryable, String message) implements Probe {}

  /** Reads the people subtree's base entry with no attributes and says how it went. */
  Probe probe();
}
