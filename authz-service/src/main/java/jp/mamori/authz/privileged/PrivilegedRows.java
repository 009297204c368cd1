package jp.mamori.authz.privileged;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.privileged.PrivilegedAccess.Event;

/**
 * How a row of the privileged tables becomes a record, and the stored form of a set of usernames
 * (space-separated, sorted). For {@link PrivilegedStore} and {@link PrivilegedEvents} only.
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

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
  }

  static PrivilegedAccount toAccount(ResultSet rs, int n) throws SQLException {
    return new PrivilegedAccount(
        rs.getString("id"),
        PrivilegedAccount.Kind.valueOf(rs.getString("kind")),
        rs.getString("target"),
        rs.getString("description"),
        rs.getString("owner"),
        split(rs.getString("eligible")),
        split(rs.getString("approvers")),
        Duration.ofSeconds(rs.getLong("max_duration_s")),
        rs.getBoolean("exclusive"),
        rs.getBoolean("emergency_allowed"),
        rs.getTimestamp("registered_at").toInstant(),
        rs.getString("registered_by"),
        instant(rs, "retired_at"),
        instant(rs, "last_rotated_at"));
  }

  static Checkout toCheckout(ResultSet rs, int n) throws SQLException {
    return new Checkout(
        rs.getLong("id"),
        rs.getString("account_id"),
        rs.getString("requester"),
        rs.getString("purpose"),
        rs.getString("ticket"),
        rs.getBoolean("emergency"),
        Checkout.State.valueOf(rs.getString("state")),
        rs.getTimestamp("requested_at").toInstant(),
        rs.getTimestamp("window_start").toInstant(),
        Duration.ofSeconds(rs.getLong("duration_s")),
        rs.getTimestamp("approval_deadline").toInstant(),
        Optional.ofNullable(rs.getString("approver")),
        instant(rs, "decided_at"),
        instant(rs, "activated_at"),
        instant(rs, "expires_at"),
        instant(rs, "revealed_at"),
        instant(rs, "checked_in_at"),
        Optional.ofNullable(rs.getString("checked_in_by")),
        rs.getInt("rotation_attempts"),
        Optional.ofNullable(rs.getString("last_error")),
        instant(rs, "report_due_at"),
        instant(rs, "reported_at"),
        Optional.ofNullable(rs.getString("after_approver")));
  }

  static Event toEvent(ResultSet rs, int n) throws SQLException {
    long checkout = rs.getLong("checkout_id");
    return new Event(
        rs.getLong("id"),
        rs.getTimestamp("at").toInstant(),
        rs.getString("account_id"),
        rs.wasNull() ? Optional.empty() : Optional.of(checkout),
        rs.getString("action"),
        rs.getString("actor"),
        rs.getString("detail"));
  }
}
