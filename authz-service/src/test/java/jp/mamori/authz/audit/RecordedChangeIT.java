package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.RefusedAudit;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.authz.audit.RecordedChange.Outcome;
import jp.mamori.authz.audit.RecordedChange.Unrecorded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The steps of {@link RecordedChange} on the real PostgreSQL, the audit insert made to fail as
 * AuditWriteFailureIT does (a trigger), and "Keycloak" a flag that a change sets: which order
 * leaves what when the database or the change fails, how a pending row is settled, and that
 * settling passes over a row an action in flight holds. Keycloak itself is in AccountRecordIT and
 * AuthenticatorRecordIT.
 */
class RecordedChangeIT {

  private TestDatabase database;
  private JdbcClient jdbc;
  private AuditLog audit;
  private RecordedChange changes;

  /** What "Keycloak" shows: whether the change is in effect. */
  private final AtomicBoolean keycloak = new AtomicBoolean();

  /** Whether "Keycloak" can be read. */
  private final AtomicBoolean readable = new AtomicBoolean(true);

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    jdbc.sql(
            """
            create table test_action (
                id bigserial primary key, what varchar(40) not null, state varchar(10) not null,
                error varchar(1000), settled_at timestamptz)
            """)
        .update();
    MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    audit = database.audit(clock);
    changes = new RecordedChange(new RecordedChangeStore("test_action", jdbc), audit, clock);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void recordFirstWhenTheRequestIsRefusedThenNothingChangesAndTheCallerGetsTheDatabaseError() {
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() -> changes.make(Order.RECORD_FIRST, journal(), () -> keycloak.set(true)))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining(RefusedAudit.MESSAGE);

    assertThat(keycloak).as("not changed without its request on record").isFalse();
    assertThat(rows()).isEmpty();
    assertThat(kinds()).isEmpty();
  }

  @Test
  void recordFirstWhenAllGoesWellThenDoneWithRequestAndOutcome() {
    changes.make(Order.RECORD_FIRST, journal(), () -> keycloak.set(true));

    assertThat(keycloak).isTrue();
    assertThat(rows()).containsExactly("DONE|");
    assertThat(kinds()).containsExactly("TEST_REQUESTED", "TEST");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void recordFirstWhenTheOutcomeIsRefusedThenMadeWithTheRequestPendingUntilSettled() {
    RefusedAudit.kinds(jdbc, "TEST");

    assertThatThrownBy(() -> changes.make(Order.RECORD_FIRST, journal(), () -> keycloak.set(true)))
        .isInstanceOfSatisfying(
            Unrecorded.class, e -> assertThat(e.pending()).hasValue(pendingId()))
        .hasMessageContaining("stays pending");

    assertThat(keycloak).isTrue();
    assertThat(rows()).as("in effect, and its request on record").containsExactly("PENDING|");
    assertThat(kinds()).containsExactly("TEST_REQUESTED");

    RefusedAudit.lift(jdbc);
    assertThat(changes.settle(pendingId(), journal(), Optional.empty())).isTrue();

    assertThat(rows()).containsExactly("DONE|settled later: the effect shows in Keycloak");
    assertThat(kinds()).containsExactly("TEST_REQUESTED", "TEST");
  }

  @Test
  void makeWhenTheChangeFailsAndItsEffectDoesNotShowThenFailedWithTheError() {
    assertThatThrownBy(() ->
            changes.make(
                Order.RECORD_FIRST,
                journal(),
                () -> {
                  throw new IllegalStateException("Keycloak refused: 403 Forbidden");
                }))
        .hasMessage("Keycloak refused: 403 Forbidden");

    assertThat(rows()).containsExactly("FAILED|Keycloak refused: 403 Forbidden");
    assertThat(kinds()).containsExactly("TEST_REQUESTED", "TEST_FAILED");
  }

  @Test
  void makeWhenTheChangeFailsButItsEffectShowsThenDoneWithTheErrorNoted() {
    assertThatThrownBy(() ->
            changes.make(
                Order.RECORD_FIRST,
                journal(),
                () -> {
                  keycloak.set(true); // made, but the answer was lost (a read timeout)
                  throw new IllegalStateException("Keycloak unreachable: read timed out");
                }))
        .hasMessageContaining("read timed out");

    assertThat(rows())
        .containsExactly(
            "DONE|Keycloak answered an error (Keycloak unreachable: read timed out), yet the"
                + " effect shows in Keycloak");
  }

  @Test
  void makeWhenTheChangeFailsAndKeycloakCannotBeReadThenPendingNotDone() {
    assertThatThrownBy(() ->
            changes.make(
                Order.RECORD_FIRST,
                journal(),
                () -> {
                  readable.set(false);
                  throw new IllegalStateException("Keycloak unreachable");
                }))
        .hasMessage("Keycloak unreachable");

    assertThat(rows()).containsExactly("PENDING|");
    assertThat(kinds()).containsExactly("TEST_REQUESTED");
    assertThat(changes.settle(pendingId(), journal(), Optional.empty()))
        .as("still unreadable: left for the next settling")
        .isFalse();

    readable.set(true);
    assertThat(changes.settle(pendingId(), journal(), Optional.empty())).isTrue();
    assertThat(rows())
        .containsExactly(
            "FAILED|settled later: the effect does not show in Keycloak (not made, or undone"
                + " since)");
  }

  @Test
  void changeRegardlessWhenEveryRecordIsRefusedThenMadeAndTheCallerIsToldItIsUnrecorded() {
    RefusedAudit.all(jdbc);

    assertThatThrownBy(
            () -> changes.make(Order.CHANGE_REGARDLESS, journal(), () -> keycloak.set(true)))
        .isInstanceOfSatisfying(Unrecorded.class, e -> assertThat(e.pending()).isEmpty())
        .hasMessageContaining("not recorded");

    assertThat(keycloak).as("made while the database is down").isTrue();
    assertThat(rows()).isEmpty();
  }

  @Test
  void changeRegardlessWhenOnlyTheRequestIsRefusedThenMadeAndRecordedAfter() {
    RefusedAudit.kinds(jdbc, "TEST_REQUESTED");

    changes.make(Order.CHANGE_REGARDLESS, journal(), () -> keycloak.set(true));

    assertThat(keycloak).isTrue();
    assertThat(rows())
        .containsExactly(
            "DONE|recorded after the change: the database refused the request before it");
    assertThat(kinds()).containsExactly("TEST");
  }

  @Test
  void changeRegardlessWhenTheChangeFailsWithTheDatabaseDownThenNeitherMadeNorRecorded() {
    RefusedAudit.all(jdbc);

    assertThatThrownBy(() ->
            changes.make(
                Order.CHANGE_REGARDLESS,
                journal(),
                () -> {
                  throw new IllegalStateException("Keycloak unreachable");
                }))
        .hasMessage("Keycloak unreachable");

    assertThat(keycloak).isFalse();
    assertThat(rows()).isEmpty();
  }

  @Test
  void settleWhenAnActionInFlightHoldsTheRowThenItIsPassedOver() {
    Boolean[] settledMeanwhile = new Boolean[1];

    changes.make(
        Order.RECORD_FIRST,
        journal(),
        () -> {
          // another instance's settling run, while this action is making its change
          settledMeanwhile[0] =
              CompletableFuture.supplyAsync(
                      () -> changes.settle(pendingId(), journal(), Optional.empty()))
                  .orTimeout(30, TimeUnit.SECONDS)
                  .join();
          keycloak.set(true);
        });

    assertThat(settledMeanwhile[0]).as("skipped, not waited for nor settled failed").isFalse();
    assertThat(rows()).containsExactly("DONE|");
    assertThat(kinds()).containsExactly("TEST_REQUESTED", "TEST");
  }

  /** A journal over {@code test_action}, whose "Keycloak" is {@link #keycloak}. */
  private RecordedChange.Journal journal() {
    return new RecordedChange.Journal() {
      @Override
      public String what() {
        return "TEST";
      }

      @Override
      public long intend() {
        long id =
            jdbc.sql(
                    "insert into test_action (what, state) values ('TEST', 'PENDING') returning id")
                .query(Long.class)
                .single();
        audit.append(new AuditChain.Entry("TEST_REQUESTED", "it", "test/" + id, "{}", "AU-5"));
        return id;
      }

      @Override
      public long recordAfter() {
        long id =
            jdbc.sql(
                    "insert into test_action (what, state, error, settled_at) values ('TEST',"
                        + " 'DONE', 'recorded after the change: the database refused the request"
                        + " before it', now()) returning id")
                .query(Long.class)
                .single();
        audit.append(new AuditChain.Entry("TEST", "it", "test/" + id, "{}", "AU-5"));
        return id;
      }

      @Override
      public void settled(long id, Outcome outcome) {
        audit.append(
            new AuditChain.Entry(
                outcome instanceof Outcome.Failed ? "TEST_FAILED" : "TEST",
                "it",
                "test/" + id,
                "{}",
                "AU-5"));
      }

      @Override
      public boolean inEffect() {
        if (!readable.get()) {
          throw new IllegalStateException("Keycloak unreachable");
        }
        return keycloak.get();
      }
    };
  }

  private long pendingId() {
    return database
        .jdbc()
        .sql("select id from test_action where state = 'PENDING'")
        .query(Long.class)
        .single();
  }

  private List<String> rows() {
    return database
        .jdbc()
        .sql("select state || '|' || coalesce(error, '') from test_action order by id")
        .query(String.class)
        .list();
  }

  private List<String> kinds() {
    return database
        .jdbc()
        .sql("select kind from audit_event order by seq")
        .query(String.class)
        .list();
  }
}
