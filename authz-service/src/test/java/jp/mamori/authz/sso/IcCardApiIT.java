package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.keycloak.KeycloakIcCards;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * IC cards over the API (MF-3) on the embedded stack: an ID administrator registers a person's card
 * with a step-up bound to the card and the reason; the card is listed with the person's security
 * keys; lost and found change that card only and are recorded; staff cannot register one; a text
 * that is not a certificate is refused saying what was expected. The login with the card itself is
 * shown against Keycloak over mutual TLS in hr-sync's KeycloakIcCardIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcCardApiIT extends EmbeddedStackIT {

  private static final String CLIENT = "it-iccard-api";
  private static final String PASSWORD = "Ic-Card-Api-2026x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired EnrolmentCodes enrolmentCodes;
  @Autowired JdbcClient jdbc;

  @TempDir Path files;

  private StepUpCallers callers;

  @BeforeAll
  void usersAndClient() throws Exception {
    callers =
        StepUpCallers.create(
            admin,
            endpoints,
            enrolmentCodes,
            CLIENT,
            PASSWORD,
            "it-iccard-admin",
            "it-iccard-staff",
            "it-iccard-holder");
  }

  @Test
  void registerLostFoundWhenAdministratorWithStepUpThenThatCardOnlyChangesAndIsRecorded()
      throws Exception {
    String pem = cardCertificate("it-iccard-holder");
    String base = "/api/staff/it-iccard-holder/authenticators";

    HttpResponse<String> registered =
        TestApi.withStepUp(
            base + "/ic-cards",
            callers.adminToken(),
            callers.adminKey(),
            Map.of("certificate", pem, "reason", "職員証の交付"));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    JsonNode card = JSON.readTree(registered.body());
    String id = card.path("id").asString();
    assertThat(KeycloakIcCards.isThumbprint(id)).isTrue();
    assertThat(card.path("type").asString()).isEqualTo("x509");
    assertThat(card.path("kindJa").asString()).isEqualTo("ICカード");
    assertThat(card.path("state").asString()).isEqualTo("ACTIVE");

    // marking a card lost or found needs the administrator's step-up, bound to the card and the
    // reason (MF-3): a password alone does not let anyone stop — or revive — someone's card
    HttpResponse<String> lost =
        TestApi.withStepUp(
            base + "/" + id + "/lost",
            callers.adminToken(),
            callers.adminKey(),
            Map.of("reason", "紛失届"));
    assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);
    assertThat(JSON.readTree(lost.body()).path("state").asString()).isEqualTo("SUSPENDED");
    JsonNode listed = JSON.readTree(TestApi.call("GET", base, callers.adminToken(), null).body());
    assertThat(listed.size()).isEqualTo(1);
    assertThat(listed.get(0).path("labelJa").asString()).isEqualTo("停止中 (紛失届)");
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    var holder = realm.users().searchByUsername("it-iccard-holder", true).getFirst();
    assertThat(holder.isEnabled()).as("the account itself stays enabled").isTrue();
    assertThat(holder.getAttributes().get(KeycloakIcCards.ACTIVE)).isNullOrEmpty();

    HttpResponse<String> found =
        TestApi.withStepUp(
            base + "/" + id + "/found",
            callers.adminToken(),
            callers.adminKey(),
            Map.of("reason", "発見"));
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(JSON.readTree(found.body()).path("state").asString()).isEqualTo("ACTIVE");
    assertThat(
            realm
                .users()
                .get(holder.getId())
                .toRepresentation()
                .getAttributes()
                .get(KeycloakIcCards.ACTIVE))
        .containsExactly(id);

    assertThat(
            jdbc.sql("select action from authenticator_event where credential_id = ? order by id")
                .param(id)
                .query(String.class)
                .list())
        .containsExactly("REGISTERED", "LOST", "FOUND");
  }

  @Test
  void registerWhenStaffOrNotACertificateThenRefusedWithProblem() throws Exception {
    String base = "/api/staff/it-iccard-holder/authenticators/ic-cards";
    HttpResponse<String> staff =
        TestApi.call(
            "POST",
            base,
            callers.staffToken(),
            JSON.writeValueAsString(
                Map.of("certificate", cardCertificate("staff-card"), "reason", "x")));
    HttpResponse<String> garbage =
        TestApi.call(
            "POST",
            base,
            callers.adminToken(),
            "{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nnot a card\\n-----END"
                + " CERTIFICATE-----\",\"reason\":\"交付\"}");

    assertThat(staff.statusCode()).isEqualTo(403);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(JSON.readTree(garbage.body()).path("detail").asString())
        .contains("expected the IC card's certificate in PEM");
  }

  private String cardCertificate(String name) throws Exception {
    return TestCards.certificatePem(files, name);
  }
}
