package jp.mamori.authz.privileged;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL behind {@link PrivilegedQueries}: reads only. Public so that the report's one-database
 * constructor (and tests) can build it; the service gets it from {@code PrivilegedConfiguration}.
 */
public final class PrivilegedQueryStore implements PrivilegedQueries {

  private final JdbcClient jdbc;

  public PrivilegedQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<AccountUse> accountUse(Instant since) {
    Timestamp from = Timestamp.from(since);
    return jdbc.sql(
            """
            select a.id, a.description, a.owner, a.eligible, a.approvers, a.max_duration_s,
                   a.last_rotated_at,
                   (select count(*) from privileged_checkout c where c.account_id = a.id
                      and c.activated_at >= ?) as uses,
                   (select coalesce(sum(extract(epoch from (coalesce(c.checked_in_at, now())
                      - c.activated_at))), 0) from privileged_checkout c
                      where c.account_id = a.id and c.activated_at >= ?) as seconds,
                   (select count(*) from privileged_checkout c where c.account_id = a.id
                      and c.emergency and c.requested_at >= ?) as emergencies,
                   (select string_agg(c.requester, ' ') from privileged_checkout c
                      where c.account_id = a.id and c.state = 'ACTIVE') as holder
            from privileged_account a where a.retired_at is null order by a.id
            """)
        .params(from, from, from)
        .query((rs, i) -> {
          Timestamp rotated = rs.getTimestamp("last_rotated_at");
          String holder = rs.getString("holder");
          return new AccountUse(
              rs.getString("id"),
              rs.getString("description"),
              rs.getString("owner"),
              List.of(rs.getString("eligible").split(",", -1)),
              List.of(rs.getString("approvers").split(",", -1)),
              rs.getLong("uses"),
              rs.getDouble("seconds"),
              rs.getLong("emergencies"),
              holder == null ? "" : holder,
              Optional.ofNullable(rotated).map(Timestamp::toInstant));
        })
        .list();
  }

  @Override
  public CheckoutCounts checkoutCounts(Instant now) {
    return jdbc.sql(
            "select"
                + " count(*) filter (where state = 'REQUESTED'),"
                + " count(*) filter (where state = 'ACTIVE'),"
                + " count(*) filter (where state = 'ACTIVE' and expires_at < ?),"
                + " count(*) filter (where state = 'ROTATION_PENDING')"
                + " from privileged_checkout")
        .param(Timestamp.from(now))
        .query(
            (rs, n) -> new CheckoutCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
        .single();
  }
}
