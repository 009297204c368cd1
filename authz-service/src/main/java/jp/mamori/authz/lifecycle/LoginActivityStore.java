package jp.mamori.authz.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of the login observation: {@code login_watch} (per target, since when logins are
 * observed and up to when they were read) and {@code login_activity} (each account's last login).
 * Reads and writes rows only; when to read and what a gap means is {@link LoginActivity}'s.
 */
final class LoginActivityStore {

  private final JdbcClient jdbc;

  LoginActivityStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Up to when the target's login events were read; empty before its observation starts. */
  Optional<Instant> watermark(String target) {
    return jdbc.sql("select watermark from login_watch where target = ?")
        .param(target)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** Since when the target's logins are observed; empty before its observation starts. */
  Optional<Instant> observedSince(String target) {
    return jdbc.sql("select observed_since from login_watch where target = ?")
        .param(target)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** Starts the target's observation at {@code now}, unless another run started it meanwhile. */
  void startObservation(String target, Instant now) {
    jdbc.sql(
            "insert into login_watch (target, observed_since, watermark) values (?, ?, ?)"
                + " on conflict do nothing")
        .params(target, Timestamp.from(now), Timestamp.from(now))
        .update();
  }

  /** Starts the target's observation again at {@code now} (the known logins are kept). */
  void restartObservation(String target, Instant now) {
    jdbc.sql("update login_watch set observed_since = ?, watermark = ? where target = ?")
        .params(Timestamp.from(now), Timestamp.from(now), target)
        .update();
  }

  /** The target's login events are read up to {@code now}. */
  void advanceWatermark(String target, Instant now) {
    jdbc.sql("update login_watch set watermark = ? where target = ?")
        .params(Timestamp.from(now), target)
        .update();
  }

  /** Records a login as the account's last, unless a later one is recorded already. */
  void recordLogin(String target, String accountId, Instant time, String ipAddress) {
    jdbc.sql(
            """
            insert into login_activity (target, account_id, last_login, ip_address)
            values (?, ?, ?, ?)
            on conflict (target, account_id) do update
              set last_login = excluded.last_login, ip_address = excluded.ip_address
              where login_activity.last_login < excluded.last_login\
            """)
        .params(target, accountId, Timestamp.from(time), ipAddress)
        .update();
  }

  /** The last recorded login of each account of the target, by account ID. */
  Map<String, Instant> lastLogins(String target) {
    Map<String, Instant> lastLogins = new HashMap<>();
    jdbc.sql("select account_id, last_login from login_activity where target = ?")
        .param(target)
        .query((rs, n) -> lastLogins.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list();
    return lastLogins;
  }

  /** The last recorded login of one account. */
  Optional<Instant> lastLogin(String target, String accountId) {
    return jdbc.sql("select last_login from login_activity where target = ? and account_id = ?")
        .params(target, accountId)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }
}
