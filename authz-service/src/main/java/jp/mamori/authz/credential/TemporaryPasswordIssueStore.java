package jp.mamori.authz.credential;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.credential.TemporaryPasswords.Handover;
import jp.mamori.authz.credential.TemporaryPasswords.Issuance;
import jp.mamori.authz.credential.TemporaryPasswords.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The record of the temporary passwords issued (PW-4), {@code temporary_password_issue}. */
final class TemporaryPasswordIssueStore {

  /** An issuance still outstanding, with its Keycloak user and its expiry. */
  record Open(long id, String employeeNumber, String userId, Instant expiresAt, Instant setAt) {}

  private final JdbcClient jdbc;

  public TemporaryPasswordIssueStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(
      String employeeNumber,
      Instant at,
      String issuer,
      Handover handover,
      String userId,
      Instant expires) {
    return jdbc.sql(
            """
            insert into temporary_password_issue (employee_number, issued_at,
                issued_by, handover_method, keycloak_user_id, expires_at, outcome)
            values (?, ?, ?, ?, ?, ?, 'OUTSTANDING') returning id\
            """)
        .params(
            employeeNumber,
            Timestamp.from(at),
            issuer,
            handover.name(),
            userId,
            Timestamp.from(expires))
        .query(Long.class)
        .single();
  }

  /** When Keycloak set the password of issuance {@code id}. */
  void passwordSet(long id, Optional<Instant> at) {
    jdbc.sql("update temporary_password_issue set password_set_at = ? where id = ?")
        .params(at.map(Timestamp::from).orElse(null), id)
        .update();
  }

  /** Ends the account's other outstanding issuances: superseded by {@code id}. */
  void supersedeOthers(String employeeNumber, long id, Instant at) {
    jdbc.sql(
            "update temporary_password_issue set outcome = 'SUPERSEDED', ended_at = ?"
                + " where employee_number = ? and outcome = 'OUTSTANDING' and id <> ?")
        .params(Timestamp.from(at), employeeNumber, id)
        .update();
  }

  List<Issuance> history(String employeeNumber) {
    return jdbc.sql(
            "select id, employee_number, issued_by, handover_method, issued_at, expires_at,"
                + " outcome, ended_at from temporary_password_issue where employee_number = ?"
                + " order by id desc")
        .param(employeeNumber)
        .query((rs, n) ->
            new Issuance(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant),
                Outcome.valueOf(rs.getString(7)),
                Optional.ofNullable(rs.getTimestamp(8)).map(Timestamp::toInstant)))
        .list();
  }

  List<Open> outstanding() {
    return jdbc.sql(
            "select id, employee_number, keycloak_user_id, expires_at, password_set_at"
                + " from temporary_password_issue where outcome = 'OUTSTANDING'"
                + " and keycloak_user_id is not null and expires_at is not null")
        .query((rs, n) ->
            new Open(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
        .list();
  }

  /** Ends an outstanding issuance; answers its account, empty if it had ended already. */
  Optional<String> end(long id, Outcome outcome, Instant at) {
    return jdbc.sql(
            "update temporary_password_issue set outcome = ?, ended_at = ? where id = ?"
                + " and outcome = 'OUTSTANDING' returning employee_number")
        .params(outcome.name(), Timestamp.from(at), id)
        .query(String.class)
        .optional();
  }
}
