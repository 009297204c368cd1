package jp.mamori.authz.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.access.AccessDecisions;
import jp.mamori.authz.access.TerminalStore;
import jp.mamori.authz.access.Terminals;
import jp.mamori.authz.account.AccountActionStore;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Status;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision;
import jp.mamori.policy.access.AccessPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Violations and sanctions (GV-4) on PostgreSQL and the real Keycloak: a violation notifies the
 * person's section head and a repeated one raises an alert; a sanction on one tier denies that
 * tier's systems and nothing else, with no step-up and no exception to lift it; a whole-account
 * sanction suspends the account in Keycloak (login refused, sessions ended) and the ordinary
 * reinstatement refuses it; only a reinstatement asked by one person and approved by another lifts
 * it, and the person can log in again. Every step is in the verified audit log.
 */
class SanctionsIT {

  private static final String REALM = "sanctions-it";
  private static final String CLIENT = "it-sanctions-direct";
  private static final String PASSWORD = "Sanctions-Passphrase-2027x";
  private static final Policy POLICY = PolicyLoader.loadDefault();

  private static TestDatabase database;
  private static Keycloak admin;
  private static String issuer;
  private static MutableClock clock;
  private static AuditLog audit;
  private static Alerts alerts;
  private static Sanctions sanctions;
  private static AccessDecisions decisions;
  private static AccountStates states;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, POLICY, CLIENT);
    String groupId =
        admin.realm(REALM).groups().groups("section-K01", true, 0, 1, true).getFirst().getId();
    for (String username : List.of("71001", "71002", "71003")) {
      UserRepresentation user = new UserRepresentation();
      user.setUsername(username);
      user.setEnabled(true);
      user.setFirstName("太郎");
      user.setLastName("試験");
      user.setEmail(username + "@example.lg.jp");
      user.setEmailVerified(true);
      user.setAttributes(Map.of("employeeNumber", List.of(username)));
      String id = CreatedResponseUtil.getCreatedId(admin.realm(REALM).users().create(user));
      CredentialRepresentation password = new CredentialRepresentation();
      password.setType(CredentialRepresentation.PASSWORD);
      password.setValue(PASSWORD);
      password.setTemporary(false);
      admin.realm(REALM).users().get(id).resetPassword(password);
      admin.realm(REALM).users().get(id).joinGroup(groupId);
    }
    clock = new MutableClock(Instant.now());
    audit = database.audit(clock);
    alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    KeycloakAccountStates keycloak = new KeycloakAccountStates(admin, REALM);
    sanctions =
        new Sanctions(
            new SanctionStore(database.jdbc()),
            audit,
            alerts,
            GovernanceConfiguration.keycloakAccounts(keycloak),
            clock,
            ZoneId.of("Asia/Tokyo"));
    states = new AccountStates(keycloak, new AccountActionStore(database.jdbc()), audit, clock);
    Terminals terminals = new Terminals(new TerminalStore(database.jdbc()), audit, clock);
    terminals.register(
        "MN-K01-001", Tier.MYNUMBER, Optional.of("K01"), List.of("10.1.0.0/24"), "it-admin");
    terminals.register(
        "LG-K01-001", Tier.LGWAN, Optional.of("K01"), List.of("10.2.0.0/24"), "it-admin");
    decisions =
        new AccessDecisions(
            new AccessPolicy(POLICY),
            terminals,
            username -> AccessDecisions.Standing.ACTIVE,
            List::of,
            sanctions::active,
            clock);
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  @Test
  void violationWhenRecordedThenSectionHeadNotifiedAndRepeatedOneAlerts() {
    Sanctions.Violation first =
        sanctions.recordViolation(
            "it-admin", "71001", "PASSWORD_SHARED", "付箋にパスワードを書いて端末に貼付 (4月3日 巡回で確認)");
    assertThat(first.sections()).containsExactly("K01");
    assertThat(notifications("section-head:K01").stream().filter(n -> n.contains("71001")))
        .singleElement()
        .asString()
        .contains("パスワードの共有・貸与");
    assertThat(openAlerts("VIOLATION_REPEATED")).as("a first violation").isEmpty();

    sanctions.recordViolation("it-admin", "71001", "PASSWORD_SHARED", "再度、付箋を確認 (4月10日)");
    assertThat(notifications("section-head:K01").stream().filter(n -> n.contains("71001")))
        .hasSize(2);
    assertThat(openAlerts("VIOLATION_REPEATED"))
        .singleElement()
        .asString()
        .contains("person/71001");

    assertThatThrownBy(() -> sanctions.recordViolation("it-admin", "71001", "LAZINESS", "x"))
        .isInstanceOf(SanctionRefused.class)
        .hasMessageContaining("code: expected one of [PASSWORD_SHARED")
        .hasMessageContaining("found LAZINESS");
    assertThatThrownBy(() -> sanctions.recordViolation("it-admin", "nobody", "OTHER", "x"))
        .isInstanceOf(SanctionRefused.class)
        .hasMessageContaining("found none named nobody");
  }

  @Test
  void tierSanctionWhenInForceThenThatTiersSystemsDeniedWithoutStepUpAndOthersNot() {
    assertThat(decide("71002", "juki", true).permitted()).as("before: MFA user of K01").isTrue();
    Sanction s =
        sanctions.impose(
            "it-admin",
            "71002",
            null,
            "SUSPEND",
            "TIER",
            "MYNUMBER",
            "UNAUTHORIZED_ACCESS",
            "住基の目的外照会");
    assertThat(notifications("CISO")).anySatisfy(n -> assertThat(n).contains("71002"));

    AccessDecision denied = decide("71002", "juki", true);
    assertThat(denied).isInstanceOf(AccessDecision.Deny.class);
    AccessDecision.Deny deny = (AccessDecision.Deny) denied;
    assertThat(deny.reasons())
        .extracting(AccessDecision.Reason::code)
        .containsExactly("SANCTIONED");
    assertThat(deny.reasons().getFirst().ja()).contains("処分 #" + s.id());
    assertThat(deny.obligations()).as("no step-up lifts a sanction").isEmpty();
    assertThat(deny.requirementIds()).contains("GV-4");
    assertThat(decide("71002", "groupware", false).permitted())
        .as("the LGWAN tier is not taken away")
        .isTrue();
    assertThat(sanctions.privilegedBlocked("71002")).isEmpty();

    assertThatThrownBy(() ->
            sanctions.impose(
                "it-admin", "71002", null, "SUSPEND", "TIER", "MYNUMBER", "OTHER", "again"))
        .isInstanceOf(SanctionRefused.class)
        .hasMessageContaining("already in force");
    assertThatThrownBy(() ->
            sanctions.impose("it-admin", "71002", null, "SUSPEND", "TIER", "DARKNET", "OTHER", "x"))
        .hasMessageContaining("rightValue (tier): expected one of [MYNUMBER, LGWAN, INTERNET]");
    assertThatThrownBy(() ->
            sanctions.impose("71002", "71002", null, "SUSPEND", "PRIVILEGED", "", "OTHER", "x"))
        .hasMessageContaining("another person");
  }

  @Test
  void accountSanctionWhenImposedThenKeycloakRefusesLoginAndOnlyApprovedReinstatementLiftsIt()
      throws Exception {
    assertThat(DirectGrant.login(issuer, CLIENT, "71003", PASSWORD).status()).isEqualTo(200);
    Sanctions.Violation v =
        sanctions.recordViolation("it-admin", "71003", "DATA_TAKEN_OUT", "USB メモリで住民データを持ち出し");
    Sanction s =
        sanctions.impose(
            "it-admin", "71003", v.id(), "SUSPEND", "ACCOUNT", null, "DATA_TAKEN_OUT", "調査終了まで停止");

    assertThat(DirectGrant.login(issuer, CLIENT, "71003", PASSWORD).status())
        .as("suspended in Keycloak")
        .isEqualTo(400);
    assertThat(states.status("71003").code()).isEqualTo("SUSPENDED");
    assertThat(states.status("71003").ja()).contains("違反に対する処分");
    assertThat(decide("71003", "groupware", false).permitted()).isFalse();
    assertThat(sanctions.privilegedBlocked("71003")).isPresent();
    assertThatThrownBy(() -> states.reinstate("71003", "it-admin-2", "戻します"))
        .isInstanceOf(AccountStates.Refused.class)
        .hasMessageContaining("only an approved reinstatement");

    assertThatThrownBy(() -> sanctions.approveReinstatement(s.id(), "ciso", "ok"))
        .as("nothing asked yet")
        .hasMessageContaining("expected a reinstatement request");
    sanctions.requestReinstatement(s.id(), "it-admin", "調査の結果、本人の過失は軽微");
    assertThatThrownBy(() -> sanctions.approveReinstatement(s.id(), "it-admin", "self"))
        .hasMessageContaining("another person than the one who asked");
    assertThat(DirectGrant.login(issuer, CLIENT, "71003", PASSWORD).status())
        .as("asking is not lifting")
        .isEqualTo(400);

    Sanction lifted = sanctions.approveReinstatement(s.id(), "ciso", "再発防止研修の受講を条件に解除");
    assertThat(lifted.status()).isEqualTo(Status.LIFTED);
    assertThat(lifted.decidedBy()).contains("ciso");
    assertThat(DirectGrant.login(issuer, CLIENT, "71003", PASSWORD).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(11)); // past the cache
    assertThat(decide("71003", "groupware", false).permitted()).isTrue();
    assertThat(sanctions.privilegedBlocked("71003")).isEmpty();

    assertThat(
            database
                .jdbc()
                .sql("select kind from audit_event where subject = '71003' order by seq")
                .query(String.class)
                .list())
        .containsExactly(
            "VIOLATION_RECORDED",
            "SANCTION_IMPOSED",
            "SANCTION_ACCOUNT_SUSPENDED",
            "REINSTATEMENT_REQUESTED",
            "REINSTATEMENT_APPROVED",
            "SANCTION_LIFTED");
    assertThat(audit.verify().intact()).isTrue();
  }

  private AccessDecision decide(String username, String system, boolean multiFactor) {
    Instant now = clock.instant();
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .subject(username)
            .claim("preferred_username", username)
            .claim("groups", List.of("/section-K01"))
            .claim("amr", multiFactor ? List.of("hwk", "fpt") : List.of("pwd"))
            .claim("auth_time", now.getEpochSecond())
            .issuedAt(now)
            .expiresAt(now.plusSeconds(300))
            .build();
    boolean myNumber = new AccessPolicy(POLICY).tierOf(system) == Tier.MYNUMBER;
    return decisions.decide(
        jwt,
        system,
        Optional.of(myNumber ? "MN-K01-001" : "LG-K01-001"),
        Optional.of(myNumber ? "10.1.0.15" : "10.2.0.15"));
  }

  private static List<String> notifications(String recipient) {
    return database
        .jdbc()
        .sql("select subject_ja || ' ' || body from notification where recipient = ? order by id")
        .param(recipient)
        .query(String.class)
        .list();
  }

  private static List<String> openAlerts(String kind) {
    return alerts.open().stream()
        .filter(a -> a.kind().equals(kind))
        .map(a -> a.subject() + " " + a.detailJa())
        .toList();
  }
}
