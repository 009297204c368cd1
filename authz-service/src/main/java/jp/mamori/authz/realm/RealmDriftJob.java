package jp.mamori.authz.realm;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import jp.mamori.authz.claims.JobClaims;
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

  private final java.util.List<RealmDriftCheck> checks;
  private final JobClaims claims;
  private final CronExpression cron;
  private final Clock clock;

  RealmDriftJob(
      java.util.List<RealmDriftCheck> checks, JobClaims claims, String cron, Clock clock) {
    this.checks = java.util.List.copyOf(checks);
    this.claims = claims;
    this.cron = CronExpression.parse(cron);
    this.clock = clock;
  }

  @Scheduled(cron = "${mamori.drift.cron:0 */15 * * * *}", zone = "Asia/Tokyo")
  void onSchedule() {
    runIfClaimed(JobClaims.latestDue(cron, clock, ZONE));
  }

  void runIfClaimed(Instant due) {
    claims.runOnce(JOB, due, () -> check(due));
  }

  private String check(Instant due) {
    java.util.List<String> outcomes = new java.util.ArrayList<>();
    for (RealmDriftCheck check : checks) {
      try {
        RealmDriftCheck.Result result = check.run("schedule");
        outcomes.add(
            check.realm()
                + ": "
                + (result.found().isEmpty()
                    ? "no drift"
                    : result.found().size()
                        + " setting(s) drifted, "
                        + (result.found().size() - result.remaining().size())
                        + " restored"));
      } catch (RuntimeException e) {
        outcomes.add(
            check.realm() + ": failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        log.error("Realm drift check of {} due {} failed: {}", check.realm(), due, e.getMessage());
      }
    }
    return String.join("; ", outcomes);
  }
}
