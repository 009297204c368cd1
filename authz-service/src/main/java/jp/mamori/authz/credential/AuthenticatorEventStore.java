package jp.mamori.authz.credential;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.audit.RecordedChange.State;
import jp.mamori.authz.audit.RecordedChangeStore;
import jp.mamori.authz.credential.AuthenticatorEvents.Action;
import jp.mamori.authz.credential.AuthenticatorEvents.Pending;
import jp.mamori.authz.credential.AuthenticatorEvents.Request;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The record of what happened to each authenticator (MF-3), {@code authenticator_event}. */
public final class AuthenticatorEventStore {

  /** An authenticator reported lost, and when. */
  record Lost(String username, String credentialId, Instant at) {}

  private final JdbcClient jdbc;

  public AuthenticatorEventStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The record of the changes made in Keycloak ({@code authenticator_event}). */
  RecordedChange changes(AuditLog audit, Clock clock) {
    return new RecordedChange(new RecordedChangeStore("authenticator_event", jdbc), audit, clock);
  }

  /** The pending rows, oldest first: of one person, or of all. */
  List<Pending> pending(Optional<String> username) {
    return RecordedChangeStore.pendingRows(
        jdbc,
        "authenticator_event",
        "id, action, username, credential_id, actor, reason",
        username,
        (rs, i) ->
            new Pending(
                rs.getLong("id"),
                new Request(
                    Action.valueOf(rs.getString("action")),
                    rs.getString("username"),
                    rs.getString("credential_id"),
                    rs.getString("actor"),
                    rs.getString("reason"))));
  }

  /**
   * The lost authenticators not found or retired since. A request not known to be made (pending)
   * holds one back; a failed one does not count.
   */
  List<Lost> lostNotSince() {
    return jdbc.sql(
            """
            select e.username, e.credential_id, e.at from authenticator_event e
            where e.action = 'LOST' and e.state = 'DONE' and not exists (
                select 1 from authenticator_event later
                where later.credential_id = e.credential_id and later.at >= e.at
                  and later.action in ('FOUND', 'RETIRED') and later.state <> 'FAILED'
                  and later.id <> e.id)
            """)
        .query((rs, i) ->
            new Lost(
                rs.getString("username"),
                rs.getString("credential_id"),
                rs.getTimestamp("at").toInstant()))
        .list();
  }

  long insert(Request request, State state, Optional<String> note, Instant at) {
    Timestamp now = Timestamp.from(at);
    return jdbc.sql(
            """
            insert into authenticator_event
                (at, actor, username, credential_id, action, reason, state, error, settled_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            returning id
            """)
        .params(
            now,
            request.actor(),
            request.username(),
            request.credentialId(),
            request.action().name(),
            request.reason(),
            state.name(),
            note.orElse(null),
            state == State.PENDING ? null : now)
        .query(Long.class)
        .single();
  }
}
