package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL behind {@link AuditQueries}: reads only. Public so that the report's one-database
 * constructor (and tests) can build it; the service gets it from {@code AuditConfiguration}.
 */
public final class AuditQueryStore implements AuditQueries {

  private final JdbcClient jdbc;

  public AuditQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Event> events(Instant since, Set<String> kinds) {
    if (kinds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select seq, at, subject, actor, kind, detail from audit_event where at >= :since"
                + " and kind in (:kinds) order by seq")
        .param("since", Timestamp.from(since))
        .param("kinds", List.copyOf(kinds))
        .query((rs, i) ->
            new Event(
                rs.getLong("seq"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("subject"),
                rs.getString("actor"),
                rs.getString("kind"),
                rs.getString("detail")))
        .list();
  }

  @Override
  public Map<String, Long> latestCiting() {
    Map<String, Long> latest = new TreeMap<>();
    jdbc.sql(
            "select requirement_ids, max(seq) from audit_event where requirement_ids <> ''"
                + " group by requirement_ids")
        .query((rs, i) -> {
          for (String id : rs.getString(1).split("[,\\s]+")) {
            latest.merge(id, rs.getLong(2), Math::max);
          }
          return null;
        })
        .list();
    return latest;
  }

  @Override
  public List<Event> events(Collection<Long> seqs) {
    if (seqs.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select seq, at, subject, actor, kind, detail from audit_event where seq in (:seqs)")
        .param("seqs", List.copyOf(seqs))
        .query((rs, i) ->
            new Event(
                rs.getLong("seq"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("subject"),
                rs.getString("actor"),
                rs.getString("kind"),
                rs.getString("detail")))
        .list();
  }

  @Override
  public List<Event> about(Collection<String> subjects, int limit) {
    if (subjects.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select seq, at, subject, actor, kind, detail from audit_event where subject in"
                + " (:subjects) order by seq desc limit :limit")
        .param("subjects", List.copyOf(subjects))
        .param("limit", limit)
        .query((rs, i) ->
            new Event(
                rs.getLong("seq"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("subject"),
                rs.getString("actor"),
                rs.getString("kind"),
                rs.getString("detail")))
        .list();
  }
}
