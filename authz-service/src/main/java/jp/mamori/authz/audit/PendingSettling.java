package jp.mamori.authz.audit;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Settles the changes left pending ({@link RecordedChange}) of every feature that has them — each
 * {@link RecordedChange.Settling} bean: account actions, sanctions' account changes — in the
 * running service.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnWebApplication
class PendingSettling {

  @Bean
  SettleJob pendingChangeSettling(ObjectProvider<RecordedChange.Settling> features) {
    return new SettleJob(features);
  }

  /**
   * A minute after start-up (what a stop between Keycloak's change and its record left), then every
   * ten minutes, on each instance: rows an action in flight holds are skipped and a row is settled
   * once, so instances need no claim; with nothing pending it is one indexed query per feature. One
   * feature failing (its table, or Keycloak, unreadable) does not keep the others from settling.
   */
  static final class SettleJob {
    private static final Logger log = LoggerFactory.getLogger(SettleJob.class);
    private final ObjectProvider<RecordedChange.Settling> features;

    SettleJob(ObjectProvider<RecordedChange.Settling> features) {
      this.features = features;
    }

    @Scheduled(initialDelay = 1, fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    void settle() {
      features
          .orderedStream()
          .forEach(feature -> {
            try {
              int settled = feature.settlePending();
              if (settled > 0) {
                log.info("{} pending {} settled from Keycloak's state", settled, feature.changes());
              }
            } catch (RuntimeException e) {
              log.warn("Pending {} not settled now: {}", feature.changes(), e.getMessage());
            }
          });
    }
  }
}
