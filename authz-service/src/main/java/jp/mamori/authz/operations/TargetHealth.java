package jp.mamori.authz.operations;

import jp.mamori.hrsync.reconcile.DirectoryHealth;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the parts Mamori cannot work without besides its database: Keycloak (through the
 * admin client, as every sync and check-in uses it) and the directory (over the pool the sync
 * uses). Each check is a single cheap read; a failure says what was tried and what answered, never
 * a credential.
 */
final class TargetHealth {

  private TargetHealth() {}

  /** Keycloak: the admin client's token and one read of Mamori's realm. */
  static HealthIndicator keycloak(Keycloak admin, String realm, String url) {
    return () -> {
      long start = System.nanoTime();
      try {
        Integer users = admin.realm(realm).users().count();
        return Health.up()
            .withDetail("url", url)
            .withDetail("realm", realm)
            .withDetail("users", users)
            .withDetail("roundTripMillis", (System.nanoTime() - start) / 1_000_000)
            .build();
      } catch (RuntimeException e) {
        return Health.down()
            .withDetail("url", url)
            .withDetail("realm", realm)
            .withDetail(
                "error",
                "expected the admin API to answer for realm "
                    + realm
                    + "; found "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())))
            .build();
      }
    };
  }

  /** The directory: the people subtree's base entry read over the sync's pool. */
  static HealthIndicator directory(DirectoryHealth directory) {
    return () ->
        switch (directory.probe()) {
          case DirectoryHealth.Answered(DirectoryHealth.Ping ping) ->
              Health.up()
                  .withDetail("endpoint", ping.endpoint())
                  .withDetail("peopleDn", ping.peopleDn())
                  .withDetail("roundTripMillis", ping.roundTrip().toMillis())
                  .withDetail("idleConnections", ping.idleConnections())
                  .withDetail("maxConnections", ping.maxConnections())
                  .build();
          case DirectoryHealth.Failed failed ->
              Health.down()
                  .withDetail("resultCode", failed.resultCode())
                  .withDetail("retryable", failed.retryable())
                  .withDetail("error", firstLine(failed.message()))
                  .build();
        };
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
