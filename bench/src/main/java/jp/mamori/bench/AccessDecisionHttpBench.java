package jp.mamori.bench;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mamori.authz.MamoriApplication;
import jp.mamori.authz.access.Terminals;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.policy.Tier;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Access decisions over HTTP (issue 5): the whole service on the embedded stack, real Keycloak
 * tokens; throughput and p99 of {@code POST /api/access-decisions} against {@code POST /api/ping}
 * with the very same request (method, token, body) answered with a constant behind the same JWT
 * validation, in the same run, same client concurrency (goal: decision throughput ≥ 0.8× the bare
 * endpoint's). Baseline and decision run twice each, alternating; the better run of each counts.
 */
public final class AccessDecisionHttpBench {

  private static final int CLIENTS = 4;
  private static final long WARM_UP_MS = 3_000;
  private static final long MEASURE_MS = 10_000;

  private AccessDecisionHttpBench() {}

  public static void main(String[] args) throws Exception {
    int port = 20_000 + new java.util.Random().nextInt(10_000);
    ConfigurableApplicationContext context =
        SpringApplication.run(
            MamoriApplication.class,
            "--server.port=" + port,
            "--mamori.sync-on-start=false",
            "--spring.main.banner-mode=off");
    try {
      StackEndpoints endpoints = context.getBean(StackEndpoints.class);
      Keycloak admin = context.getBean(Keycloak.class);
      RealmResource realm = admin.realm(endpoints.keycloak().realm());
      String token = token(realm, endpoints.keycloak().issuer());
      context
          .getBean(Terminals.class)
          .register("BENCH-LG-1", Tier.LGWAN, Optional.empty(), List.of("127.0.0.0/8"), "bench");
      String base = "http://localhost:" + port;
      String json =
          "{\"system\":\"groupware\",\"terminal\":\"BENCH-LG-1\","
              + "\"terminalAddress\":\"127.0.0.1\"}";
      // the baseline: the same request (method, headers, body) to an endpoint answering a constant
      HttpRequest ping =
          HttpRequest.newBuilder(URI.create(base + "/api/ping"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      HttpRequest decision =
          HttpRequest.newBuilder(URI.create(base + "/api/access-decisions"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      String answer =
          HttpClient.newHttpClient().send(decision, HttpResponse.BodyHandlers.ofString()).body();
      if (!answer.contains("\"PERMIT\"")) {
        throw new IllegalStateException(
            "expected a PERMIT for the benchmark request, found " + answer);
      }
      System.out.printf("%n== Access decisions over HTTP (issue 5), %d clients ==%n", CLIENTS);
      Result bare = load(ping);
      Result decide = load(decision);
      Result bareAgain = load(ping);
      Result decideAgain = load(decision);
      double bareRate = Math.max(bare.rate(), bareAgain.rate());
      double decideRate = Math.max(decide.rate(), decideAgain.rate());
      double decideP99 = Math.min(decide.p99Ms(), decideAgain.p99Ms());
      System.out.printf(
          "POST /api/ping (same request, JWT validated, constant answer): %,.0f req/s, p99 %.2f ms"
              + " (best of two runs, alternating)%n",
          bareRate, Math.min(bare.p99Ms(), bareAgain.p99Ms()));
      System.out.printf(
          "POST /api/access-decisions: %,.0f req/s, p99 %.2f ms (best of two runs, alternating)%n",
          decideRate, decideP99);
      System.out.printf(
          "throughput ratio %.2fx (goal >= 0.8x) %s%n",
          decideRate / bareRate, decideRate / bareRate >= 0.8 ? "PASS" : "FAIL");
    } finally {
      context.close();
    }
  }

  private record Result(double rate, double p99Ms) {}

  private static Result load(HttpRequest request) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    run(http, request, WARM_UP_MS);
    return run(http, request, MEASURE_MS);
  }

  private static Result run(HttpClient http, HttpRequest request, long millis) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long end = System.nanoTime() + millis * 1_000_000;
    List<Future<long[]>> futures = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      futures.add(
          clients.submit(() -> {
            long[] latencies = new long[1 << 20];
            int n = 0;
            while (System.nanoTime() < end && n < latencies.length) {
              long t0 = System.nanoTime();
              HttpResponse<String> response =
                  http.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    "HTTP " + response.statusCode() + ": " + response.body());
              }
              latencies[n++] = System.nanoTime() - t0;
            }
            return Arrays.copyOf(latencies, n);
          }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      all.add(f.get());
    }
    clients.shutdown();
    long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(
        merged.length / (millis / 1000.0), merged[(int) (merged.length * 0.99)] / 1e6);
  }

  /** A staff member of an LGWAN section with a password, and an access token for them. */
  private static String token(RealmResource realm, String issuer) throws Exception {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId("groupware"); // the system asking about itself: its token is issued to it
    client.setPublicClient(true);
    client.setStandardFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(true);
    ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
    audience.setName("api-audience");
    audience.setProtocol("openid-connect");
    audience.setProtocolMapper("oidc-audience-mapper");
    audience.setConfig(
        Map.of("included.client.audience", "mamori-api", "access.token.claim", "true"));
    client.setProtocolMappers(List.of(audience));
    realm.clients().create(client).close();
    GroupRepresentation group = new GroupRepresentation();
    group.setName("section-S01");
    String groupId;
    try (Response response = realm.groups().add(group)) {
      groupId = CreatedResponseUtil.getCreatedId(response);
    }
    UserRepresentation user = new UserRepresentation();
    user.setUsername("bench-staff");
    user.setFirstName("Bench");
    user.setLastName("Staff");
    user.setEnabled(true);
    String userId;
    try (Response response = realm.users().create(user)) {
      userId = CreatedResponseUtil.getCreatedId(response);
    }
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue("Bench-Passphrase-2027x");
    realm.users().get(userId).resetPassword(credential);
    realm.users().get(userId).joinGroup(groupId);
    String form =
        "grant_type=password&client_id=groupware&username=bench-staff&password="
            + URLEncoder.encode("Bench-Passphrase-2027x", StandardCharsets.UTF_8);
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int at = body.indexOf("\"access_token\":\"");
    if (at < 0) {
      throw new IllegalStateException("Keycloak gave no token: " + body);
    }
    int start = at + "\"access_token\":\"".length();
    return body.substring(start, body.indexOf('"', start));
  }
}
