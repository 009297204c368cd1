package jp.mamori.authz.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Row leases on the real PostgreSQL, two instances sharing one table. */
class RowLeasesIT {

  private static TestDatabase database;
  private static JdbcClient jdbc;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    jdbc = database.jdbc();
    jdbc.sql(
            "create table lease_probe (id bigint primary key, state varchar(20) not null,"
                + " due timestamptz not null, claimed_by varchar(200), claimed_until timestamptz)")
        .update();
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Test
  void takeWhenAnotherInstanceHoldsTheLeaseThenRefusedUntilItLapses() {
    MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    jdbc.sql("insert into lease_probe values (1, 'OPEN', ?, null, null)")
        .param(java.sql.Timestamp.from(clock.instant()))
        .update();
    RowLeases a = new RowLeases(jdbc, clock, "instance-a");
    RowLeases b = new RowLeases(jdbc, clock, "instance-b");

    assertThat(a.take("lease_probe", 1, "state = 'OPEN'", Duration.ofMinutes(2))).isTrue();
    assertThat(b.take("lease_probe", 1, "state = 'OPEN'", Duration.ofMinutes(2)))
        .as("held by instance-a")
        .isFalse();
    assertThat(holder(1)).isEqualTo("instance-a");

    clock.advance(Duration.ofMinutes(2).plusSeconds(1)); // instance-a died holding it
    assertThat(b.take("lease_probe", 1, "state = 'OPEN'", Duration.ofMinutes(2))).isTrue();
    assertThat(holder(1)).isEqualTo("instance-b");

    jdbc.sql("update lease_probe set state = 'DONE', " + RowLeases.RELEASE + " where id = 1")
        .update();
    assertThat(a.take("lease_probe", 1, "state = 'OPEN'", Duration.ofMinutes(2)))
        .as("released, but no longer in the state the work needs")
        .isFalse();
  }

  @Test
  void takeWhenTheConditionNamesTheTimeThenItIsBoundToNow() {
    MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    jdbc.sql("insert into lease_probe values (2, 'OPEN', ?, null, null)")
        .param(java.sql.Timestamp.from(clock.instant().plusSeconds(60)))
        .update();
    RowLeases a = new RowLeases(jdbc, clock, "instance-a");

    assertThat(a.take("lease_probe", 2, "state = 'OPEN' and due <= ?", Duration.ofMinutes(2)))
        .as("not due yet")
        .isFalse();
    clock.advance(Duration.ofSeconds(60));
    assertThat(a.take("lease_probe", 2, "state = 'OPEN' and due <= ?", Duration.ofMinutes(2)))
        .isTrue();
  }

  private static String holder(long id) {
    return jdbc.sql("select claimed_by from lease_probe where id = ?")
        .param(id)
        .query(String.class)
        .single();
  }
}
