package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * The admin client's bounded waits and the apply's stop on a server failure, against sockets that
 * stand in for a Keycloak that went away (LC-1): one that accepts connections and answers nothing
 * (a frozen process: the kernel completes the handshake), and a port where nothing listens. The
 * same on the real Keycloak, frozen and killed mid-batch, is {@code KeycloakGoneIT}.
 */
class KeycloakAdminClientTest {

  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final int CHANGES = 200;
  private static final KeycloakTimeouts SHORT =
      new KeycloakTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));

  /**
   * LC-1: Keycloak hangs. Each account's first request waits for the admin token, whose requests
   * the admin client makes one at a time: the apply ends after at most one read timeout per request
   * in flight, not one per planned change, with nothing applied and the rest not tried.
   */
  @Test
  void applyAllWhenKeycloakAnswersNothingThenStopsAfterTheRequestsInFlight() throws IOException {
    try (ServerSocket hung = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Keycloak admin = KeycloakAdminClient.connect(settings(hung.getLocalPort()))) {
      KeycloakTarget target = standardTarget(admin);
      List<PlannedAction> disables = disables();

      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> target.applyAll(disables, APRIL_1));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      Duration inFlight = SHORT.read().multipliedBy(KeycloakTarget.APPLY_PARALLELISM);
      Duration withoutStop = SHORT.read().multipliedBy(CHANGES / KeycloakTarget.APPLY_PARALLELISM);
      assertThat(took)
          .as(
              "one read timeout per request in flight (%s), not per change (%s)",
              inFlight, withoutStop)
          .isLessThan(inFlight.plusSeconds(3))
          .isLessThan(withoutStop);
      assertThat(thrown)
          .isInstanceOfSatisfying(
              PartiallyApplied.class,
              e -> {
                assertThat(e.applied()).isEmpty();
                assertThat(e.notTried())
                    .hasSizeBetween(CHANGES - KeycloakTarget.APPLY_PARALLELISM, CHANGES - 1);
                assertThat(e.getMessage()).contains("further changes not tried");
                KeycloakException cause = (KeycloakException) e.getCause();
                assertThat(cause.serverFailure()).isTrue();
                assertThat(cause.status()).isZero();
                assertThat(cause).hasRootCauseInstanceOf(SocketTimeoutException.class);
              });
    }
  }

  /**
   * LC-1: nothing listens where Keycloak was. Joiners: the section groups cannot be read, no import
   * is sent, the first joiner is the failure and the others are not tried; per-account changes: at
   * most one per account in flight is tried.
   */
  @Test
  void applyAllWhenNothingListensThenTheFirstFailureStopsTheBatch() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    try (Keycloak admin = KeycloakAdminClient.connect(settings(port))) {
      KeycloakTarget target = standardTarget(admin);
      List<PlannedAction> creates = creates();

      assertThatThrownBy(() -> target.applyAll(creates, APRIL_1))
          .isInstanceOfSatisfying(
              PartiallyApplied.class,
              e -> {
                assertThat(e.applied()).isEmpty();
                assertThat(e.failed()).isEqualTo(creates.getFirst());
                assertThat(e.notTried()).isEqualTo(creates.subList(1, CHANGES));
                assertThat(((KeycloakException) e.getCause()).serverFailure()).isTrue();
              });
      assertThatThrownBy(() -> target.applyAll(disables(), APRIL_1))
          .isInstanceOfSatisfying(
              PartiallyApplied.class,
              e ->
                  assertThat(e.notTried())
                      .hasSizeBetween(CHANGES - KeycloakTarget.APPLY_PARALLELISM, CHANGES - 1));
    }
  }

  @Test
  void settingsWhenTimeoutsOutOfRangeThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new KeycloakTimeouts(Duration.ofMillis(500), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "mamori.keycloak.connect-timeout: expected a duration between PT1S and PT1M, found"
                + " PT0.5S");
    assertThatThrownBy(() -> new KeycloakTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mamori.keycloak.read-timeout: expected a duration between");
    assertThatThrownBy(() -> new KeycloakTimeouts(null, Duration.ofSeconds(30)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("mamori.keycloak.connect-timeout");
  }

  @Test
  void settingsWhenNoTimeoutsGivenThenTheBoundedDefaultsAndOnlyOtherValuesShown() {
    KeycloakSettings defaults =
        new KeycloakSettings(
            "https://sso.example.lg.jp", "master", "admin-cli", "mamori", "s3cret", "staff");

    assertThat(defaults.timeouts())
        .isEqualTo(KeycloakTimeouts.DEFAULT)
        .isEqualTo(new KeycloakTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
    assertThat(defaults.toString()).doesNotContain("timeouts").doesNotContain("s3cret");
    assertThat(defaults.withTimeouts(SHORT).toString())
        .contains("timeouts=KeycloakTimeouts[connect=PT1S, read=PT1S]")
        .doesNotContain("s3cret");
  }

  private static KeycloakSettings settings(int port) {
    return new KeycloakSettings(
        "http://127.0.0.1:" + port,
        "master",
        "admin-cli",
        "mamori-admin",
        "not-a-real-password",
        "staff",
        SHORT);
  }

  private static KeycloakTarget standardTarget(Keycloak admin) {
    return new KeycloakTarget(admin, "staff", false, KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE);
  }

  private static List<PlannedAction> disables() {
    List<PlannedAction> actions = new ArrayList<>();
    for (int i = 0; i < CHANGES; i++) {
      actions.add(
          new PlannedAction.Disable(
              Target.IDENTITY_PROVIDER,
              Integer.toString(50000 + i),
              "user-" + i,
              StopReason.RETIRED,
              Situation.DEPARTED,
              Reason.of("退職", "leaver", "LC-2")));
    }
    return actions;
  }

  private static List<PlannedAction> creates() {
    List<PlannedAction> actions = new ArrayList<>();
    for (int i = 0; i < CHANGES; i++) {
      actions.add(
          new PlannedAction.Create(
              Target.IDENTITY_PROVIDER,
              TestStaffRecords.staff().employeeNumber(Integer.toString(51000 + i)).build(),
              Set.of("K01"),
              Situation.UNMATCHED,
              Reason.of("採用", "joiner", "LC-1")));
    }
    return actions;
  }

  private static Throwable catchThrowable(Runnable run) {
    try {
      run.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
