package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Dormant IDs (LC-3) through the lifecycle service on the real PostgreSQL schema: login events are
 * ingested window by window, a person who logged in on any ID is not dormant, nobody is dormant
 * before the policy's period has been observed, and a read failure or a gap in the events never
 * turns into dormancy. (Reading Keycloak's real LOGIN events is tested in hr-sync's
 * KeycloakTargetIT.)
 */
class LoginActivityIT {

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final Instant DAY_0 = Instant.parse("2027-01-04T00:00:00Z");

  private static TestDatabase database;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(DAY_0);
  private InMemoryTarget directory;
  private InMemoryTarget keycloak;
  private Events events;
  private LifecycleService service;

  @BeforeAll
  static void database() {
    database = TestDatabase.start();
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @BeforeEach
  void service() {
    JdbcClient jdbc = database.jdbc();
    jdbc.sql(
            "truncate lifecycle_journal, lifecycle_plan_action, lifecycle_plan, orphan_seen,"
                + " login_activity, login_watch")
        .update();
    directory = new InMemoryTarget(Target.DIRECTORY);
    keycloak = new InMemoryTarget(Target.IDENTITY_PROVIDER);
    events = new Events();
    service =
        new LifecycleService(
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            new Planner(PolicyLoader.loadDefault().lifecycle()), // dormantAfter P90D
            List.of(directory, keycloak),
            List.of(events),
            LifecycleStores.on(jdbc, clock),
            database.audit(clock),
            clock,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            false,
            Optional.empty(),
            List.of());
  }

  @Test
  void planWhenNoLoginForTheWholePeriodThenDormantOnEveryTargetButNotWhoLoggedIn()
      throws Exception {
    Path hr = hrFile(3);
    service.apply(service.plan(hr, today()).id(), today()); // observation starts on day 0
    clock.advance(Duration.ofDays(10));
    events.logins.add(login("id-70001", clock.instant()));
    assertThat(service.plan(hr, today()).plan().changes()).isEmpty();

    clock.advance(Duration.ofDays(85)); // day 95: 95 days unobserved, 85 since 70001's login
    List<PlannedAction> changes = service.plan(hr, today()).plan().changes();

    assertThat(changes)
        .allSatisfy(a ->
            assertThat(a)
                .isInstanceOfSatisfying(
                    PlannedAction.Disable.class,
                    d -> assertThat(d.stopReason()).isEqualTo(StopReason.DORMANT)))
        .extracting(a -> a.target() + ":" + a.employeeNumber())
        .containsExactlyInAnyOrder(
            "DIRECTORY:70000",
            "IDENTITY_PROVIDER:70000",
            "DIRECTORY:70002",
            "IDENTITY_PROVIDER:70002");
    assertThat(events.windows)
        .as("each run reads only the logins since the previous one")
        .hasSize(2)
        .allSatisfy(w -> assertThat(w[0]).isBefore(w[1]));
    assertThat(events.windows.get(1)[0]).isEqualTo(events.windows.get(0)[1]);
  }

  @Test
  void planWhenObservationIsYoungerThanThePeriodThenNobodyIsDormant() throws Exception {
    Path hr = hrFile(2);
    service.apply(service.plan(hr, today()).id(), today());
    clock.advance(Duration.ofDays(60));

    assertThat(service.plan(hr, today()).plan().changes()).isEmpty();
  }

  @Test
  void planWhenLoginEventsCannotBeReadThenPlanningFailsAndTheWindowIsReadLater() throws Exception {
    Path hr = hrFile(2);
    service.apply(service.plan(hr, today()).id(), today());
    clock.advance(Duration.ofDays(100));
    events.fail = true;

    assertThatThrownBy(() -> service.plan(hr, today())).hasMessageContaining("simulated");

    events.fail = false;
    events.logins.add(login("id-70000", clock.instant().minus(Duration.ofDays(1))));
    events.logins.add(login("id-70001", clock.instant().minus(Duration.ofDays(1))));
    assertThat(service.plan(hr, today()).plan().changes())
        .as("the failed window was read the next time: both logged in yesterday")
        .isEmpty();
  }

  @Test
  void planWhenEventsWereNotReadForLongerThanTheyAreKeptThenObservationStartsAgain()
      throws Exception {
    Path hr = hrFile(2);
    service.apply(service.plan(hr, today()).id(), today());
    clock.advance(Duration.ofDays(500)); // events are kept 400 days: logins may be lost

    assertThat(service.plan(hr, today()).plan().changes()).isEmpty();
    clock.advance(Duration.ofDays(91));
    assertThat(service.plan(hr, today()).plan().changes()).hasSize(4);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Tokyo"));
  }

  private static LoginEventSource.Login login(String accountId, Instant time) {
    return new LoginEventSource.Login(accountId, time, "192.0.2.10");
  }

  /** In-memory twin of the Keycloak login events, recording the windows asked for. */
  private static final class Events implements LoginEventSource {
    final List<Login> logins = new ArrayList<>();
    final List<Instant[]> windows = new ArrayList<>();
    boolean fail;

    @Override
    public Target target() {
      return Target.IDENTITY_PROVIDER;
    }

    @Override
    public List<Login> loginsBetween(Instant after, Instant until) {
      if (fail) {
        throw new IllegalStateException("login events unreachable (simulated)");
      }
      windows.add(new Instant[] {after, until});
      return logins.stream()
          .filter(l -> l.time().isAfter(after) && !l.time().isAfter(until))
          .toList();
    }

    @Override
    public Duration retention() {
      return Duration.ofDays(400);
    }
  }

  private Path hrFile(int count) throws IOException {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          String.join(
              ",",
              Integer.toString(70000 + i),
              "試験 太郎",
              "シケン タロウ",
              "K01",
              "市民課",
              "主事",
              "01",
              "01",
              "2024-04-01",
              ""));
    }
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
