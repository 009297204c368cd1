package jp.mamori.authz.privileged;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * When the privileged-ID checks run, on every instance (each checkout is taken once by a
 * conditional update): overdue check-ins and rotation retries every 15 s from 5 s after start,
 * expired requests and overdue emergency reports with them; idle rotation and out-of-window use
 * every 5 minutes. What each check does is {@link CheckIns}', {@link Deadlines}', {@link
 * Rotations}' and {@link Detection}'s; a bean only where {@link PrivilegedConfiguration.Jobs} is
 * on.
 */
final class PrivilegedJobs {
  private static final Logger log = LoggerFactory.getLogger(PrivilegedJobs.class);
  private final PrivilegedAccess access;

  PrivilegedJobs(PrivilegedAccess access) {
    this.access = access;
  }

  @Scheduled(
      initialDelayString = "PT5S",
      fixedDelayString = "${mamori.privileged.check-every:PT15S}")
  void deadlines() {
    try {
      int checkedIn = access.checkInDue();
      int retried = access.retryRotations();
      int expired = access.expireRequests();
      access.flagOverdueReports();
      if (checkedIn + retried + expired > 0) {
        log.info(
            "Privileged IDs: {} checked in at their deadline, {} rotations retried, {} requests"
                + " expired",
            checkedIn,
            retried,
            expired);
      }
    } catch (RuntimeException e) {
      log.error("Privileged-ID deadline check failed (retried in 15 s): {}", e.getMessage(), e);
    }
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
  void periodic() {
    try {
      var rotated = access.rotateIdle();
      var outside = access.detectOutOfWindow();
      if (!rotated.isEmpty() || !outside.isEmpty()) {
        log.info(
            "Privileged IDs rotated (PR-4): {}; held outside a checkout: {}", rotated, outside);
      }
    } catch (RuntimeException e) {
      log.error("Privileged-ID periodic check failed: {}", e.getMessage(), e);
    }
  }
}
