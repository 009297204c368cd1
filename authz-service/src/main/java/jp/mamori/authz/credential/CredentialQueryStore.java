package jp.mamori.authz.credential;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL behind {@link CredentialQueries}: reads only. Public so that the report's one-database
 * constructor (and tests) can build it; the service gets it from {@code CredentialConfiguration}.
 */
public final class CredentialQueryStore implements CredentialQueries {

  private final JdbcClient jdbc;

  public CredentialQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<TemporaryPasswordIssue> temporaryPasswordsOutstanding(Instant expiredSince) {
    return jdbc.sql(
            "select employee_number, issued_at, issued_by, handover_method, expires_at"
                + " from temporary_password_issue where outcome = 'OUTSTANDING'"
                + " or (outcome = 'EXPIRED' and ended_at >= ?) order by issued_at")
        .param(Timestamp.from(expiredSince))
        .query((rs, i) ->
            new TemporaryPasswordIssue(
                rs.getString("employee_number"),
                rs.getTimestamp("issued_at").toInstant(),
                rs.getString("issued_by"),
                rs.getString("handover_method"),
                Optional.ofNullable(rs.getTimestamp("expires_at")).map(Timestamp::toInstant)))
        .list();
  }
}
