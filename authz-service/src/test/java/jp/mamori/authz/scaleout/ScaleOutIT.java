package jp.mamori.authz.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.MamoriApplication;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.sso.TestApi;
import jp.mamori.authz.sso.TestKeycloak;
import jp.mamori.authz.stack.EmbeddedPostgres;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.testing.Poll;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/**
 * Two service instances behind one address, in production mode ({@code mamori.mode=external}) on
 * one PostgreSQL, one Keycloak and one directory (issue 8): both ready; a scheduled job (the
 * realm's drift check, every two seconds) runs once per due time across both — a setting changed by
 * hand in Keycloak is detected and restored by exactly one of them, recorded once; after one
 * instance is stopped, the other goes on alone; the health and the metrics of both report the same
 * shared state. Lockout and step-up state is shared too: an account locked in Keycloak is locked
 * for both, a step-up challenge issued by one is answered at the other, and the unlock is seen by
 * both and recorded once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

  private static final String REALM = "scale-out";
  private static final String PASSWORD = "Scale-Out-Passphrase-2027x";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private EmbeddedPostgres postgres;
  private EmbeddedDirectory directory;
  private Keycloak admin;
  private JdbcClient jdbc;
  private com.zaxxer.hikari.HikariDataSource data;
  private ConfigurableApplicationContext first;
  private ConfigurableApplicationContext second;
  private int firstPort;
  private int secondPort;

  @BeforeAll
  void twoInstances() throws Exception {
    postgres = EmbeddedPostgres.start();
    directory = EmbeddedDirectory.start();
    EmbeddedKeycloak keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    Path key = Files.createTempDirectory("mamori-scale-out").resolve("audit-signing-key.jwk");
    AuditSigner.load(key, true); // one key for the log both instances append to
    data = new com.zaxxer.hikari.HikariDataSource();
    data.setJdbcUrl(postgres.jdbcUrl());
    data.setUsername(postgres.username());
    jdbc = JdbcClient.create(data);
    firstPort = freePort();
    secondPort = freePort();
    Map<String, Object> shared =
        Map.ofEntries(
            Map.entry("mamori.mode", "external"),
            Map.entry("mamori.console.base-url", "http://localhost:" + firstPort),
            Map.entry("mamori.keycloak.server-url", keycloak.baseUrl()),
            Map.entry("mamori.keycloak.admin-username", keycloak.adminCredentials().username()),
            Map.entry("mamori.keycloak.admin-password", keycloak.adminCredentials().password()),
            Map.entry("mamori.keycloak.realm", REALM),
            Map.entry("mamori.keycloak.console-client-secret", "scale-out-console-secret-2027"),
            Map.entry("mamori.directory.host", "localhost"),
            Map.entry("mamori.directory.port", directory.port()),
            Map.entry("mamori.directory.bind-dn", EmbeddedDirectory.BIND_DN),
            Map.entry("mamori.directory.bind-password", directory.settings().bindPassword()),
            Map.entry("mamori.directory.people-dn", EmbeddedDirectory.OPENLDAP_PEOPLE_DN),
            Map.entry("mamori.audit.signing-key", key.toString()),
            Map.entry("mamori.hr.file", hrFile(key.getParent()).toString()),
            Map.entry("mamori.drift.cron", "*/2 * * * * *"),
            Map.entry("spring.datasource.url", postgres.jdbcUrl()),
            Map.entry("spring.datasource.username", postgres.username()),
            Map.entry("logging.level.jp.mamori.access", "WARN"));
    first = start(shared, firstPort, "instance-a");
    second = start(shared, secondPort, "instance-b");
  }

  private static ConfigurableApplicationContext start(
      Map<String, Object> shared, int port, String name) {
    Map<String, Object> properties = new java.util.TreeMap<>(shared);
    properties.put("server.port", port);
    properties.put("mamori.instance-name", name);
    // as command-line arguments: they take precedence over application.yml (embedded mode)
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(MamoriApplication.class).run(args);
  }

  @AfterAll
  void stop() {
    for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {first, second}) {
      if (c != null && c.isActive()) {
        c.close();
      }
    }
    if (admin != null) {
      for (String realm : List.of(REALM, REALM + "-privileged")) {
        try {
          admin.realm(realm).remove();
        } catch (RuntimeException e) {
          System.err.println("ScaleOutIT: realm " + realm + " not removed: " + e);
        }
      }
    }
    if (data != null) {
      data.close();
    }
    if (directory != null) {
      directory.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void lockoutWhenSpreadOverBothInstancesThenOneStateAndAStepUpFromOneAnsweredAtTheOther()
      throws Exception {
    RealmResource realm = admin.realm(REALM);
    String issuer = first.getBean(StackEndpoints.class).keycloak().issuer();
    TestKeycloak.directGrantClient(realm, "scale-out-direct", true);
    TestKeycloak.userWithRole(realm, "so-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.user(realm, "so-staff", PASSWORD);
    String token = TestKeycloak.accessToken(issuer, "scale-out-direct", "so-admin", PASSWORD);
    // the administrator's step-up key, registered through instance A; the relying party's origin
    // is the console's one address (the load balancer's), shared by both instances
    String origin = "http://localhost:" + firstPort;
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    String code =
        first.getBean(EnrolmentCodes.class).issue("so-admin", "so-desk", "職員証で本人確認 (窓口)").code();
    HttpResponse<String> options =
        call(
            firstPort,
            "POST",
            "/api/me/step-up/registration-options",
            token,
            "{\"enrolmentCode\":\"" + code + "\"}");
    HttpResponse<String> registered =
        call(
            firstPort,
            "POST",
            "/api/me/step-up/authenticators",
            token,
            key.register(
                SoftwareAuthenticator.challengeOf(options.body()), origin, "localhost", true));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

    for (int i = 0; i < 5; i++) { // the policy's threshold
      DirectGrant.countedFailure(realm, issuer, "scale-out-direct", "so-staff", "Wrong-Guess-" + i);
    }
    awaitLocked(token);

    // asked at A (428 with a challenge), answered at B
    String path = "/api/staff/so-staff/unlock";
    HttpResponse<String> challenge =
        call(firstPort, "POST", path, token, "{\"reason\":\"本人確認済み (窓口)\"}");
    assertThat(challenge.statusCode()).as(challenge.body()).isEqualTo(428);
    String answer =
        key.authenticate(
            SoftwareAuthenticator.challengeOf(
                JSON.readTree(challenge.body()).get("stepUp").toString()),
            SoftwareAuthenticator.Claims.honest(origin, "localhost", "webauthn.get"));
    HttpResponse<String> unlocked =
        call(
            secondPort,
            "POST",
            path,
            token,
            "{\"reason\":\"本人確認済み (窓口)\",\"stepUp\":" + answer + "}");
    assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
    for (int port : new int[] {firstPort, secondPort}) {
      assertThat(status(port, token)).as("port " + port).isEqualTo("ACTIVE");
    }
    assertThat(DirectGrant.login(issuer, "scale-out-direct", "so-staff", PASSWORD).status())
        .isEqualTo(200);

    // locked again; the same answer replayed at A is refused: a challenge is used once, whichever
    // instance saw it
    for (int i = 0; i < 5; i++) {
      DirectGrant.countedFailure(realm, issuer, "scale-out-direct", "so-staff", "Wrong-Again-" + i);
    }
    awaitLocked(token);
    HttpResponse<String> replay =
        call(
            firstPort,
            "POST",
            path,
            token,
            "{\"reason\":\"本人確認済み (窓口)\",\"stepUp\":" + answer + "}");
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(403);
    assertThat(JSON.readTree(replay.body()).path("refusal").asString())
        .isEqualTo("UNKNOWN_CHALLENGE");
    for (int port : new int[] {firstPort, secondPort}) {
      assertThat(status(port, token)).as("port " + port).isEqualTo("TEMPORARILY_LOCKED");
    }
    assertThat(
            jdbc.sql(
                    "select count(*) from account_action where username = 'so-staff' and action ="
                        + " 'UNLOCK'")
                .query(Integer.class)
                .single())
        .as("one unlock, recorded once")
        .isOne();
  }

  @Test
  @Order(2)
  void jobsWhenTwoInstancesShareTheDatabaseThenEachDueTimeRunsOnceAndTheOtherCarriesOn()
      throws Exception {
    for (int port : new int[] {firstPort, secondPort}) {
      HttpResponse<String> ready = get(port, "/actuator/health/readiness");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    // every two seconds, both instances try; each due time is claimed by one of them
    Poll.until("four finished drift checks", () -> runs() >= 4);
    List<Map<String, Object>> perDue =
        jdbc.sql(
                "select due, count(*) as n, min(claimed_by) as by from job_run where job ="
                    + " 'realm-drift' group by due")
            .query()
            .listOfRows();
    assertThat(perDue).allSatisfy(row -> assertThat(((Number) row.get("n")).intValue()).isOne());
    // no claimed run left unfinished: every run claimed so far ends (how long one takes depends
    // on the machine, so this waits for their ends instead of assuming one within 5 seconds)
    Instant claimedBefore = Instant.now();
    Poll.until(
        "every drift check due before " + claimedBefore + " to have finished",
        () -> unfinishedDueBefore(claimedBefore) == 0);

    // a setting loosened by hand in Keycloak is restored once, recorded once
    RealmRepresentation realm = admin.realm(REALM).toRepresentation();
    int expected = realm.getFailureFactor();
    realm.setFailureFactor(expected + 25);
    admin.realm(REALM).update(realm);
    Poll.until(
        "failureFactor restored",
        () -> admin.realm(REALM).toRepresentation().getFailureFactor() == expected);
    // two more due times run to their end: nobody restores it again (runs of the job never
    // overlap, so the restoring run has ended too)
    Instant restored = Instant.now();
    Poll.until(
        "two drift checks due after the restoration finished", () -> runsDueAfter(restored) >= 2);
    assertThat(
            jdbc.sql(
                    "select count(*) from realm_drift where realm = ? and setting ="
                        + " 'failureFactor' and found = ?")
                .params(REALM, String.valueOf(expected + 25))
                .query(Integer.class)
                .single())
        .as("one detection for one change, though two instances check")
        .isOne();

    // one instance stops: the other carries on alone
    first.close();
    Instant closed = Instant.now();
    Poll.until(
        "two drift checks due after instance A stopped finished by the remaining instance",
        () -> runsDueAfter(closed) >= 2);
    assertThat(
            jdbc.sql(
                    "select claimed_by from job_run where job = 'realm-drift' order by due desc"
                        + " limit 1")
                .query(String.class)
                .single())
        .isEqualTo("instance-b");
    realm = admin.realm(REALM).toRepresentation();
    realm.setFailureFactor(expected + 7);
    admin.realm(REALM).update(realm);
    Poll.until(
        "failureFactor restored by the remaining instance",
        () -> admin.realm(REALM).toRepresentation().getFailureFactor() == expected);
    RealmResource staffRealm = admin.realm(REALM);
    TestKeycloak.directGrantClient(staffRealm, "scale-out-monitoring", true);
    TestKeycloak.userWithRole(
        staffRealm, "so-monitoring", PASSWORD, KeycloakRealmConfigurator.MONITORING_ROLE);
    String monitoring =
        TestKeycloak.accessToken(
            second.getBean(StackEndpoints.class).keycloak().issuer(), // the first one is closed
            "scale-out-monitoring",
            "so-monitoring",
            PASSWORD);
    String metrics = call(secondPort, "GET", "/actuator/prometheus", monitoring, null).body();
    assertThat(metrics).contains("mamori_alerts_open", "mamori_checkouts{state=\"active\"}");
  }

  private int runs() {
    return jdbc.sql(
            "select count(*) from job_run where job = 'realm-drift' and finished_at is not null")
        .query(Integer.class)
        .single();
  }

  /** Finished drift checks due after {@code instant}: each began after it. */
  private int runsDueAfter(Instant instant) {
    return jdbc.sql(
            "select count(*) from job_run where job = 'realm-drift' and finished_at is not null"
                + " and due > ?")
        .param(Timestamp.from(instant))
        .query(Integer.class)
        .single();
  }

  /** Claimed drift checks due before {@code instant} that have not recorded their end. */
  private int unfinishedDueBefore(Instant instant) {
    return jdbc.sql(
            "select count(*) from job_run where job = 'realm-drift' and finished_at is null"
                + " and due < ?")
        .param(Timestamp.from(instant))
        .query(Integer.class)
        .single();
  }

  /**
   * Keycloak's brute-force protector may count the last failed login a moment after answering it
   * (on its own thread): waits until instance A reads the account locked, then B must read the same
   * at once.
   */
  private void awaitLocked(String token) throws Exception {
    Poll.untilEquals(
        "so-staff's status as read through instance A",
        "TEMPORARILY_LOCKED",
        () -> status(firstPort, token));
    assertThat(status(secondPort, token)).as("instance B").isEqualTo("TEMPORARILY_LOCKED");
  }

  private static String status(int port, String token) throws Exception {
    HttpResponse<String> response = call(port, "GET", "/api/staff/so-staff/status", token, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("status").asString();
  }

  private static HttpResponse<String> call(
      int port, String method, String path, String token, String json) throws Exception {
    return TestApi.call("http://localhost:" + port, method, path, token, json);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An HR export with one fictional person: external mode needs one named. */
  private static Path hrFile(Path dir) throws java.io.IOException {
    return Files.writeString(
        dir.resolve("hr.csv"),
        "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n"
            + "96001,拡張 一郎,カクチョウ イチロウ,K01,市民課,主事,01,01,2024-04-01,\n");
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
