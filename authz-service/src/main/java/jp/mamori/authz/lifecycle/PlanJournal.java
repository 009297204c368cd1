package jp.mamori.authz.lifecycle;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of a plan's apply ({@code lifecycle_journal}): each change made is recorded as done
 * together with its audit record, once; a failure is recorded with what went wrong; a change an
 * interrupted apply made without recording it is found in effect at the resume and recorded then.
 * The journal's count of done changes is the run's count (AU-5).
 */
final class PlanJournal {

  private static final Logger log = LoggerFactory.getLogger(PlanJournal.class);

  private final PlanJournalStore journal;
  private final PlanStore plans;
  private final AuditLog audit;
  private final Clock clock;

  PlanJournal(PlanJournalStore journal, PlanStore plans, AuditLog audit, Clock clock) {
    this.journal = journal;
    this.plans = plans;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Journals as done the approved changes an interrupted apply made without recording them (a
   * change in flight when the process or the target died): the fresh plan has nothing left to do
   * for that person on that target, so the change is in effect. The run's counts then equal the
   * changes found in the targets, with none lost after a kill (AU-5).
   */
  void foundInEffect(long planId, Plan fresh, Set<String> done) {
    Set<String> freshCanonicals = new HashSet<>();
    Set<String> stillToDo = new HashSet<>();
    for (PlannedAction a : fresh.changes()) {
      freshCanonicals.add(a.canonical());
      stillToDo.add(a.target() + "|" + a.employeeNumber());
    }
    List<PlanStore.StoredChange> found =
        plans.storedChanges(planId).stream()
            .filter(c ->
                !done.contains(c.canonical())
                    && !freshCanonicals.contains(c.canonical())
                    && !stillToDo.contains(c.target() + "|" + c.employeeNumber()))
            .toList();
    if (found.isEmpty()) {
      return;
    }
    // journal and audit log together: the change was made, by this plan, recorded now
    audit.recordedAll(
        () -> {
          for (PlanStore.StoredChange f : found) {
            journal(planId, f.canonical(), "DONE", "found in effect: made by an interrupted apply");
          }
          return found.size();
        },
        n ->
            found.stream()
                .map(f ->
                    new AuditChain.Entry(
                        "SYNC_"
                            + f.canonical().substring(0, Math.max(0, f.canonical().indexOf('|'))),
                        "mamori:plan/" + planId,
                        "staff/" + f.employeeNumber(),
                        AuditLog.detail(
                            java.util.Map.of(
                                "change", f.canonical(),
                                "reasonJa", f.reasonJa(),
                                "reasonEn", f.reasonEn(),
                                "foundInEffect", true)),
                        f.requirementIds() == null ? "" : f.requirementIds().replace(',', ' ')))
                .toList());
    found.forEach(f -> done.add(f.canonical()));
    log.info(
        "Lifecycle plan {}: {} changes found in effect, made by an interrupted apply",
        planId,
        found.size());
  }

  int recordDone(long planId, List<PlannedAction> actions, Set<String> done) {
    java.time.Instant at = clock.instant();
    for (int from = 0; from < actions.size(); from += JOURNAL_ROWS) {
      List<PlannedAction> rows =
          actions.subList(from, Math.min(actions.size(), from + JOURNAL_ROWS));
      List<String> canonicals = rows.stream().map(PlannedAction::canonical).toList();
      // one statement: all recorded or none, with their audit records in the same transaction
      audit.recordedAll(
          () -> journal.insertDone(planId, canonicals, at),
          n -> rows.stream().map(action -> auditEntry(planId, action)).toList());
      rows.forEach(action -> done.add(action.canonical()));
    }
    return actions.size();
  }

  /** A change made by the sync, as the audit log records it (AU-5). */
  private static AuditChain.Entry auditEntry(long planId, PlannedAction action) {
    String canonical = action.canonical();
    return new AuditChain.Entry(
        "SYNC_" + canonical.substring(0, Math.max(0, canonical.indexOf('|'))),
        "mamori:plan/" + planId,
        "staff/" + action.employeeNumber(),
        AuditLog.detail(
            java.util.Map.of(
                "change",
                canonical,
                "reasonJa",
                action.reason().ja(),
                "reasonEn",
                action.reason().en())),
        String.join(" ", action.reason().requirementIds()));
  }

  /** Journal rows per insert statement. */
  private static final int JOURNAL_ROWS = 250;

  /** Changes journalled as done for a plan: the changes really made. */
  int count(long planId) {
    return done(planId).size();
  }

  Set<String> done(long planId) {
    return journal.done(planId);
  }

  /** Journals one change with its status; a failure's message is cut to the column's 1,000. */
  void journal(long planId, String canonical, String status, String message) {
    journal.insert(
        planId, canonical, status, message == null ? null : truncate(message), clock.instant());
  }

  private static String truncate(String value) {
    return value.length() <= 1000 ? value : value.substring(0, 1000);
  }
}
