package jp.mamori.authz.lifecycle;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of {@code orphan_seen}: the first day each orphan account was seen, by {@code
 * target:accountId}. Which accounts are orphans is {@link OrphanMemory}'s.
 */
final class OrphanStore {

  private final JdbcClient jdbc;

  OrphanStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every remembered orphan with the first day it was seen. */
  Map<String, LocalDate> since() {
    Map<String, LocalDate> seen = new HashMap<>();
    jdbc.sql("select account_key, first_seen from orphan_seen")
        .query((rs, n) -> {
          seen.put(rs.getString(1), rs.getDate(2).toLocalDate());
          return null;
        })
        .list();
    return seen;
  }

  /** Remembers {@code day} as the first day the orphan was seen, unless it was seen before. */
  void seen(String accountKey, LocalDate day) {
    jdbc.sql(
            "insert into orphan_seen (account_key, first_seen) values (?, ?) on conflict do nothing")
        .params(accountKey, Date.valueOf(day))
        .update();
  }

  void forget(String accountKey) {
    jdbc.sql("delete from orphan_seen where account_key = ?").param(accountKey).update();
  }
}
