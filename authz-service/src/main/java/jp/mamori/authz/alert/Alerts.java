package jp.mamori.authz.alert;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Alerts for the information-system section (情報システム課): something that needs a person now — a
 * privileged ID used outside an approved window, a password that could not be rotated, an emergency
 * use whose report is overdue. Raised by any feature in the same transaction as what it reports;
 * listed on the dashboard and in reports until resolved.
 *
 * <p>An alert of one kind for one subject is raised once while it is open: raising it again returns
 * the open one, so a job that runs every minute does not flood the list.
 */
public class Alerts {

  private final JdbcClient jdbc;
  private final Clock clock;

  public Alerts(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** One alert. */
  public record Alert(
      long id,
      Instant raisedAt,
      String kind,
      String subject,
      String detailJa,
      String detailEn,
      String requirementId,
      Optional<Instant> resolvedAt) {}

  /** Raises an alert unless one of this kind for this subject is open; returns its ID. */
  public long raise(String kind, String subject, String ja, String en, String requirementId) {
    Optional<Long> open =
        jdbc.sql(
                "select id from alert where kind = ? and subject = ? and resolved_at is null"
                    + " order by id limit 1")
            .params(kind, subject)
            .query(Long.class)
            .optional();
    if (open.isPresent()) {
      return open.get();
    }
    return jdbc.sql(
            "insert into alert (raised_at, kind, subject, detail_ja, detail_en, requirement_id)"
                + " values (?, ?, ?, ?, ?, ?) returning id")
        .params(Timestamp.from(clock.instant()), kind, subject, cut(ja), cut(en), requirementId)
        .query(Long.class)
        .single();
  }

  /**
   * Whether an alert of this kind for this subject was ever raised, open or resolved: for an event
   * to be reported once however often a job sees it.
   */
  public boolean raisedEver(String kind, String subject) {
    return jdbc.sql("select count(*) from alert where kind = ? and subject = ?")
            .params(kind, subject)
            .query(Integer.class)
            .single()
        > 0;
  }

  /** Resolves the open alerts of this kind for this subject; returns how many. */
  public int resolve(String kind, String subject, String by) {
    return jdbc.sql(
            "update alert set resolved_at = ?, resolved_by = ? where kind = ? and subject = ?"
                + " and resolved_at is null")
        .params(Timestamp.from(clock.instant()), by, kind, subject)
        .update();
  }

  /** Open alerts, newest first. */
  public List<Alert> open() {
    return jdbc.sql(
            "select id, raised_at, kind, subject, detail_ja, detail_en, requirement_id, resolved_at"
                + " from alert where resolved_at is null order by id desc")
        .query((rs, n) ->
            new Alert(
                rs.getLong(1),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                Optional.ofNullable(rs.getTimestamp(8)).map(Timestamp::toInstant)))
        .list();
  }

  /** Records a notification that must reach {@code recipient} now. */
  public void notify(String recipient, String subjectJa, String subjectEn, String body) {
    jdbc.sql(
            "insert into notification (at, recipient, subject_ja, subject_en, body)"
                + " values (?, ?, ?, ?, ?)")
        .params(Timestamp.from(clock.instant()), recipient, cut(subjectJa), cut(subjectEn), body)
        .update();
  }

  /** A notification as its recipient sees it. */
  public record Notice(long id, Instant at, String subjectJa, String subjectEn, String body) {}

  /**
   * The latest notifications addressed to {@code recipient} (a person's username, or a role such as
   * {@code CISO}), newest first, at most {@code limit}.
   */
  public List<Notice> noticesFor(String recipient, int limit) {
    return jdbc.sql(
            "select id, at, subject_ja, subject_en, body from notification where recipient = ?"
                + " order by id desc limit ?")
        .params(recipient, limit)
        .query((rs, n) ->
            new Notice(
                rs.getLong(1),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5)))
        .list();
  }

  private static String cut(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }
}
