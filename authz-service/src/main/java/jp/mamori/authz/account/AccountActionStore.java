package jp.mamori.authz.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.audit.RecordedChange.State;
import jp.mamori.authz.audit.RecordedChangeStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of {@link AccountActions}: {@code account_action} (one per action asked) and {@code
 * security_incident} (an owner's "this wasn't me"). Rows only; the order of change and record and
 * the audit entries are {@link AccountActions}'s. Runs in the transactions its caller opens. Public
 * so that tests of other features can build an {@link AccountStates}.
 */
public final class AccountActionStore {

  private final JdbcClient jdbc;

  public AccountActionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The pending-then-settled record of these rows (see {@link RecordedChange}). */
  RecordedChange changes(AuditLog audit, Clock clock) {
    return new RecordedChange(new RecordedChangeStore("account_action", jdbc), audit, clock);
  }

  /** Inserts one action; settled at {@code at} unless pending. Returns its id. */
  long insert(
      Instant at,
      AccountActions.Request request,
      State state,
      Optional<String> statusAfter,
      Optional<String> note) {
    Timestamp now = Timestamp.from(at);
    return jdbc.sql(
            "insert into account_action (at, actor, username, action, reason, status_before,"
                + " status_after, state, error, settled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " returning id")
        .params(
            now,
            request.actor(),
            request.username(),
            request.action().name(),
            request.reason(),
            request.statusBefore(),
            statusAfter.orElse(null),
            state.name(),
            note.orElse(null),
            state == State.PENDING ? null : now)
        .query(Long.class)
        .single();
  }

  /** Records the account's status after the action. */
  void statusAfter(long id, String statusCode) {
    jdbc.sql("update account_action set status_after = ? where id = ?")
        .params(statusCode, id)
        .update();
  }

  /** Inserts an owner's report as a security incident; returns its id. */
  long incident(Instant at, String username, String detail, String ipAddress) {
    return jdbc.sql(
            "insert into security_incident (at, username, kind, detail, ip_address)"
                + " values (?, ?, 'REPORTED_NOT_ME', ?, ?) returning id")
        .params(Timestamp.from(at), username, detail, ipAddress)
        .query(Long.class)
        .single();
  }

  /** The pending rows, oldest first: of one account, or of all. */
  List<AccountActions.Pending> pending(Optional<String> username) {
    return RecordedChangeStore.pendingRows(
        jdbc,
        "account_action",
        "id, action, username, actor, reason, status_before",
        username,
        (rs, i) ->
            new AccountActions.Pending(
                rs.getLong("id"),
                new AccountActions.Request(
                    AccountActions.Action.valueOf(rs.getString("action")),
                    rs.getString("username"),
                    rs.getString("actor"),
                    rs.getString("reason"),
                    rs.getString("status_before"))));
  }
}
