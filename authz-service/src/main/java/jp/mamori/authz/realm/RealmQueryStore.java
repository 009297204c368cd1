package jp.mamori.authz.realm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL behind {@link RealmQueries}: reads only. Public so that the report's one-database
 * constructor (and tests) can build it; the service gets it from {@code RealmConfiguration}.
 */
public final class RealmQueryStore implements RealmQueries {

  private final JdbcClient jdbc;

  public RealmQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Drift> drift(Instant since) {
    return jdbc.sql(
            "select detected_at, realm, setting, expected, found, requirement_ids,"
                + " restored_at from realm_drift where restored_at is null or detected_at >= ?"
                + " order by id")
        .param(Timestamp.from(since))
        .query((rs, i) ->
            new Drift(
                rs.getTimestamp("detected_at").toInstant(),
                rs.getString("realm"),
                rs.getString("setting"),
                rs.getString("expected"),
                rs.getString("found"),
                List.of(rs.getString("requirement_ids").split(",\\s*")),
                Optional.ofNullable(rs.getTimestamp("restored_at")).map(Timestamp::toInstant)))
        .list();
  }
}
