package jp.mamori.authz.privileged;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.privileged.PrivilegedAccess.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The record of every privileged-ID step, {@code privileged_event}, each written with its entry in
 * the signed audit chain ({@code PRIVILEGED_<action>}, AU-5) in the caller's transaction, so a step
 * is never stored without its record. Behind {@link PrivilegedStore}; no other class writes it.
 */
final class PrivilegedEventStore {

  /** The longest detail kept; longer text is cut (a report is kept whole on its checkout). */
  static final int MAX_DETAIL = 2000;

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Supplier<Instant> now;

  PrivilegedEventStore(JdbcClient jdbc, AuditLog audit, Supplier<Instant> now) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.now = now;
  }

  /** Records one step; {@code checkoutId} null for a step of the account alone. */
  void record(String accountId, Long checkoutId, String action, String actor, String detail) {
    String text = detail == null ? null : PrivilegedRows.cut(detail, MAX_DETAIL);
    audit.recorded(
        () ->
            jdbc.sql(
                    "insert into privileged_event (at, account_id, checkout_id, action, actor,"
                        + " detail) values (?, ?, ?, ?, ?, ?)")
                .params(Timestamp.from(now.get()), accountId, checkoutId, action, actor, text)
                .update(),
        n -> {
          Map<String, Object> fields = new HashMap<>();
          fields.put("checkout", checkoutId == null ? "" : checkoutId);
          fields.put("detail", text == null ? "" : text);
          return new AuditChain.Entry(
              "PRIVILEGED_" + action,
              actor,
              "privileged/" + accountId,
              AuditLog.detail(fields),
              "PR-5 AU-5");
        });
  }

  List<Event> ofCheckout(long checkoutId) {
    return jdbc.sql("select * from privileged_event where checkout_id = ? order by id")
        .param(checkoutId)
        .query(PrivilegedEventStore::toEvent)
        .list();
  }

  List<Event> ofAccount(String accountId) {
    return jdbc.sql("select * from privileged_event where account_id = ? order by id")
        .param(accountId)
        .query(PrivilegedEventStore::toEvent)
        .list();
  }

  private static Event toEvent(ResultSet rs, int n) throws SQLException {
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
