package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.StaffRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions a person takes on the lifecycle, each recorded in the audit log: approving a held
 * plan by its fingerprint (LC-2) and confirming that an employee number's holder is the same person
 * (LC-6). For {@link LifecycleService}, which offers them.
 */
final class PlanDecisions {

  /** The service's log: operators find these lines where they found them before the split. */
  // The lifecycle's log name, as before; a literal, because naming LifecycleService's class here
  // would make this class depend back on the service that creates it.
  private static final Logger log =
      LoggerFactory.getLogger("jp.mamori.authz.lifecycle.LifecycleService");

  private final HrCsvReader reader;
  private final PlanStore plans;
  private final PersonCheck personCheck;
  private final AuditLog audit;
  private final Clock clock;

  PlanDecisions(
      HrCsvReader reader, PlanStore plans, PersonCheck personCheck, AuditLog audit, Clock clock) {
    this.reader = reader;
    this.plans = plans;
    this.personCheck = personCheck;
    this.audit = audit;
    this.clock = clock;
  }

  /** As {@link LifecycleService#approve(long, String, String, String)}. */
  void approve(long planId, String fingerprint, String approver, String reason) {
    Map<String, Object> row = plans.row(planId);
    if (!Status.HELD.name().equals(row.get("status"))) {
      throw new PlanRefused(
          "plan " + planId + ": expected status HELD to approve, found " + row.get("status"));
    }
    if (!row.get("fingerprint").equals(fingerprint)) {
      throw new PlanRefused(
          "plan "
              + planId
              + ": the fingerprint given does not match the plan's; expected "
              + row.get("fingerprint")
              + ", found "
              + fingerprint
              + " (approve the plan as shown)");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plan", planId);
    fields.put("fingerprint", fingerprint);
    fields.put("heldBecause", row.get("held_reasons"));
    fields.put("reason", reason == null ? "" : reason);
    int updated =
        audit.recorded(
            () -> plans.approve(planId, approver, clock.instant()),
            n ->
                n == 0
                    ? null
                    : new AuditChain.Entry(
                        "SYNC_PLAN_APPROVED",
                        approver,
                        "lifecycle-plan/" + planId,
                        AuditLog.detail(fields),
                        "LC-2"));
    if (updated == 0) {
      throw new PlanRefused(
          "plan " + planId + ": expected status HELD to approve; it was decided meanwhile");
    }
    log.info("Lifecycle plan {} approved by {}", planId, approver);
  }

  /** As {@link LifecycleService#confirmPerson}. */
  void confirmPerson(Path hrFile, String employeeNumber, String by, String reason)
      throws HrFileException {
    HrFile hr = reader.read(hrFile);
    StaffRecord record =
        hr.records().stream()
            .filter(r -> r.employeeNumber().equals(employeeNumber))
            .filter(r -> !r.concurrentPost())
            .findFirst()
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "employee number "
                        + employeeNumber
                        + ": expected a valid main row in "
                        + hrFile.getFileName()
                        + ", found none"));
    if (by == null || by.isBlank() || reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "confirming a person needs who confirms and why (the check made with HR), found "
              + (by == null || by.isBlank() ? "no name" : "no reason"));
    }
    audit.recorded(
        () -> {
          personCheck.confirm(record, by);
          return 1;
        },
        n ->
            new AuditChain.Entry(
                "PERSON_CONFIRMED",
                by,
                "staff/" + employeeNumber,
                AuditLog.detail(Map.of("reason", reason)),
                "LC-6"));
    log.info("Employee number {} confirmed as the same person by {}", employeeNumber, by);
  }
}
