package jp.mamori.authz.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.shared.Bilingual;

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

  private final AlertStore store;
  private final Clock clock;

  public Alerts(AlertStore store, Clock clock) {
    this.store = store;
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

  /**
   * Raises an alert unless one of this kind for this subject is open; returns its ID. {@code
   * detail}: what happened and what to do, in both languages.
   */
  public long raise(String kind, String subject, Bilingual detail, String requirementId) {
    Optional<Long> open = store.open(kind, subject);
    if (open.isPresent()) {
      return open.get();
    }
    return store.insert(
        clock.instant(), kind, subject, cut(detail.ja()), cut(detail.en()), requirementId);
  }

  /**
   * Whether an alert of this kind for this subject was ever raised, open or resolved: for an event
   * to be reported once however often a job sees it.
   */
  public boolean raisedEver(String kind, String subject) {
    return store.raisedEver(kind, subject);
  }

  /** Resolves the open alerts of this kind for this subject; returns how many. */
  public int resolve(String kind, String subject, String by) {
    return store.resolve(kind, subject, by, clock.instant());
  }

  /** Open alerts, newest first. */
  public List<Alert> open() {
    return store.open();
  }

  /** Records a notification that must reach {@code recipient} now. */
  public void notify(String recipient, String subjectJa, String subjectEn, String body) {
    store.notify(clock.instant(), recipient, cut(subjectJa), cut(subjectEn), body);
  }

  /** A notification as its recipient sees it. */
  public record Notice(long id, Instant at, String subjectJa, String subjectEn, String body) {}

  /**
   * The latest notifications addressed to {@code recipient} (a person's username, or a role such as
   * {@code CISO}), newest first, at most {@code limit}.
   */
  public List<Notice> noticesFor(String recipient, int limit) {
    return store.noticesFor(recipient, limit);
  }

  private static String cut(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }
}
