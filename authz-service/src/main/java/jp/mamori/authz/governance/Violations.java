package jp.mamori.authz.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Sanctions.Code;
import jp.mamori.authz.governance.Sanctions.Violation;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * Recorded violations of the security policy (GV-4), the first step before a sanction: each one
 * notifies the person's section heads, a repeated one raises an alert. {@link Sanctions} is the
 * entry; this holds the violations' records.
 */
final class Violations {

  private final Sanctions sanctions;
  private final SanctionStore store;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Clock clock;

  Violations(Sanctions sanctions, SanctionStore store, AuditLog audit, Alerts alerts, Clock clock) {
    this.sanctions = sanctions;
    this.store = store;
    this.audit = audit;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** As {@link Sanctions#recordViolation}. */
  Violation record(String actor, String username, String code, String description) {
    Code reason = SanctionChecks.parse(Code.class, "code", code);
    SanctionChecks.requireText("description", description, "what happened, when and where");
    TargetAccount account = sanctions.account(username);
    Instant now = clock.instant();
    List<String> sections = new ArrayList<>(new TreeSet<>(account.sections()));
    long id =
        audit.recorded(
            () ->
                store.insertViolation(username, sections, reason, description.strip(), actor, now),
            created ->
                new Entry(
                    "VIOLATION_RECORDED",
                    actor,
                    username,
                    AuditLog.detail(
                        GovernanceEvents.fields(
                            "violation", created,
                            "code", reason.name(),
                            "sections", String.join(",", sections),
                            "description", description.strip())),
                    "GV-4"));
    for (String section : sections) {
      alerts.notify(
          "section-head:" + section,
          "所属職員 " + username + " の情報セキュリティポリシー違反 (" + reason.ja() + ")",
          "Security policy violation by " + username + " (" + reason.en() + ")",
          description.strip() + "\n(違反記録 #" + id + " / violation #" + id + ", GV-4)");
    }
    long recent = store.violationsSince(username, now.minus(Sanctions.REPEAT_WINDOW));
    if (recent > 1) {
      alerts.raise(
          "VIOLATION_REPEATED",
          "person/" + username,
          new Bilingual(
              username + " の違反が " + recent + " 件目です (1年以内): 権利の停止・取消を検討してください",
              username + " has " + recent + " violations within a year: consider a sanction"),
          "GV-4");
    }
    return violation(id);
  }

  List<Violation> all() {
    return store.violations();
  }

  Violation violation(long id) {
    return store
        .violation(id)
        .orElseThrow(() -> new SanctionRefused(Fault.INVALID, "violationId: no violation #" + id));
  }
}
