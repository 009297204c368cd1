package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.mamori.authz.claims.JobClaims;
import jp.mamori.hrsync.hr.HrFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;

/**
 * The daily HR lifecycle run: plan; apply at once when the guard lets the plan proceed; leave a
 * held plan for a person to approve. Fires once per due time across all instances ({@link
 * JobClaims}); on start-up an instance catches up the latest due time if nobody ran it.
 */
class LifecycleJob {

  static final String JOB = "hr-lifecycle";
  private static final Logger log = LoggerFactory.getLogger(LifecycleJob.class);
  private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  private final LifecycleService lifecycle;
  private final JobClaims claims;
  private final Path hrFile;
  private final CronExpression cron;
  private final Clock clock;

  public LifecycleJob(
      LifecycleService lifecycle, JobClaims claims, Path hrFile, String cron, Clock clock) {
    this.lifecycle = lifecycle;
    this.claims = claims;
    this.hrFile = hrFile;
    this.cron = CronExpression.parse(cron);
    this.clock = clock;
  }

  @Scheduled(cron = "${mamori.lifecycle.cron:0 30 5 * * *}", zone = "Asia/Tokyo")
  public void onSchedule() {
    runIfClaimed(latestDue());
  }

  @EventListener(ApplicationReadyEvent.class)
  public void catchUp() {
    runIfClaimed(latestDue());
  }

  /** The most recent due time at or before now. */
  Instant latestDue() {
    return JobClaims.latestDue(cron, clock, ZONE);
  }

  void runIfClaimed(Instant due) {
    claims.runOnce(JOB, due, () -> run(due));
  }

  private String run(Instant due) {
    String outcome;
    try {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
      LifecycleService.StoredPlan plan = lifecycle.plan(hrFile, today);
      outcome =
          switch (plan.status()) {
            case READY ->
                "plan " + plan.id() + " applied: " + lifecycle.apply(plan.id(), today).status();
            case HELD -> "plan " + plan.id() + " held for approval";
            default -> "plan " + plan.id() + " " + plan.status();
          };
    } catch (HrFileException | RuntimeException e) {
      outcome = "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
      log.error("HR lifecycle run due {} failed: {}", due, e.getMessage());
    }
    log.info("HR lifecycle run due {}: {}", due, outcome);
    return outcome;
  }
}
