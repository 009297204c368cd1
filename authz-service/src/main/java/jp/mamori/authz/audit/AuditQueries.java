package jp.mamori.authz.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code audit} publishes about the audit log to the features that only read it (the reports,
 * GV-6): read-only, answered as records, so that {@code audit_event} stays this feature's to
 * change. Implemented next to the store ({@link AuditQueryStore}).
 */
public interface AuditQueries {

  /**
   * One event of the log.
   *
   * @param detail the event's detail as recorded (JSON, or plain text for old events); may be null
   */
  record Event(long seq, Instant at, String subject, String actor, String kind, String detail) {}

  /** The events of the given kinds at or after {@code since}, in the order of the log. */
  List<Event> events(Instant since, Set<String> kinds);

  /**
   * For each requirement ID cited by some event, the sequence number of the latest event citing it.
   * Empty when no event cites one.
   */
  Map<String, Long> latestCiting();

  /** The events with these sequence numbers (those that exist), in no particular order. */
  List<Event> events(Collection<Long> seqs);

  /**
   * The latest events about these subjects (e.g. {@code staff/<username>}), newest first, at most
   * {@code limit}: one person's history on the console.
   */
  List<Event> about(Collection<String> subjects, int limit);
}
