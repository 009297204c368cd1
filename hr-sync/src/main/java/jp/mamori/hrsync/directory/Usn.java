package jp.mamori.hrsync.directory;

import java.util.Optional;

/**
 * A domain controller's update sequence number and the DC it belongs to: {@code
 * usn:<number>@<dnsHostName>}.
 */
record Usn(long value, String server) {
  static final String PREFIX = "usn:";

  String mark() {
    return PREFIX + value + "@" + server;
  }

  static Optional<Usn> parse(String mark) {
    int at = mark.indexOf('@');
    if (!mark.startsWith(PREFIX) || at < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Usn(Long.parseLong(mark.substring(PREFIX.length(), at)), mark.substring(at + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
