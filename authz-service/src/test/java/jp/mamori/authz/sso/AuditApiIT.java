package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stack.EmbeddedPostgres;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The audit log on the whole stack with real tokens: an administrator's action (a lost
 * authenticator reported) is in the chain; auditors see the verification (intact) but not one
 * person's history; the CISO pulls that history for a period (GV-5), and the pull is recorded too.
 * A checkpoint signed on demand is also kept in the folder outside the database (AU-2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-audit-api";
  private static final String PASSWORD = "Audit-Api-2026x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EmbeddedPostgres postgres;

  private String adminToken;
  private String auditorToken;
  private String cisoToken;

  @BeforeAll
  void users() throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, CLIENT, true);
    TestKeycloak.userWithRole(
        realm, "it-audit-admin", PASSWORD, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.userWithRole(
        realm, "it-audit-auditor", PASSWORD, KeycloakRealmConfigurator.AUDITOR_ROLE);
    TestKeycloak.userWithRole(
        realm, "it-audit-ciso", PASSWORD, KeycloakRealmConfigurator.CISO_ROLE);
    TestKeycloak.user(realm, "it-audit-staff", PASSWORD);
    TestKeycloak.user(realm, "it-audit-other", PASSWORD);
    String issuer = endpoints.keycloak().issuer();
    adminToken = TestKeycloak.accessToken(issuer, CLIENT, "it-audit-admin", PASSWORD);
    auditorToken = TestKeycloak.accessToken(issuer, CLIENT, "it-audit-auditor", PASSWORD);
    cisoToken = TestKeycloak.accessToken(issuer, CLIENT, "it-audit-ciso", PASSWORD);
  }

  @Test
  void historyWhenCisoThenTheActionsAboutThePersonAndTheInvestigationIsRecorded() throws Exception {
    Instant from = Instant.now().minusSeconds(60);
    HttpResponse<String> leak =
        TestApi.call(
            "POST",
            "/api/staff/it-audit-staff/password-leak",
            adminToken,
            "{\"reason\":\"付箋に書かれていた / written on a sticky note\"}");
    assertThat(leak.statusCode()).as(leak.body()).isEqualTo(200);
    String period = "?from=" + from + "&to=" + Instant.now().plusSeconds(60);

    HttpResponse<String> auditor =
        TestApi.call("GET", "/api/audit/people/it-audit-staff" + period, auditorToken, null);
    HttpResponse<String> ciso =
        TestApi.call("GET", "/api/audit/people/it-audit-staff" + period, cisoToken, null);

    assertThat(auditor.statusCode()).isEqualTo(403);
    assertThat(ciso.statusCode()).as(ciso.body()).isEqualTo(200);
    JsonNode events = JSON.readTree(ciso.body());
    // the request, recorded before Keycloak changed, and the action once made
    assertThat(events.size()).isEqualTo(2);
    assertThat(events.get(0).path("kind").asString()).isEqualTo("ACCOUNT_PASSWORD_LEAK_REQUESTED");
    assertThat(events.get(1).path("kind").asString()).isEqualTo("ACCOUNT_PASSWORD_LEAK");
    assertThat(events.get(1).path("actor").asString()).isEqualTo("it-audit-admin");
    assertThat(events.get(1).path("requirementIds").asString()).isEqualTo("PW-7");

    JsonNode again =
        JSON.readTree(
            TestApi.call("GET", "/api/audit/people/it-audit-staff" + period, cisoToken, null)
                .body());
    assertThat(again.size()).isEqualTo(3);
    assertThat(again.get(2).path("kind").asString()).isEqualTo("INVESTIGATION");
    assertThat(again.get(2).path("actor").asString()).isEqualTo("it-audit-ciso");
  }

  @Test
  void verificationWhenAuditorThenIntactAndCheckpointOnlyForAdministrators() throws Exception {
    TestApi.call(
        "POST",
        "/api/staff/it-audit-other/password-leak",
        adminToken,
        "{\"reason\":\"監査テスト / audit test\"}");
    HttpResponse<String> denied =
        TestApi.call("POST", "/api/audit/checkpoints", auditorToken, null);
    HttpResponse<String> signed = TestApi.call("POST", "/api/audit/checkpoints", adminToken, null);
    HttpResponse<String> verified =
        TestApi.call("GET", "/api/audit/verification", auditorToken, null);
    HttpResponse<String> key = TestApi.call("GET", "/api/audit/public-key", auditorToken, null);

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    assertThat(verified.statusCode()).isEqualTo(200);
    JsonNode v = JSON.readTree(verified.body());
    assertThat(v.path("intact").asBoolean()).as(verified.body()).isTrue();
    assertThat(v.path("events").asLong()).isPositive();
    assertThat(JSON.readTree(key.body()).path("kty").asString()).isEqualTo("EC");
    assertThat(key.body()).doesNotContain("\"d\"");
    // AU-2: the checkpoint signed is also in the folder outside the database (embedded mode: the
    // one that lives and dies with the embedded database), and the verification held against it
    String jws = JSON.readTree(signed.body()).path("jws").asString();
    try (var files = Files.list(postgres.instanceDirectory().resolve("audit-checkpoints"))) {
      assertThat(files.flatMap(f -> lines(f).stream()).toList()).contains(jws);
    }
  }

  private static java.util.List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
