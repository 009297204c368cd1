package jp.mamori.authz.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL behind {@link AlertQueries}: reads only. */
final class AlertQueryStore implements AlertQueries {

  private final JdbcClient jdbc;

  public AlertQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> openByKind() {
    Map<String, Integer> alerts = new LinkedHashMap<>();
    jdbc.sql(
            "select kind, count(*) from alert where resolved_at is null group by kind order by"
                + " kind")
        .query((rs, n) -> alerts.put(rs.getString(1), rs.getInt(2)))
        .list();
    return Collections.unmodifiableMap(alerts);
  }
}
