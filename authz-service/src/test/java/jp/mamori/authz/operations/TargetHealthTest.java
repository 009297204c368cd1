package jp.mamori.authz.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jp.mamori.hrsync.reconcile.DirectoryHealth;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class TargetHealthTest {

  @Test
  void directoryWhenItAnswersThenUpWithWhereHowLongAndThePool() {
    DirectoryHealth answers =
        () ->
            new DirectoryHealth.Answered(
                new DirectoryHealth.Ping(
                    "ldap.example.jp:636",
                    "ou=people,dc=example,dc=jp",
                    Duration.ofMillis(12),
                    3,
                    10));

    Health health = TargetHealth.directory(answers).health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .containsEntry("endpoint", "ldap.example.jp:636")
        .containsEntry("peopleDn", "ou=people,dc=example,dc=jp")
        .containsEntry("roundTripMillis", 12L)
        .containsEntry("idleConnections", 3)
        .containsEntry("maxConnections", 10);
  }

  @Test
  void directoryWhenItRefusesThenDownWithTheResultCodeAndTheFirstLineOnly() {
    DirectoryHealth refuses =
        () ->
            new DirectoryHealth.Failed(
                "81 (server down)", true, "Directory unreachable at ldap.example.jp:636\ncause");

    Health health = TargetHealth.directory(refuses).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails())
        .containsEntry("resultCode", "81 (server down)")
        .containsEntry("retryable", true)
        .containsEntry("error", "Directory unreachable at ldap.example.jp:636");
  }
}
