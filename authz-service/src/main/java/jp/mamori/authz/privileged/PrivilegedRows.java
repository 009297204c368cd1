package jp.mamori.authz.privileged;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stored form of the privileged records' text: a set of usernames (space-separated, sorted),
 * text cut to its column's length. For {@link PrivilegedStore} and {@link PrivilegedEventStore}.
 */
final class PrivilegedRows {

  private PrivilegedRows() {}

  static String cut(String text, int max) {
    return text == null ? null : text.length() > max ? text.substring(0, max) : text;
  }

  /** A set of usernames as stored: space-separated, sorted. */
  static String join(Set<String> names) {
    return String.join(" ", new TreeSet<>(names));
  }

  static Set<String> split(String names) {
    return names == null || names.isBlank()
        ? Set.of()
        : Set.copyOf(Arrays.asList(names.strip().split("\\s+")));
  }
}
