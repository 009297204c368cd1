package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.hrsync.keycloak.KeycloakLoginEvents;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak's own login events taken into the tamper-evident audit log (AU-1) from the real
 * Keycloak: logins, failed logins and tries while locked out (LG-1) appear once each — also when
 * two instances ingest at the same time — and survive Keycloak's event table being cleared; the
 * clock check (AU-6) agrees with Keycloak and PostgreSQL and raises an alert when this server's
 * clock is off, resolved when it is right again.
 */
class KeycloakEventIngestIT {

  private static final String REALM = "event-ingest-it";
  private static final String CLIENT = "it-ingest-direct";
  private static final String PASSWORD = "Ingest-Passphrase-2027x";
  private static final Policy POLICY = PolicyLoader.loadDefault();

  private static TestDatabase database;
  private static Keycloak admin;
  private static String issuer;
  private static AuditLog audit;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, POLICY, CLIENT);
    audit = database.audit(Clock.systemUTC());
    for (String username : List.of("91001", "91002")) {
      UserRepresentation user = new UserRepresentation();
      user.setUsername(username);
      user.setEnabled(true);
      user.setFirstName("一郎");
      user.setLastName("記録");
      user.setEmail(username + "@example.lg.jp");
      user.setEmailVerified(true);
      String id = CreatedResponseUtil.getCreatedId(admin.realm(REALM).users().create(user));
      CredentialRepresentation password = new CredentialRepresentation();
      password.setType(CredentialRepresentation.PASSWORD);
      password.setValue(PASSWORD);
      password.setTemporary(false);
      admin.realm(REALM).users().get(id).resetPassword(password);
    }
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  private static KeycloakEventIngest ingest() {
    KeycloakLoginEvents events = new KeycloakLoginEvents(admin, REALM);
    return new KeycloakEventIngest(
        new AuditStores(database.jdbc()),
        audit,
        events::eventsFrom,
        "keycloak:" + REALM,
        Clock.systemUTC());
  }

  @Test
  void eventsWhenIngestedThenInTheAuditLogOnceEachAndKeptAfterKeycloakClearsThem()
      throws Exception {
    assertThat(DirectGrant.login(issuer, CLIENT, "91001", PASSWORD).status()).isEqualTo(200);
    int failures = POLICY.lockout().maxFailures();
    for (int i = 0; i < failures; i++) {
      DirectGrant.countedFailure(
          admin.realm(REALM), issuer, CLIENT, "91002", "Wrong-Password-" + i + "x");
    }
    awaitLocked("91002");
    assertThat(DirectGrant.login(issuer, CLIENT, "91002", PASSWORD).status())
        .as("locked out")
        .isEqualTo(400);
    awaitSettled(1 + failures + 1);

    int first = ingest().ingest();
    assertThat(first).isEqualTo(1 + failures + 1);
    assertThat(kinds("91001")).containsExactly("KEYCLOAK_LOGIN");
    List<String> locked = kinds("91002");
    assertThat(locked).hasSize(failures + 1);
    assertThat(locked.subList(0, failures)).allMatch("KEYCLOAK_LOGIN_ERROR"::equals);
    assertThat(locked.getLast()).isEqualTo("KEYCLOAK_LOGIN_ERROR_LOCKED");
    assertThat(ingest().ingest()).as("nothing twice").isZero();

    // more logins, taken by two instances at once: each event exactly once
    for (int i = 0; i < 5; i++) {
      assertThat(DirectGrant.login(issuer, CLIENT, "91001", PASSWORD).status()).isEqualTo(200);
    }
    awaitSettled(1 + failures + 1 + 5);
    CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> ingest().ingest());
    CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> ingest().ingest());
    assertThat(a.get() + b.get()).isEqualTo(5);
    assertThat(kinds("91001")).hasSize(6);
    assertThat(
            database
                .jdbc()
                .sql(
                    "select count(*) - count(distinct detail::json->>'event') from audit_event"
                        + " where kind like 'KEYCLOAK_%'")
                .query(Long.class)
                .single())
        .as("no event taken twice")
        .isZero();

    admin.realm(REALM).clearEvents();
    assertThat(new KeycloakLoginEvents(admin, REALM).eventsFrom(Instant.EPOCH, Instant.now(), 100))
        .as("Keycloak's table cleared")
        .isEmpty();
    assertThat(kinds("91001")).as("the audit log keeps them").hasSize(6);
    assertThat(audit.verify().intact()).isTrue();

    // a password typed into the name field matches no account: the chain keeps a keyed
    // pseudonym and the length, never the text
    String typed = "Wrong-Field-Passw0rd!";
    for (int i = 0; i < 2; i++) {
      assertThat(DirectGrant.login(issuer, CLIENT, typed, "anything").status()).isEqualTo(400);
    }
    awaitSettled(2);
    assertThat(ingest().ingest()).isEqualTo(2);
    List<String> unknown =
        database
            .jdbc()
            .sql(
                "select actor || ' ' || subject || ' ' || detail from audit_event"
                    + " where actor like 'unknown:%' order by seq")
            .query(String.class)
            .list();
    assertThat(unknown).hasSize(2).noneMatch(row -> row.contains(typed));
    assertThat(unknown.getFirst())
        .matches("unknown:[0-9a-f]{16} .*")
        .contains("\"typedLength\":21");
    assertThat(unknown.get(1).split(" ")[0])
        .as("the same text, the same pseudonym: repeated attempts can be counted")
        .isEqualTo(unknown.getFirst().split(" ")[0]);
    assertThat(
            database
                .jdbc()
                .sql("select count(*) from audit_event where detail like ? or actor like ?")
                .params("%" + typed + "%", "%" + typed + "%")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void clockCheckWhenThisServerIsOffThenAlertAndResolvedWhenRightAgain() {
    Alerts alerts = new Alerts(new AlertStore(database.jdbc()), Clock.systemUTC());
    ClockCheck check =
        new ClockCheck(
            new AuditStores(database.jdbc()),
            alerts,
            Optional.of(() -> admin.serverInfo().getInfo().getSystemInfo().getServerTime()),
            Duration.ofSeconds(5),
            Clock.systemUTC());
    List<ClockCheck.Offset> agreed = check.check();
    assertThat(agreed)
        .extracting(ClockCheck.Offset::server)
        .containsExactly("PostgreSQL", "Keycloak");
    assertThat(agreed).allMatch(ClockCheck.Offset::within);
    assertThat(open(alerts)).isEmpty();

    // this server's clock runs 3 minutes ahead
    ClockCheck skewed =
        new ClockCheck(
            new AuditStores(database.jdbc()),
            alerts,
            Optional.of(() -> admin.serverInfo().getInfo().getSystemInfo().getServerTime()),
            Duration.ofSeconds(5),
            new Clock() {
              @Override
              public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return Instant.now().plus(Duration.ofMinutes(3));
              }
            });
    List<ClockCheck.Offset> off = skewed.check();
    assertThat(off).noneMatch(ClockCheck.Offset::within);
    assertThat(off.getLast().offset())
        .isBetween(Duration.ofSeconds(-182), Duration.ofSeconds(-178));
    assertThat(open(alerts)).singleElement().asString().contains("AU-6").contains("NTP");

    check.check();
    assertThat(open(alerts)).as("resolved once the clocks agree").isEmpty();
  }

  /**
   * Keycloak's brute-force protector counts failed logins on its own thread: waits until it reports
   * {@code username} locked, so that the next login is a try while locked out.
   */
  private static void awaitLocked(String username) {
    String id = admin.realm(REALM).users().searchByUsername(username, true).getFirst().getId();
    Poll.until(
        username + " locked by Keycloak's brute-force protector (attack detection: disabled)",
        () -> admin.realm(REALM).attackDetection().bruteForceUserStatus(id),
        status -> Boolean.TRUE.equals(status.get("disabled")));
  }

  /**
   * Waits until Keycloak's event store holds {@code count} audited events of the realm and the
   * clock has passed the newest one's time plus {@link KeycloakEventIngest#SETTLE}: a run started
   * now takes every one of them (it leaves events younger than SETTLE for the next run).
   */
  private static void awaitSettled(int count) {
    KeycloakLoginEvents stored = new KeycloakLoginEvents(admin, REALM);
    List<KeycloakLoginEvents.AuthEvent> events =
        Poll.until(
            count + " audited events in Keycloak's event store",
            () -> stored.eventsFrom(Instant.EPOCH, Instant.now(), 1000),
            e -> e.size() >= count);
    Poll.untilClockPasses(events.getLast().time().plus(KeycloakEventIngest.SETTLE));
  }

  private static List<String> open(Alerts alerts) {
    return alerts.open().stream()
        .filter(a -> a.kind().equals("CLOCK_SKEW"))
        .map(a -> a.requirementId() + " " + a.detailJa())
        .toList();
  }

  private static List<String> kinds(String subject) {
    return database
        .jdbc()
        .sql("select kind from audit_event where subject = ? order by seq")
        .param(subject)
        .query(String.class)
        .list();
  }
}
