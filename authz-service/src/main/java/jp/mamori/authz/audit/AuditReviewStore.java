package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.audit.AuditReviews.Review;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reads of the audit log a review analyses, and the signed reviews ({@code audit_review}),
 * AU-4. Every period is {@code [from, to)}.
 */
final class AuditReviewStore {

  /** An account with many failed logins in a period. */
  record Failures(String subject, long count) {}

  private final JdbcClient jdbc;

  AuditReviewStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long events(Instant from, Instant to) {
    return count("select count(*) from audit_event where at >= ? and at < ?", from, to);
  }

  long failedLogins(Instant from, Instant to) {
    return count(
        "select count(*) from audit_event where at >= ? and at < ? and kind like"
            + " 'KEYCLOAK_LOGIN_ERROR%'",
        from, to);
  }

  long triesWhileLocked(Instant from, Instant to) {
    return count(
        "select count(*) from audit_event where at >= ? and at < ? and kind ="
            + " 'KEYCLOAK_LOGIN_ERROR_LOCKED'",
        from,
        to);
  }

  /** The ten accounts with the most failed logins, three or more each. */
  List<Failures> manyFailures(Instant from, Instant to) {
    return jdbc.sql(
            "select subject, count(*) from audit_event where at >= ? and at < ? and kind like"
                + " 'KEYCLOAK_LOGIN_ERROR%' group by subject having count(*) >= 3 order by 2 desc,"
                + " 1 limit 10")
        .params(Timestamp.from(from), Timestamp.from(to))
        .query((rs, i) -> new Failures(rs.getString(1), rs.getLong(2)))
        .list();
  }

  /** When the successful logins were. */
  List<Instant> logins(Instant from, Instant to) {
    return jdbc
        .sql("select at from audit_event where at >= ? and at < ? and kind = 'KEYCLOAK_LOGIN'")
        .params(Timestamp.from(from), Timestamp.from(to))
        .query(Timestamp.class)
        .list()
        .stream()
        .map(Timestamp::toInstant)
        .toList();
  }

  /** The events whose kind contains {@code kind}. */
  long eventsOfKind(Instant from, Instant to, String kind) {
    return count(
        "select count(*) from audit_event where at >= ? and at < ? and kind like ?",
        from,
        to,
        "%" + kind + "%");
  }

  long alertsRaised(Instant from, Instant to) {
    return count("select count(*) from alert where raised_at >= ? and raised_at < ?", from, to);
  }

  /** The last sequence number of the events before {@code to} (0 if none). */
  long upToSeq(Instant to) {
    return jdbc.sql("select coalesce(max(seq), 0) from audit_event where at < ?")
        .param(Timestamp.from(to))
        .query(Long.class)
        .single();
  }

  long insert(
      String reviewer, Instant at, Instant from, Instant to, long upToSeq, String findings) {
    return jdbc.sql(
            "insert into audit_review (reviewed_by, reviewed_at, period_from,"
                + " period_to, up_to_seq, findings) values (?, ?, ?, ?, ?, ?)"
                + " returning id")
        .params(
            reviewer,
            Timestamp.from(at),
            Timestamp.from(from),
            Timestamp.from(to),
            upToSeq,
            findings)
        .query(Long.class)
        .single();
  }

  Optional<Instant> lastReview() {
    return jdbc.sql("select max(reviewed_at) from audit_review")
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  Optional<Instant> firstEvent() {
    return jdbc.sql("select min(at) from audit_event")
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  List<Review> reviews() {
    return jdbc.sql("select * from audit_review order by id desc")
        .query((rs, i) ->
            new Review(
                rs.getLong("id"),
                rs.getString("reviewed_by"),
                rs.getTimestamp("reviewed_at").toInstant(),
                rs.getTimestamp("period_from").toInstant(),
                rs.getTimestamp("period_to").toInstant(),
                rs.getLong("up_to_seq"),
                rs.getString("findings")))
        .list();
  }

  private long count(String sql, Instant from, Instant to, Object... more) {
    Object[] params = new Object[2 + more.length];
    params[0] = Timestamp.from(from);
    params[1] = Timestamp.from(to);
    System.arraycopy(more, 0, params, 2, more.length);
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }
}
