package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * Keycloak going away for real in the middle of a batch (LC-1): a Keycloak of this test's own is
 * frozen ({@code SIGSTOP}: connections are accepted, nothing is answered) or killed after a given
 * number of changes took effect — counted by a response filter on the admin client's HTTP client,
 * so the moment is exact — and refuses Mamori's admin account. In every case the apply ends after
 * the requests in flight (one read timeout, not one per remaining change), reports what took
 * effect, the first failure and what was not tried, and, once Keycloak goes on, planning again
 * plans exactly what is missing and applying it completes the batch.
 *
 * <p>Keycloak's in-memory database does not survive a restart, so what took effect is read after
 * letting a frozen Keycloak go on ({@code SIGCONT}); the kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakGoneIT {

  private static final String REALM = "gone-it";
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final int STAFF = 200;

  /** Short, so that the test is quick; the stop is measured against them. */
  private static final KeycloakTimeouts TIMEOUTS =
      new KeycloakTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));

  private static final Planner planner;

  static {
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
    planner =
        new Planner(
            new LifecycleRules(
                shipped.deleteAfterDisable(),
                Duration.ofDays(3650),
                shipped.contractorGrace(),
                shipped.orphanGrace(),
                100,
                1000));
  }

  private static EmbeddedKeycloak keycloak;
  private static Keycloak observer;
  private static KeycloakTarget reader;

  @BeforeAll
  static void start() {
    keycloak = EmbeddedKeycloak.start(EmbeddedKeycloak.homeFromEnvironment());
    observer = keycloak.adminClient();
    new KeycloakRealmConfigurator(observer, REALM)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18083", "mamori-api"));
    reader = new KeycloakTarget(observer, REALM, false, KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE);
  }

  @AfterAll
  static void stop() {
    if (keycloak != null) {
      if (keycloak.serverProcess().isAlive()) {
        signal("-CONT"); // in case a test failed while Keycloak was frozen
      }
      observer.close();
      keycloak.close();
    }
  }

  /**
   * LC-1: Keycloak freezes after two of eight import requests of an onboarding answered. The apply
   * ends within the in-flight timeouts, PARTIAL: every joiner reported applied is in Keycloak, the
   * joiners in Keycloak but not reported are among those in flight at the freeze (sent, not
   * confirmed), and the rest was not tried. Planning again plans exactly the joiners not in
   * Keycloak, and applying that completes the onboarding with each joiner once.
   */
  @Test
  @Order(1)
  void applyAllWhenKeycloakFreezesMidOnboardingThenStopsAfterTheInFlightTimeoutsAndResumes() {
    HrFile hr = hr("K01");
    List<PlannedAction> creates = changes(hr);
    assertThat(creates).hasSize(STAFF).allMatch(a -> a instanceof PlannedAction.Create);
    Hook freeze =
        new Hook(2, (request, response) -> request.getUri().getPath().endsWith("/partialImport"));

    Stopped stopped = applyUntilStopped(creates, freeze, () -> signal("-STOP"));
    signal("-CONT");

    // An import in flight at the freeze commits once Keycloak goes on, maybe during a read, which
    // then lists a joiner before its group does: read until each joiner read is in its section.
    List<TargetAccount> read =
        Poll.until(
            "a reading of Keycloak with every joiner in section K01 (imports in flight committed)",
            reader::read,
            accounts -> accounts.stream().allMatch(a -> a.sections().equals(Set.of("K01"))));
    Set<String> present = employeeNumbers(read);
    PartiallyApplied e = stopped.failure();
    assertStoppedWithinTheInFlightTimeouts(stopped, KeycloakTarget.IMPORT_PARALLELISM);
    assertThat(employeeNumbers(e.applied())).hasSizeGreaterThanOrEqualTo(2 * 25);
    assertThat(present)
        .as("in Keycloak: what was reported applied, and what was in flight at the freeze")
        .containsAll(employeeNumbers(e.applied()))
        .doesNotContainAnyElementsOf(employeeNumbers(e.notTried()))
        .hasSizeLessThanOrEqualTo(e.applied().size() + KeycloakTarget.IMPORT_PARALLELISM * 25);
    assertThat(e.notTried()).isNotEmpty();

    // planned from the same reading: a request in flight at the freeze may still land meanwhile
    List<PlannedAction> rest = changes(hr, read);
    assertThat(employeeNumbers(rest))
        .as("planned again: exactly the joiners not in Keycloak")
        .isEqualTo(minus(employeeNumbers(creates), present));
    try (Keycloak admin = keycloak.adminClient(TIMEOUTS)) {
      assertThat(target(admin).applyAll(rest, APRIL_1)).isEqualTo(rest);
    }
    List<TargetAccount> after = reader.read();
    assertThat(employeeNumbers(after)).isEqualTo(employeeNumbers(creates));
    assertThat(after).hasSize(STAFF);
    assertThat(changes(hr)).isEmpty();
  }

  /**
   * LC-1: Keycloak freezes after 50 transfers (join, leave, end sessions) were made, four accounts
   * at a time. The apply ends within the in-flight timeouts, PARTIAL; each transfer reported
   * applied is complete in Keycloak, at most one per account in flight is half made, and planning
   * again after Keycloak goes on plans exactly the accounts not yet in their new section alone;
   * applying that completes the transfers.
   */
  @Test
  @Order(2)
  void applyAllWhenKeycloakFreezesMidTransfersThenStopsAfterTheInFlightTimeoutsAndResumes() {
    HrFile april = hr("Z01");
    List<PlannedAction> moves = changes(april);
    assertThat(moves).hasSize(STAFF).allMatch(a -> a instanceof PlannedAction.ChangeSections);
    Hook freeze =
        new Hook(
            50,
            (request, response) ->
                request.getMethod().equals("POST")
                    && request.getUri().getPath().endsWith("/logout"));

    Stopped stopped = applyUntilStopped(moves, freeze, () -> signal("-STOP"));
    signal("-CONT");

    PartiallyApplied e = stopped.failure();
    assertStoppedWithinTheInFlightTimeouts(stopped, KeycloakTarget.APPLY_PARALLELISM);
    List<TargetAccount> read = reader.read();
    Set<String> moved = employeeNumbers(read, a -> a.sections().equals(Set.of("Z01")));
    Set<String> touched = employeeNumbers(read, a -> a.sections().contains("Z01"));
    assertThat(employeeNumbers(e.applied())).hasSizeGreaterThanOrEqualTo(50);
    assertThat(moved).containsAll(employeeNumbers(e.applied()));
    assertThat(touched)
        .as("changed in Keycloak: the transfers reported applied and those in flight")
        .doesNotContainAnyElementsOf(employeeNumbers(e.notTried()))
        .hasSizeLessThanOrEqualTo(e.applied().size() + KeycloakTarget.APPLY_PARALLELISM);

    List<PlannedAction> rest = changes(april, read);
    assertThat(employeeNumbers(rest))
        .as("planned again: exactly the accounts not yet in Z01 alone")
        .isEqualTo(minus(employeeNumbers(moves), moved));
    try (Keycloak admin = keycloak.adminClient(TIMEOUTS)) {
      assertThat(target(admin).applyAll(rest, APRIL_1)).isEqualTo(rest);
    }
    assertThat(reader.read()).allSatisfy(a -> assertThat(a.sections()).containsExactly("Z01"));
    assertThat(changes(april)).isEmpty();
  }

  /**
   * LC-1: Mamori's admin account can no longer get a token (its password was changed). The apply
   * stops at the first refusal without changing anything — not one refusal per change — and the
   * failure is the server's, without the password.
   */
  @Test
  @Order(3)
  void applyAllWhenTheAdminTokenIsRefusedThenStopsAtOnceAsAServerFailure() {
    List<PlannedAction> moves = changes(hr("K01"));
    AtomicInteger tokenRequests = new AtomicInteger();
    ClientResponseFilter count =
        (request, response) -> {
          if (request.getUri().getPath().endsWith("/token")) {
            tokenRequests.incrementAndGet();
          }
        };
    String wrong = "not-the-admin-password-" + System.nanoTime();
    Client http = KeycloakAdminClient.httpClient(TIMEOUTS).register(count);
    try (Keycloak locked =
        KeycloakBuilder.builder()
            .serverUrl(keycloak.baseUrl())
            .realm("master")
            .clientId("admin-cli")
            .username(keycloak.adminCredentials().username())
            .password(wrong)
            .resteasyClient(http)
            .build()) {

      assertThatThrownBy(() -> target(locked).applyAll(moves, APRIL_1))
          .isInstanceOfSatisfying(
              PartiallyApplied.class,
              e -> {
                assertThat(e.applied()).isEmpty();
                assertThat(e.notTried())
                    .hasSizeGreaterThanOrEqualTo(STAFF - KeycloakTarget.APPLY_PARALLELISM);
                KeycloakException cause = (KeycloakException) e.getCause();
                assertThat(cause.serverFailure()).isTrue();
                assertThat(cause.retryable()).isFalse();
                // Keycloak 26.7 answers a wrong password 400 invalid_grant (401 before)
                assertThat(cause.status()).isIn(400, 401);
                assertThat(cause.getCause())
                    .isInstanceOf(ProcessingException.class)
                    .hasCauseInstanceOf(WebApplicationException.class);
                assertThat(e.getMessage())
                    .contains("refused Mamori's administrative account a token")
                    .contains("mamori.keycloak.admin-password")
                    .doesNotContain(wrong);
              });
    }
    assertThat(tokenRequests.get()).isBetween(1, KeycloakTarget.APPLY_PARALLELISM);
    assertThat(changes(hr("K01"))).hasSize(STAFF);
  }

  /**
   * LC-1: Keycloak is killed after 50 transfers. A killed server refuses connections at once: the
   * apply ends well within one read timeout, PARTIAL, with the failure the server's and the rest
   * not tried. (Keycloak's in-memory database is gone with it: nothing to read back.)
   */
  @Test
  @Order(4)
  void applyAllWhenKeycloakIsKilledMidTransfersThenStopsAtOnce() {
    List<PlannedAction> moves = changes(hr("K01"));
    Hook kill =
        new Hook(
            50,
            (request, response) ->
                request.getMethod().equals("POST")
                    && request.getUri().getPath().endsWith("/logout"));

    Stopped stopped = applyUntilStopped(moves, kill, KeycloakGoneIT::kill);

    PartiallyApplied e = stopped.failure();
    print("kill", stopped);
    assertThat(stopped.stopping())
        .as("from the kill to the end of the apply")
        .isLessThan(TIMEOUTS.read());
    assertThat(e.applied()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(e.notTried()).isNotEmpty();
    KeycloakException cause = (KeycloakException) e.getCause();
    assertThat(cause.serverFailure()).isTrue();
    assertThat(cause).hasRootCauseInstanceOf(IOException.class);
  }

  /** What a stopped apply reported, and how long after the hook fired it ended. */
  private record Stopped(PartiallyApplied failure, Duration stopping) {}

  /**
   * Applies through a new admin client with {@link #TIMEOUTS} whose HTTP client runs {@code hook};
   * once the hook has counted its responses, {@code takeAway} freezes or kills Keycloak.
   */
  private static Stopped applyUntilStopped(
      List<PlannedAction> actions, Hook hook, Runnable takeAway) {
    hook.then(takeAway);
    Client http = KeycloakAdminClient.httpClient(TIMEOUTS).register(hook);
    try (Keycloak admin =
        KeycloakBuilder.builder()
            .serverUrl(keycloak.baseUrl())
            .realm("master")
            .clientId("admin-cli")
            .username(keycloak.adminCredentials().username())
            .password(keycloak.adminCredentials().password())
            .resteasyClient(http)
            .build()) {
      admin.tokenManager().grantToken(); // fresh for 60 s: no token request while taken away
      KeycloakTarget target = target(admin);
      PartiallyApplied failure = null;
      try {
        target.applyAll(actions, APRIL_1);
      } catch (PartiallyApplied e) {
        failure = e;
      }
      long ended = System.nanoTime();
      assertThat(hook.firedAt()).as("the hook fired (Keycloak taken away)").isNotZero();
      assertThat(failure).as("the apply stopped PARTIAL").isNotNull();
      return new Stopped(failure, Duration.ofNanos(ended - hook.firedAt()));
    }
  }

  /**
   * The apply ended after the requests in flight timed out (so not before one read timeout) and
   * within one read timeout per request in flight (the admin client fetches a token one request at
   * a time, so requests waiting for one add up) and well before the timeouts of one request per
   * account for every change left.
   */
  private static void assertStoppedWithinTheInFlightTimeouts(Stopped stopped, int parallelism) {
    PartiallyApplied e = stopped.failure();
    print("freeze", stopped);
    Duration inFlight = TIMEOUTS.read().multipliedBy(parallelism).plusSeconds(5);
    Duration withoutStop =
        TIMEOUTS.read().multipliedBy(Math.max(1, e.notTried().size() / parallelism));
    assertThat(stopped.stopping())
        .as("from the freeze to the end of the apply")
        .isGreaterThanOrEqualTo(TIMEOUTS.read().minusMillis(100))
        .isLessThan(inFlight)
        .isLessThan(withoutStop);
    KeycloakException cause = (KeycloakException) e.getCause();
    assertThat(cause.serverFailure()).isTrue();
    assertThat(cause).hasRootCauseInstanceOf(SocketTimeoutException.class);
  }

  private static void print(String what, Stopped stopped) {
    PartiallyApplied e = stopped.failure();
    System.out.printf(
        "KeycloakGoneIT %s: stopped %d ms after; applied %d, first failed %s, not tried %d%n",
        what,
        stopped.stopping().toMillis(),
        e.applied().size(),
        e.failed().employeeNumber(),
        e.notTried().size());
  }

  /**
   * A response filter that counts the responses {@code counts} accepts (2xx only) and, at the
   * {@code after}-th, runs its action once — in the thread that received it, before the change is
   * reported to the apply.
   */
  private static final class Hook implements ClientResponseFilter {
    private final int after;
    private final BiPredicate<ClientRequestContext, ClientResponseContext> counts;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicBoolean fired = new AtomicBoolean();
    private final AtomicLong firedAt = new AtomicLong();
    private volatile Runnable action = () -> {};

    Hook(int after, BiPredicate<ClientRequestContext, ClientResponseContext> counts) {
      this.after = after;
      this.counts = counts;
    }

    void then(Runnable takeAway) {
      this.action = takeAway;
    }

    long firedAt() {
      return firedAt.get();
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
      if (response.getStatus() / 100 == 2
          && counts.test(request, response)
          && seen.incrementAndGet() >= after
          && fired.compareAndSet(false, true)) {
        firedAt.set(System.nanoTime());
        action.run();
      }
    }
  }

  private static KeycloakTarget target(Keycloak admin) {
    return new KeycloakTarget(admin, REALM, false, KeycloakTarget.DEFAULT_IN_FLIGHT_ALLOWANCE);
  }

  /** The changes planned for Keycloak from {@code hr} against what Keycloak holds now. */
  private static List<PlannedAction> changes(HrFile hr) {
    return changes(hr, reader.read());
  }

  /** The changes planned for Keycloak from {@code hr} against {@code accounts}. */
  private static List<PlannedAction> changes(HrFile hr, List<TargetAccount> accounts) {
    return planner
        .plan(hr, accounts, EnumSet.of(Target.IDENTITY_PROVIDER), APRIL_1, Map.of())
        .changes();
  }

  /** {@link #STAFF} staff, all in {@code section}. */
  private static HrFile hr(String section) {
    List<StaffRecord> staff = new ArrayList<>();
    for (int i = 0; i < STAFF; i++) {
      staff.add(
          TestStaffRecords.staff()
              .employeeNumber(Integer.toString(60000 + i))
              .sectionCode(section)
              .effectiveDate(LocalDate.of(2024, 4, 1))
              .build());
    }
    return new HrFile(Path.of("hr.csv"), StandardCharsets.UTF_8, staff, List.of(), staff.size());
  }

  private static Set<String> employeeNumbers(List<? extends Object> items) {
    return items.stream()
        .map(o ->
            o instanceof PlannedAction a
                ? a.employeeNumber()
                : ((TargetAccount) o).employeeNumber())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> employeeNumbers(
      List<TargetAccount> accounts, Predicate<TargetAccount> which) {
    return accounts.stream()
        .filter(which)
        .map(TargetAccount::employeeNumber)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> minus(Set<String> all, Set<String> taken) {
    Set<String> rest = new HashSet<>(all);
    rest.removeAll(taken);
    return new TreeSet<>(rest);
  }

  /**
   * Sends {@code signal} ({@code -STOP}, {@code -CONT}) to Keycloak's JVM and waits for kill(1).
   */
  private static void signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder("/bin/kill", signal, Long.toString(keycloak.serverProcess().pid()))
              .inheritIO()
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " did not succeed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void kill() {
    ProcessHandle server = keycloak.serverProcess();
    server.destroyForcibly();
    server.onExit().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
