package jp.mamori.authz.alert;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts.Alert;
import jp.mamori.authz.alert.Alerts.Notice;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tables of {@link Alerts}: {@code alert} and {@code notification}. */
public final class AlertStore {

  private final JdbcClient jdbc;

  public AlertStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The oldest open alert of this kind for this subject. */
  Optional<Long> open(String kind, String subject) {
    return jdbc.sql(
            "select id from alert where kind = ? and subject = ? and resolved_at is null"
                + " order by id limit 1")
        .params(kind, subject)
        .query(Long.class)
        .optional();
  }

  long insert(Instant at, String kind, String subject, String ja, String en, String requirementId) {
    return jdbc.sql(
            "insert into alert (raised_at, kind, subject, detail_ja, detail_en, requirement_id)"
                + " values (?, ?, ?, ?, ?, ?) returning id")
        .params(Timestamp.from(at), kind, subject, ja, en, requirementId)
        .query(Long.class)
        .single();
  }

  boolean raisedEver(String kind, String subject) {
    return jdbc.sql("select count(*) from alert where kind = ? and subject = ?")
            .params(kind, subject)
            .query(Integer.class)
            .single()
        > 0;
  }

  int resolve(String kind, String subject, String by, Instant at) {
    return jdbc.sql(
            "update alert set resolved_at = ?, resolved_by = ? where kind = ? and subject = ?"
                + " and resolved_at is null")
        .params(Timestamp.from(at), by, kind, subject)
        .update();
  }

  List<Alert> open() {
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

  void notify(Instant at, String recipient, String subjectJa, String subjectEn, String body) {
    jdbc.sql(
            "insert into notification (at, recipient, subject_ja, subject_en, body)"
                + " values (?, ?, ?, ?, ?)")
        .params(Timestamp.from(at), recipient, subjectJa, subjectEn, body)
        .update();
  }

  List<Notice> noticesFor(String recipient, int limit) {
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
}
