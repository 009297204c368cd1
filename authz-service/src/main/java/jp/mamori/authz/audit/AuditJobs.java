package jp.mamori.authz.audit;

import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.authz.shared.Bilingual;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signs the head; verifies the chain and raises an alert when it is broken (AU-2). */
final class AuditJobs {

  /** The configuration's log: operators find these lines where they found them before the split. */
  private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

  private final AuditLog audit;
  private final Alerts alerts;

  AuditJobs(AuditLog audit, Alerts alerts) {
    this.audit = audit;
    this.alerts = alerts;
  }

  /**
   * Signs the head; a failure — e.g. the folder outside the database cannot be written — raises
   * {@code AUDIT_CHECKPOINT_FAILED} (AU-2), resolved by the next checkpoint that succeeds.
   */
  void checkpoint() {
    try {
      audit.checkpoint().ifPresent(c -> log.info("Audit checkpoint signed at event {}", c.seq()));
      alerts.resolve("AUDIT_CHECKPOINT_FAILED", "audit_checkpoint", "mamori");
    } catch (RuntimeException e) {
      log.error("Audit checkpoint failed: {}", e.getMessage(), e);
      try {
        alerts.raise(
            "AUDIT_CHECKPOINT_FAILED",
            "audit_checkpoint",
            new Bilingual(
                "監査ログのチェックポイントに署名できません (データベース外の保管先を確認してください): " + e.getMessage(),
                "Audit checkpoint failed (check the folder outside the database): "
                    + e.getMessage()),
            "AU-2");
      } catch (RuntimeException alertFailed) {
        log.error("Alert AUDIT_CHECKPOINT_FAILED not raised: {}", alertFailed.getMessage());
      }
    }
  }

  /** Verifies the chain; returns the verification (an alert is raised if it is broken). */
  Verification verify() {
    try {
      Verification v = audit.verify();
      if (!v.clockSteps().isEmpty()) {
        log.warn("Audit events recorded after the clock stepped back: {}", v.clockSteps());
      }
      if (!v.intact()) {
        log.error("Audit log tampering detected: {}", v.problems());
        alerts.raise(
            "AUDIT_TAMPERED",
            "audit_event",
            new Bilingual(
                "監査ログの改ざんを検出しました: " + v.problems().getFirst(),
                "Audit log tampering detected: " + v.problems().getFirst()),
            "AU-2");
      }
      return v;
    } catch (RuntimeException e) {
      log.error("Audit verification failed to run: {}", e.getMessage(), e);
      return null;
    }
  }
}
