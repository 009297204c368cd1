package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.access.TerminalStore;
import jp.mamori.authz.access.Terminals;
import jp.mamori.hrsync.reconcile.AuthEventSource.AuthEvent;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * AU-5: an action guarded by the audit log does not happen when its record cannot be written. On
 * the real PostgreSQL, the service connects with its own role; when that role may no longer insert
 * into {@code audit_event} (an administrator revoked it), registering or retiring a terminal fails
 * with the database's error and leaves the registry as it was — no terminal trusted, none retired,
 * unrecorded. When a trigger refuses the records of Keycloak's login events, the watermark does not
 * move, so the events are taken on the next run instead of being lost.
 */
class AuditWriteFailureIT {

  private static final String TERMINAL = "MN-K01-001";

  private TestDatabase database;
  private JdbcClient owner;
  private HikariDataSource app;
  private MutableClock clock;
  private AuditLog audit;
  private Terminals terminals;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    owner = database.jdbc();
    // the service's own role, as in production: it may read and write Mamori's tables
    owner.sql("create role mamori_app nologin").update();
    owner.sql("grant usage on schema public to mamori_app").update();
    owner
        .sql("grant select, insert, update, delete on all tables in schema public to mamori_app")
        .update();
    owner.sql("grant usage, select on all sequences in schema public to mamori_app").update();
    app = new HikariDataSource();
    app.setJdbcUrl(database.jdbcUrl());
    app.setUsername(database.username());
    app.setConnectionInitSql("set role mamori_app");
    clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    audit = AuditLogStore.auditLog(app, clock, AuditSigner.generate());
    terminals = new Terminals(new TerminalStore(JdbcClient.create(app)), audit, clock);
  }

  @AfterEach
  void stop() {
    app.close();
    database.close();
  }

  @Test
  void registerWhenTheAuditInsertIsRefusedThenNoTerminalIsRegisteredAndTheCallerGetsTheError() {
    owner.sql("revoke insert on audit_event from mamori_app").update();

    assertThatThrownBy(() ->
            terminals.register(
                TERMINAL, Tier.MYNUMBER, Optional.of("k01"), List.of("10.20.30.0/24"), "it-admin"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied for table audit_event");

    assertThat(terminals.lookUp(TERMINAL)).as("not trusted for an access decision").isEmpty();
    assertThat(count("terminal")).isZero();
    assertThat(count("terminal_event")).isZero();
    assertThat(count("audit_event")).isZero();

    owner.sql("grant insert on audit_event to mamori_app").update();
    terminals.register(
        TERMINAL, Tier.MYNUMBER, Optional.of("k01"), List.of("10.20.30.0/24"), "it-admin");

    assertThat(terminals.find(TERMINAL)).isPresent();
    assertThat(kinds()).containsExactly("TERMINAL_REGISTER");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void retireWhenTheAuditInsertIsRefusedThenTheTerminalStaysAsItWasAndTheCallerGetsTheError() {
    terminals.register(TERMINAL, Tier.LGWAN, Optional.empty(), List.of("10.20.0.0/16"), "it-admin");
    owner.sql("revoke insert on audit_event from mamori_app").update();
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> terminals.retire(TERMINAL, "it-admin", "lost in the office move"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("permission denied for table audit_event");

    assertThat(terminals.find(TERMINAL).orElseThrow().active())
        .as("a retirement without its record did not happen")
        .isTrue();
    assertThat(
            owner.sql("select action from terminal_event order by id").query(String.class).list())
        .containsExactly("REGISTER");
    assertThat(kinds()).containsExactly("TERMINAL_REGISTER");
  }

  @Test
  void ingestWhenATriggerRefusesTheRecordsThenTheWatermarkStaysAndTheEventsComeNextRun() {
    owner
        .sql(
            """
            create function refuse_audit() returns trigger language plpgsql as $$
            begin raise exception 'audit storage unavailable'; end $$
            """)
        .update();
    owner
        .sql(
            "create trigger refuse_audit before insert on audit_event for each row"
                + " execute function refuse_audit()")
        .update();
    List<AuthEvent> keycloak = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      keycloak.add(
          new AuthEvent(
              "ev-" + i,
              i == 2 ? "LOGIN_ERROR" : "LOGIN",
              clock.instant().minusSeconds(60 - i),
              "user-" + i,
              "9100" + i,
              "10.20.30." + i,
              "mamori-console",
              i == 2 ? "invalid_user_credentials" : ""));
    }
    KeycloakEventIngest ingest =
        new KeycloakEventIngest(
            new AuditStores(JdbcClient.create(app)),
            audit,
            (from, until, max) ->
                keycloak.stream()
                    .filter(e -> !e.time().isBefore(from) && !e.time().isAfter(until))
                    .limit(max)
                    .toList(),
            "keycloak:it",
            clock);

    assertThatThrownBy(ingest::ingest)
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .hasMessageContaining("audit storage unavailable");
    assertThat(count("audit_event")).isZero();
    assertThat(
            owner
                .sql("select count(*) from audit_ingest where watermark > 'epoch'")
                .query(Long.class)
                .single())
        .as("the watermark did not move past events that were not recorded")
        .isZero();

    owner.sql("drop trigger refuse_audit on audit_event").update();

    assertThat(ingest.ingest()).isEqualTo(3);
    assertThat(kinds()).containsExactly("KEYCLOAK_LOGIN", "KEYCLOAK_LOGIN_ERROR", "KEYCLOAK_LOGIN");
    assertThat(audit.verify().intact()).isTrue();
  }

  private long count(String table) {
    return owner.sql("select count(*) from " + table).query(Long.class).single();
  }

  private List<String> kinds() {
    return owner.sql("select kind from audit_event order by seq").query(String.class).list();
  }
}
