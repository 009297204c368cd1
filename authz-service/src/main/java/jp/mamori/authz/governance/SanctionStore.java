package jp.mamori.authz.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.audit.RecordedChange.State;
import jp.mamori.authz.audit.RecordedChangeStore;
import jp.mamori.authz.governance.Sanctions.Code;
import jp.mamori.authz.governance.Sanctions.Measure;
import jp.mamori.authz.governance.Sanctions.Right;
import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Status;
import jp.mamori.authz.governance.Sanctions.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tables of violations and sanctions (GV-4): {@code violation}, {@code sanction} and the
 * whole-account sanctions' changes in Keycloak, {@code sanction_action}.
 */
public final class SanctionStore {

  /** A row of {@code sanction_action} left pending. */
  record PendingAction(
      long id,
      long sanction,
      String action,
      String username,
      String actor,
      String reason,
      Instant at) {}

  private final JdbcClient jdbc;

  public SanctionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The record of the whole-account sanctions' changes ({@code sanction_action}). */
  RecordedChange changes(AuditLog audit, Clock clock) {
    return new RecordedChange(new RecordedChangeStore("sanction_action", jdbc), audit, clock);
  }

  // ------------------------------------------------------------------------------- violations

  long insertViolation(
      String username,
      List<String> sections,
      Code code,
      String description,
      String actor,
      Instant at) {
    return jdbc.sql(
            """
            insert into violation (username, sections, reason_code, description,
                recorded_by, recorded_at)
            values (?, ?, ?, ?, ?, ?) returning id\
            """)
        .params(
            username,
            String.join(",", sections),
            code.name(),
            description,
            actor,
            Timestamp.from(at))
        .query(Long.class)
        .single();
  }

  /** How many violations of the person were recorded after {@code since}. */
  long violationsSince(String username, Instant since) {
    return jdbc.sql("select count(*) from violation where username = ? and recorded_at > ?")
        .params(username, Timestamp.from(since))
        .query(Long.class)
        .single();
  }

  List<Violation> violations() {
    return jdbc.sql("select * from violation order by id desc")
        .query(SanctionStore::violationRow)
        .list();
  }

  Optional<Violation> violation(long id) {
    return jdbc.sql("select * from violation where id = ?")
        .param(id)
        .query(SanctionStore::violationRow)
        .optional();
  }

  // ------------------------------------------------------------------------------- sanctions

  long insertSanction(
      String username,
      Long violationId,
      Measure measure,
      Right right,
      String rightValue,
      Code code,
      String note,
      String actor,
      Instant at) {
    return jdbc.sql(
            """
            insert into sanction (username, violation_id, measure, right_kind,
                right_value, reason_code, note, imposed_by, imposed_at, status)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'IN_FORCE') returning id\
            """)
        .params(
            username,
            violationId,
            measure.name(),
            right.name(),
            rightValue,
            code.name(),
            note,
            actor,
            Timestamp.from(at))
        .query(Long.class)
        .single();
  }

  /** Marks a sanction in force as asked to be lifted; answers the rows changed. */
  int requestReinstatement(long id, String actor, Instant at, String reason) {
    return jdbc.sql(
            "update sanction set status = 'REINSTATEMENT_REQUESTED',"
                + " reinstatement_requested_by = ?, reinstatement_requested_at = ?,"
                + " reinstatement_reason = ? where id = ? and status = 'IN_FORCE'")
        .params(actor, Timestamp.from(at), reason, id)
        .update();
  }

  /** Decides a reinstatement request: the sanction to {@code status}; answers the rows changed. */
  int decide(long id, Status status, String actor, Instant at, String note) {
    return jdbc.sql(
            "update sanction set status = ?, decided_by = ?, decided_at = ?,"
                + " decision_note = ? where id = ? and status = 'REINSTATEMENT_REQUESTED'")
        .params(status.name(), actor, Timestamp.from(at), note, id)
        .update();
  }

  /** The sanctions not lifted, oldest first. */
  List<Sanction> notLifted() {
    return jdbc.sql("select * from sanction where status <> 'LIFTED' order by id")
        .query(SanctionStore::sanctionRow)
        .list();
  }

  List<Sanction> sanctions() {
    return jdbc.sql("select * from sanction order by id desc")
        .query(SanctionStore::sanctionRow)
        .list();
  }

  Optional<Sanction> sanction(long id) {
    return jdbc.sql("select * from sanction where id = ?")
        .param(id)
        .query(SanctionStore::sanctionRow)
        .optional();
  }

  boolean exists(long id) {
    return jdbc.sql("select count(*) from sanction where id = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }

  /** The sanction's status, its row locked to the end of the transaction. */
  Optional<Status> lockStatus(long id) {
    return jdbc.sql("select status from sanction where id = ? for update")
        .param(id)
        .query(String.class)
        .optional()
        .map(Status::valueOf);
  }

  /** Whether another whole-account sanction of the person is not lifted. */
  boolean otherAccountSanction(String username, long id) {
    return jdbc.sql(
                "select count(*) from sanction where username = ? and right_kind = 'ACCOUNT'"
                    + " and status <> 'LIFTED' and id <> ?")
            .params(username, id)
            .query(Long.class)
            .single()
        > 0;
  }

  // ------------------------------------------------------------------------------- actions

  /** The IDs of the sanction's changes pending in Keycloak. */
  List<Long> pendingActions(long sanction) {
    return jdbc.sql("select id from sanction_action where sanction_id = ? and state = 'PENDING'")
        .param(sanction)
        .query(Long.class)
        .list();
  }

  /** The changes left pending, of one person or of all, except those an action in flight holds. */
  List<PendingAction> pendingActions(Optional<String> username) {
    return RecordedChangeStore.pendingRows(
        jdbc,
        "sanction_action",
        "id, sanction_id, action, username, actor, reason, at",
        username,
        (rs, i) ->
            new PendingAction(
                rs.getLong("id"),
                rs.getLong("sanction_id"),
                rs.getString("action"),
                rs.getString("username"),
                rs.getString("actor"),
                rs.getString("reason"),
                rs.getTimestamp("at").toInstant()));
  }

  long insertAction(
      long sanction,
      String action,
      String username,
      String actor,
      Optional<String> reason,
      Instant at,
      State state,
      Optional<String> error,
      Instant now) {
    return jdbc.sql(
            "insert into sanction_action (sanction_id, action, username, actor, reason, at,"
                + " state, error, settled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")
        .params(
            sanction,
            action,
            username,
            actor,
            reason.orElse(null),
            Timestamp.from(at),
            state.name(),
            error.orElse(null),
            state == State.PENDING ? null : Timestamp.from(now))
        .query(Long.class)
        .single();
  }

  // ------------------------------------------------------------------------------- rows

  private static Violation violationRow(ResultSet rs, int i) throws SQLException {
    String sections = rs.getString("sections");
    return new Violation(
        rs.getLong("id"),
        rs.getString("username"),
        sections.isEmpty() ? List.of() : List.of(sections.split(",")),
        Code.valueOf(rs.getString("reason_code")),
        rs.getString("description"),
        rs.getString("recorded_by"),
        rs.getTimestamp("recorded_at").toInstant());
  }

  private static Sanction sanctionRow(ResultSet rs, int i) throws SQLException {
    long violation = rs.getLong("violation_id");
    Optional<Long> violationId = rs.wasNull() ? Optional.empty() : Optional.of(violation);
    return new Sanction(
        rs.getLong("id"),
        rs.getString("username"),
        violationId,
        Measure.valueOf(rs.getString("measure")),
        Right.valueOf(rs.getString("right_kind")),
        rs.getString("right_value"),
        Code.valueOf(rs.getString("reason_code")),
        rs.getString("note"),
        rs.getString("imposed_by"),
        rs.getTimestamp("imposed_at").toInstant(),
        Status.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getString("reinstatement_requested_by")),
        Optional.ofNullable(rs.getString("reinstatement_reason")),
        Optional.ofNullable(rs.getString("decided_by")),
        Optional.ofNullable(rs.getTimestamp("decided_at")).map(Timestamp::toInstant));
  }
}
