package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.access.TerminalStore;
import jp.mamori.authz.access.Terminals;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * AU-6: a clock that steps back is noticed, not hidden. On the real PostgreSQL, an action recorded
 * by a server whose clock went back an hour still happens and keeps its place and its time in the
 * chain; it is followed by a {@code CLOCK_STEPPED_BACK} event with both times, the alert of the
 * same name is raised, and the verification (API and {@code audit-verify}) lists the step with both
 * times without calling the log tampered. A step within {@code mamori.audit.max-clock-skew}
 * (writers racing, servers within the accepted skew) is not.
 */
class ClockStepIT {

  private static final Instant T0 = Instant.parse("2027-04-01T09:00:00Z");
  private static final Duration TOLERANCE = Duration.ofSeconds(5);

  private TestDatabase database;
  private JdbcClient jdbc;
  private MutableClock clock;
  private Alerts alerts;
  private AuditLog audit;
  private Terminals terminals;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    clock = new MutableClock(T0);
    alerts = new Alerts(new AlertStore(jdbc), clock);
    audit = database.audit(clock).withClockSteps(TOLERANCE, ClockCheck.alerting(alerts));
    terminals = new Terminals(new TerminalStore(jdbc), audit, clock);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void registerWhenTheClockSteppedBackAnHourThenDoneKeptInPlaceRecordedAlertedAndReported() {
    register("MN-K01-001");
    clock.advance(Duration.ofHours(-1));

    register("MN-K01-002");

    assertThat(terminals.find("MN-K01-002")).as("the action is not refused").isPresent();
    List<Map<String, Object>> events =
        jdbc.sql("select seq, at, kind, detail from audit_event order by seq").query().listOfRows();
    assertThat(events)
        .extracting(e -> e.get("kind"))
        .containsExactly("TERMINAL_REGISTER", "TERMINAL_REGISTER", "CLOCK_STEPPED_BACK");
    assertThat(((java.sql.Timestamp) events.get(1).get("at")).toInstant())
        .as("kept with the time it was given")
        .isEqualTo(T0.minus(Duration.ofHours(1)));
    var detail = JsonMapper.shared().readTree((String) events.get(2).get("detail"));
    assertThat(detail.path("seq").asLong()).isEqualTo(2);
    assertThat(detail.path("at").asString()).isEqualTo("2027-04-01T08:00:00Z");
    assertThat(detail.path("previousSeq").asLong()).isEqualTo(1);
    assertThat(detail.path("previousAt").asString()).isEqualTo("2027-04-01T09:00:00Z");
    assertThat(detail.path("back").asString()).isEqualTo("PT1H");
    assertThat(alerts.open())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.kind()).isEqualTo("CLOCK_STEPPED_BACK");
          assertThat(a.requirementId()).isEqualTo("AU-6");
          assertThat(a.detailEn())
              .contains("event 2 at 2027-04-01T08:00:00Z", "event 1 at 2027-04-01T09:00:00Z");
          assertThat(a.detailJa()).contains("NTP");
        });

    Verification v = audit.verify();
    assertThat(v.intact()).as("a clock step is no tampering").isTrue();
    assertThat(v.clockSteps())
        .singleElement()
        .satisfies(step -> {
          assertThat(step.seq()).isEqualTo(2);
          assertThat(step.at()).isEqualTo(Instant.parse("2027-04-01T08:00:00Z"));
          assertThat(step.previousSeq()).isEqualTo(1);
          assertThat(step.previousAt()).isEqualTo(T0);
        });
    VerificationView body =
        new AuditController(
                audit,
                new AuditReviews(
                    new AuditReviewStore(jdbc),
                    audit,
                    alerts,
                    Duration.ofDays(30),
                    clock,
                    ZoneId.of("Asia/Tokyo")))
            .verification();
    assertThat(body.intact()).isTrue();
    assertThat(body.clockSteps())
        .asString()
        .contains(
            "event 2 at 2027-04-01T08:00:00Z is PT1H earlier than event 1 at 2027-04-01T09:00:00Z");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        new AuditCommandConfiguration()
            .auditVerifyCommand(audit)
            .execute("audit-verify", Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("時刻が戻った記録があります (AU-6): 1 件", "event 2 at 2027-04-01T08:00:00Z");
  }

  @Test
  void appendWhenWithinTheToleranceThenNoStepAndWhenABatchStepsBackThenRecordedOnce() {
    register("MN-K01-001");
    clock.advance(TOLERANCE.negated()); // exactly the tolerance: racing writers, not a step

    register("MN-K01-002");

    assertThat(stepEvents()).isZero();
    assertThat(audit.verify().clockSteps()).isEmpty();
    assertThat(alerts.open()).isEmpty();

    clock.advance(Duration.ofMinutes(-10));
    audit.recordedAll(
        () -> 2,
        n ->
            List.of(
                new Entry("TEST_EVENT", "it", "staff/1", "{}", "AU-5"),
                new Entry("TEST_EVENT", "it", "staff/2", "{}", "AU-5")));

    assertThat(jdbc.sql("select kind from audit_event order by seq").query(String.class).list())
        .containsExactly(
            "TERMINAL_REGISTER",
            "TERMINAL_REGISTER",
            "TEST_EVENT",
            "TEST_EVENT",
            "CLOCK_STEPPED_BACK");
    Verification v = audit.verify();
    assertThat(v.intact()).isTrue();
    assertThat(v.clockSteps())
        .singleElement()
        .satisfies(step -> {
          assertThat(step.seq()).isEqualTo(3);
          assertThat(step.back()).isEqualTo(Duration.ofMinutes(10));
        });
    assertThat(alerts.open()).extracting(Alerts.Alert::kind).containsExactly("CLOCK_STEPPED_BACK");
  }

  private void register(String id) {
    terminals.register(id, Tier.MYNUMBER, Optional.of("k01"), List.of("10.20.30.0/24"), "it");
  }

  private long stepEvents() {
    return jdbc.sql("select count(*) from audit_event where kind = 'CLOCK_STEPPED_BACK'")
        .query(Long.class)
        .single();
  }
}
