package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Operations on the whole stack (issue 8): probes (liveness; readiness with the database, Keycloak
 * and the directory, details only for administrators), Prometheus metrics that move with the state,
 * request IDs from the header to the JSON log line, and RFC 9457 problems for every kind of API
 * error, each with its request ID.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-operations";
  private static final String PASSWORD = "Operations-It-2027x";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired Alerts alerts;
  @Autowired JdbcClient jdbc;

  private String adminToken;
  private String staffToken;
  private String monitoringToken;

  @BeforeAll
  void users() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.userWithRole(
        realm, "it-ops-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.user(realm, "it-ops-staff", PASSWORD);
    String issuer = endpoints.keycloak().issuer();
    adminToken = TestKeycloak.accessToken(issuer, CLIENT, "it-ops-admin", PASSWORD);
    staffToken = TestKeycloak.accessToken(issuer, CLIENT, "it-ops-staff", PASSWORD);
    TestKeycloak.userWithRole(
        realm, "it-ops-monitoring", PASSWORD, KeycloakRealmConfigurator.MONITORING_ROLE);
    monitoringToken = TestKeycloak.accessToken(issuer, CLIENT, "it-ops-monitoring", PASSWORD);
  }

  @Test
  void consoleWhenOpenedThenContentSecurityPolicyAndAStrictSessionCookie() throws Exception {
    HttpResponse<String> console = get("/me", null);

    assertThat(console.statusCode()).isEqualTo(302); // on to the login
    assertThat(console.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains(
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self' " + endpoints.keycloak().issuer().replaceAll("(//[^/]+)/.*", "$1"));
    assertThat(
            get("/me", null, "X-Forwarded-Proto", "https")
                .headers()
                .firstValue("Strict-Transport-Security"))
        .as("HSTS once the request arrived over https at the proxy")
        .hasValueSatisfying(
            hsts -> assertThat(hsts).contains("max-age=31536000", "includeSubDomains"));
    assertThat(console.headers().firstValue("Strict-Transport-Security"))
        .as("not over plain http")
        .isEmpty();
    assertThat(console.headers().allValues("Set-Cookie"))
        .anySatisfy(cookie ->
            assertThat(cookie)
                .startsWith("JSESSIONID=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax"));
  }

  @Test
  void metricsWhenNoTokenOrAStaffTokenThenRefusedAndMonitoringReadsThem() throws Exception {
    for (String path : new String[] {"/actuator/prometheus", "/actuator/info", "/v3/api-docs"}) {
      assertThat(get(path, null).statusCode()).as(path + " without a token").isEqualTo(401);
      assertThat(get(path, staffToken).statusCode()).as(path + " for staff").isEqualTo(403);
      assertThat(get(path, monitoringToken).statusCode())
          .as(path + " for monitoring")
          .isEqualTo(200);
    }
    assertThat(get("/actuator/health/readiness", null).statusCode())
        .as("the probes stay open to the load balancer")
        .isEqualTo(200);
  }

  private static HttpResponse<String> get(String path, String token, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesWhenStackRunsThenUpAndReadinessNamesDatabaseKeycloakAndDirectoryForAdministrators()
      throws Exception {
    HttpResponse<String> liveness = get("/actuator/health/liveness", null);
    assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
    assertThat(JSON.readTree(liveness.body()).path("status").asString()).isEqualTo("UP");

    HttpResponse<String> anonymous = get("/actuator/health/readiness", null);
    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(200);
    JsonNode bare = JSON.readTree(anonymous.body());
    assertThat(bare.path("status").asString()).isEqualTo("UP");
    assertThat(bare.has("components")).as("no details without a token").isFalse();
    assertThat(
            JSON.readTree(get("/actuator/health/readiness", staffToken).body()).has("components"))
        .as("no details for staff")
        .isFalse();

    JsonNode detailed = JSON.readTree(get("/actuator/health/readiness", adminToken).body());
    JsonNode components = detailed.path("components");
    assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
    JsonNode keycloak = components.path("keycloak");
    assertThat(keycloak.path("status").asString()).as(detailed.toString()).isEqualTo("UP");
    assertThat(keycloak.path("details").path("realm").asString())
        .isEqualTo(endpoints.keycloak().realm());
    assertThat(keycloak.path("details").path("users").asInt()).isPositive();
    JsonNode directory = components.path("directory");
    assertThat(directory.path("status").asString()).as(detailed.toString()).isEqualTo("UP");
    assertThat(directory.path("details").path("peopleDn").asString())
        .isEqualTo(endpoints.directory().peopleDn());
    assertThat(detailed.toString())
        .as("no credential in health details")
        .doesNotContain(endpoints.keycloak().adminPassword())
        .doesNotContain(endpoints.directory().bindPassword());
  }

  @Test
  void metricsWhenStateChangesThenPrometheusGaugesAndSyncTimersFollow() throws Exception {
    String before = get("/actuator/prometheus", monitoringToken).body();
    assertThat(before)
        .contains(
            "mamori_checkouts{state=\"requested\"}",
            "mamori_checkouts{state=\"overdue\"}",
            "mamori_lifecycle_plans{status=\"held\"}",
            "mamori_exceptions{status=\"requested\"}",
            "mamori_sanctions{status=\"reinstatement_requested\"}",
            "mamori_inventories{status=\"open\"}",
            "http_server_requests_seconds_count",
            "jvm_memory_used_bytes");
    // the gauges read the database at most every 5 s: start from a reading that counts the alerts
    // open now (one taken before another test's alert was counted would be one short)
    record Reading(double gauge, int database) {}
    double alertsBefore =
        Poll.until(
                "mamori_alerts_open to count the alerts open in the database",
                () -> new Reading(alertsOpen(), openAlertsInDatabase()),
                r -> r.gauge() == r.database())
            .gauge();

    alerts.raise("IT_OPERATIONS", "it-" + UUID.randomUUID(), new Bilingual("試験", "test"), "AU-1");
    double alertsAfter =
        Poll.until(
            "mamori_alerts_open to move from " + alertsBefore + " with the alert raised",
            () -> alertsOpen(),
            v -> v != alertsBefore);
    assertThat(alertsAfter).isEqualTo(alertsBefore + 1);

    HttpResponse<String> plan = TestApi.call("POST", "/api/lifecycle/plans", adminToken, null);
    assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
    String after = get("/actuator/prometheus", monitoringToken).body();
    assertThat(after)
        .containsPattern("mamori_sync_plan_seconds_count\\{status=\"[A-Z]+\"\\} [1-9]");
  }

  private int openAlertsInDatabase() {
    return jdbc.sql("select count(*) from alert where resolved_at is null")
        .query(Integer.class)
        .single();
  }

  private double alertsOpen() throws Exception {
    return value(get("/actuator/prometheus", monitoringToken).body(), "mamori_alerts_open");
  }

  private static double value(String prometheus, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(prometheus);
    assertThat(m.find()).as(series + " in\n" + prometheus).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void requestIdWhenGivenThenEchoedLoggedAsJsonAndNoTokenInTheLog() throws Exception {
    String id = "it-ops-" + UUID.randomUUID();
    HttpResponse<String> ping = get("/api/ping", adminToken, "X-Request-Id", id);
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.headers().firstValue("X-Request-Id")).hasValue(id);

    HttpResponse<String> generated = get("/api/ping", adminToken, "X-Request-Id", "bad id\t<x>");
    assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow())
        .as("an unusable ID is replaced by a new one")
        .matches("[0-9a-f-]{36}");

    Path log = Path.of(JSON_LOG);
    // the request's line is written when the answer has gone (after the response)
    List<JsonNode> mine =
        Poll.until(
            "the JSON log line of request " + id,
            () ->
                completeLines(log).stream()
                    .filter(line -> line.contains(id))
                    .map(JSON::readTree)
                    .toList(),
            lines -> !lines.isEmpty());
    assertThat(mine).as("JSON log lines of request " + id).isNotEmpty();
    JsonNode line = mine.getFirst();
    assertThat(line.path("requestId").asString()).isEqualTo(id);
    assertThat(line.path("message").asString()).contains("GET /api/ping -> 200");
    assertThat(line.path("@timestamp").asString()).isNotEmpty();
    String whole = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    assertThat(whole)
        .as("no token, client or user password in the log")
        .doesNotContain(adminToken)
        .doesNotContain(PASSWORD)
        .doesNotContain(endpoints.keycloak().adminPassword());
  }

  /**
   * The lines of the log that the service has finished writing: a line still being written has no
   * line end yet, and may end within a character.
   */
  private static List<String> completeLines(Path log) throws Exception {
    byte[] bytes = Files.readAllBytes(log);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void errorsWhenAnyKindThenProblemDetailsWithRequestId() throws Exception {
    // 401 without a token, 403 with a role that does not allow it, 404 unknown path, 405 wrong
    // method, 415 wrong media type, 400 unreadable JSON, 409 a feature's own refusal
    assertProblem(get("/api/lifecycle/plans/1", null), 401);
    assertProblem(get("/api/lifecycle/plans/1", "not-a-token"), 401);
    assertProblem(get("/api/lifecycle/plans/1", staffToken), 403);
    assertProblem(get("/api/no-such-thing", adminToken), 404);
    assertProblem(TestApi.call("DELETE", "/api/ping", adminToken, null), 405);
    HttpResponse<String> xml =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + "/api/access-decisions"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(xml, 415);
    assertProblem(TestApi.call("POST", "/api/access-decisions", adminToken, "{not json"), 400);
    assertProblem(
        TestApi.call("POST", "/api/lifecycle/plans/999999/approve", adminToken, "{}"), 404);
    HttpResponse<String> plan = TestApi.call("POST", "/api/lifecycle/plans", adminToken, null);
    assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
    long id = JSON.readTree(plan.body()).path("id").asLong();
    assertProblem(
        TestApi.call(
            "POST",
            "/api/lifecycle/plans/" + id + "/approve",
            adminToken,
            "{\"fingerprint\":\"0000\"}"),
        409);
  }

  private static void assertProblem(HttpResponse<String> response, int... statuses)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isIn(box(statuses));
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as(response.uri() + " " + response.body())
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
    assertThat(problem.path("title").asString()).isNotBlank();
    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(problem.path("requestId").asString()).as(response.body()).isEqualTo(id);
  }

  private static Integer[] box(int[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
  }
}
