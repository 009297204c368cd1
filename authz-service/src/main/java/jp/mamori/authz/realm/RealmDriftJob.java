package jp.mamori.authz.realm;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import jp.mamori.authz.lifecycle.JobClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;

/**
 * The periodic drift check ({@code mamori.drift.cron}, default every 15 minutes), once per due time
 * across every instance sharing the database ({@link JobClaims}).
 */
class RealmDriftJob {

  static final String JOB = "realm-drift";
  private static final Logger log = LoggerFactory.getLogger(RealmDriftJob.class);
  private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  private final RealmDriftCheck check;
  private final JobClaims claims;
  private final CronExpression cron;
  private final Clock clock;

  RealmDriftJob(RealmDriftCheck check, JobClaims claims, String cron, Clock clock) {
    this.check = check;
    this.claims = claims;
    this.cron = CronExpression.parse(cron);
    this.clock = clock;
  }

  @Scheduled(cron = "${mamori.drift.cron:0 */15 * * * *}", zone = "Asia/Tokyo")
  void onSchedule() {
    runIfClaimed(JobClaims.latestDue(cron, clock, ZONE));
  }

  void runIfClaimed(Instant due) {
    if (!claims.claim(JOB, due)) {
      return;
    }
    String outcome;
    try {
      RealmDriftCheck.Result result = check.run("schedule");
      outcome =
          result.found().isEmpty()
              ? "no drift"
              : result.found().size()
                  + " setting(s) drifted, "
                  + (result.found().size() - result.remaining().size())
                  + " restored";
    } catch (RuntimeException e) {
      outcome = "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
      log.error("Realm drift check due {} failed: {}", due, e.getMessage());
    }
    claims.finish(JOB, due, outcome);
  }
}
