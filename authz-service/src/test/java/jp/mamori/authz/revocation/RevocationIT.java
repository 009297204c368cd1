package jp.mamori.authz.revocation;

import static jp.mamori.authz.privileged.PrivilegedStack.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yubico.webauthn.data.ByteArray;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.access.AccessDecisions;
import jp.mamori.authz.access.TerminalStore;
import jp.mamori.authz.access.Terminals;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.GovernanceConfiguration;
import jp.mamori.authz.governance.SanctionStore;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.authz.privileged.Checkout;
import jp.mamori.authz.privileged.HolderStops;
import jp.mamori.authz.privileged.PrivilegedAccess;
import jp.mamori.authz.privileged.PrivilegedAccount;
import jp.mamori.authz.privileged.PrivilegedFixture;
import jp.mamori.authz.privileged.PrivilegedStack;
import jp.mamori.authz.stepup.StepUpStoresFixture;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision;
import jp.mamori.policy.access.AccessPolicy;
import jp.mamori.webauthn.StoredCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emergency revocation on the real Keycloak, directory (UnboundID) and PostgreSQL: a person
 * with a live refresh token, a directory password that binds, a privileged checkout and a step-up
 * key is revoked with one request; then the refresh-token grant is refused, the bind fails, an
 * access decision is a denial, the checkout is checked in, the key retired — each step on the audit
 * chain. An urgent HR file stops its leaver at once and refuses a file that would do more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationIT {

  private static final String REALM = "it-revocation";
  private static final String CLIENT = "it-revocation-direct";
  private static final String PASSWORD = "Revocation-Test-Pass-2027x";
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final LocalDate TODAY = LocalDate.now(TOKYO);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;

  private PrivilegedStack stack;
  private TestDatabase database;
  private EmbeddedDirectory ldap;
  private LdapDirectory directory;
  private Keycloak admin;
  private String issuer;
  private Policy policy;
  private AuditLog audit;
  private PrivilegedAccess access;
  private LifecycleService lifecycle;
  private StepUpStoresFixture webAuthn;
  private AccessDecisions decisions;
  private Revocations revocations;
  private UrgentLeavers urgent;

  @BeforeAll
  void start() throws Exception {
    stack = PrivilegedStack.start(REALM, CLIENT);
    database = stack.database();
    ldap = stack.ldap();
    directory = stack.directory();
    admin = stack.admin();
    policy = stack.policy();
    issuer = stack.issuer();
    Clock clock = Clock.systemUTC();
    audit = database.audit(clock);
    Alerts alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    PrivilegedFixture privileged =
        PrivilegedFixture.on(database, directory, admin, REALM, policy, clock);
    access = privileged.access();
    HolderStops holders = privileged.holderStops();
    lifecycle = stack.lifecycle(clock, audit, holders);
    KeycloakAccountStates states = new KeycloakAccountStates(admin, REALM);
    Sanctions sanctions =
        new Sanctions(
            new SanctionStore(database.jdbc()),
            audit,
            alerts,
            GovernanceConfiguration.keycloakAccounts(states),
            clock,
            TOKYO);
    webAuthn = new StepUpStoresFixture(database.jdbc(), clock);
    revocations =
        new Revocations(
            sanctions,
            RevocationConfiguration.keycloak(states),
            RevocationConfiguration.directory(directory, new DirectoryTarget(directory, clock)),
            holders::end,
            webAuthn.keys(),
            audit,
            alerts,
            clock,
            TOKYO);
    urgent =
        new UrgentLeavers(
            lifecycle,
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            clock,
            TOKYO);
    Terminals terminals = new Terminals(new TerminalStore(database.jdbc()), audit, clock);
    terminals.register(
        "LG-S01-001", Tier.LGWAN, Optional.of("S01"), List.of("10.2.0.0/24"), "it-admin");
    decisions =
        new AccessDecisions(
            new AccessPolicy(policy),
            terminals,
            username -> AccessDecisions.Standing.ACTIVE,
            List::of,
            sanctions::active,
            clock);
    run(
        hr(
            row("83001", "懲戒 一郎", "チョウカイ イチロウ", "S01", "01"),
            row("83002", "承認 二郎", "ショウニン ジロウ", "S01", "01"),
            row("83003", "急退 三郎", "キュウタイ サブロウ", "S01", "01")),
        Set.of("83001", "83002", "83003"));
    for (String person : List.of("83001", "83003")) {
      String id = admin.realm(REALM).users().searchByUsername(person, true).getFirst().getId();
      CredentialRepresentation password = new CredentialRepresentation();
      password.setType(CredentialRepresentation.PASSWORD);
      password.setValue(PASSWORD);
      password.setTemporary(false);
      admin.realm(REALM).users().get(id).resetPassword(password);
      ldap.server()
          .modify(
              "dn: " + dn(person),
              "changetype: modify",
              "replace: userPassword",
              "userPassword: " + PASSWORD);
    }
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  void revokeWhenEverythingIsLiveThenRefreshBindDecisionCheckoutAndKeysAllRefusedAndAudited()
      throws Exception {
    String refreshToken = refreshTokenOf(DirectGrant.login(issuer, CLIENT, "83001", PASSWORD));
    assertThat(refresh(refreshToken)).as("a refresh before the revocation").isEqualTo(200);
    assertThat(binds(dn("83001"), PASSWORD)).as("the directory password before").isTrue();
    assertThat(decide("83001").permitted()).as("an access decision before").isTrue();
    PrivilegedAccount account = directoryAccount("srv-revoke-1", Set.of("83001"));
    Checkout c =
        access.request(
            account.id(), "83001", "月次パッチ適用", "CHG-0301", null, Duration.ofHours(2), false);
    access.approve(c.id(), "83002", "作業計画書を確認");
    char[] revealed = access.activate(c.id(), "83001").password().orElseThrow();
    ByteArray key = new ByteArray(new byte[] {8, 3, 0, 0, 1});
    webAuthn
        .credentials()
        .add(
            new StoredCredential(
                key,
                new ByteArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                "83001",
                new ByteArray(new byte[] {9, 9, 9}),
                0,
                Optional.empty(),
                Optional.empty(),
                StoredCredential.State.ACTIVE,
                "YubiKey 1",
                Instant.now()));
    long before = lastSeq();

    Revocations.Outcome outcome = revocations.revoke("it-admin", "83001", "懲戒免職 (2027-04-02 付)");

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.sanction()).isPresent();
    assertThat(refresh(refreshToken)).as("the refresh token after the revocation").isEqualTo(400);
    assertThat(DirectGrant.login(issuer, CLIENT, "83001", PASSWORD).status())
        .as("a new login")
        .isNotEqualTo(200);
    assertThat(binds(dn("83001"), PASSWORD)).as("the directory password after").isFalse();
    AccessDecision denied = decide("83001");
    assertThat(denied.permitted()).as("an access decision after").isFalse();
    assertThat(access.checkout(c.id()).orElseThrow().state()).isEqualTo(Checkout.State.CHECKED_IN);
    assertThat(binds(account.target(), new String(revealed)))
        .as("the privileged password the person saw")
        .isFalse();
    assertThat(access.account(account.id()).orElseThrow().eligible()).isEmpty();
    assertThat(webAuthn.credentials().ofUser("83001"))
        .extracting(StoredCredential::state)
        .containsOnly(StoredCredential.State.RETIRED);
    assertThat(outcome.keysRevoked()).containsExactly(key.getBase64Url());
    List<String> kinds =
        database
            .jdbc()
            .sql("select kind from audit_event where seq > ? order by seq")
            .param(before)
            .query(String.class)
            .list();
    assertThat(kinds)
        .startsWith("REVOCATION_REQUESTED", "SANCTION_IMPOSED")
        .contains("SANCTION_ACCOUNT_SUSPENDED", "PRIVILEGED_HOLDER_STOPPED")
        .endsWith("REVOCATION_DONE");
    assertThat(
            database
                .jdbc()
                .sql(
                    "select detail from audit_event where seq > ? and kind = 'REVOCATION_REQUESTED'")
                .param(before)
                .query(String.class)
                .single())
        .contains("懲戒免職");
    assertThat(audit.verify().intact()).isTrue();

    Revocations.Outcome again = revocations.revoke("it-admin", "83001", "再実行 / run again");
    assertThat(again.failures()).as("a second revocation stops again, refuses nothing").isEmpty();
    assertThat(again.keycloak()).isTrue();
    assertThat(again.sanction()).isEmpty();
  }

  @Test
  void revokeWithoutAReasonIsRefusedBeforeAnythingChanges() throws Exception {
    long before = lastSeq();
    assertThatThrownBy(() -> revocations.revoke("it-admin", "83002", " "))
        .isInstanceOf(Revocations.Refused.class)
        .hasMessageContaining("reason: expected");
    assertThat(lastSeq()).isEqualTo(before);
    assertThat(binds(dn("83002"), "anything")).isFalse(); // no password: nothing to compare
  }

  @Test
  void urgentLeaverFileWhenARowLeavesThenStoppedNowAndOneThatWouldCreateIsRefused()
      throws Exception {
    assertThat(DirectGrant.login(issuer, CLIENT, "83003", PASSWORD).status()).isEqualTo(200);
    Path joiner =
        hr(
            row("83003", "急退 三郎", "キュウタイ サブロウ", "S01", "04", TODAY.minusDays(1)),
            row("83009", "新規 九郎", "シンキ クロウ", "S01", "01"));
    assertThatThrownBy(() -> urgent.apply(joiner, "it-admin", "懲戒免職"))
        .isInstanceOf(Revocations.Refused.class)
        .hasMessageContaining("expected leavers only");
    assertThat(DirectGrant.login(issuer, CLIENT, "83003", PASSWORD).status())
        .as("nothing applied from a refused file")
        .isEqualTo(200);

    UrgentLeavers.Applied applied =
        urgent.apply(
            hr(row("83003", "急退 三郎", "キュウタイ サブロウ", "S01", "04", TODAY.minusDays(1))),
            "it-admin",
            "懲戒免職 (本日付)");

    assertThat(applied.failures()).isEmpty();
    assertThat(applied.status()).isEqualTo(Status.APPLIED);
    assertThat(applied.stops())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).startsWith("83003 DISABLE|"));
    assertThat(DirectGrant.login(issuer, CLIENT, "83003", PASSWORD).status()).isNotEqualTo(200);
    assertThat(admin.realm(REALM).users().searchByUsername("83003", true).getFirst().isEnabled())
        .isFalse();
  }

  private long lastSeq() {
    return database
        .jdbc()
        .sql("select coalesce(max(seq), 0) from audit_event")
        .query(Long.class)
        .single();
  }

  private AccessDecision decide(String username) {
    Instant now = Instant.now();
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .subject(username)
            .claim("preferred_username", username)
            .claim("groups", List.of("/section-S01"))
            .claim("amr", List.of("pwd"))
            .claim("auth_time", now.getEpochSecond())
            .issuedAt(now)
            .expiresAt(now.plusSeconds(300))
            .build();
    return decisions.decide(jwt, "groupware", Optional.of("LG-S01-001"), Optional.of("10.2.0.15"));
  }

  private static String refreshTokenOf(DirectGrant.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(answer.body()).get("refresh_token").asString();
  }

  private int refresh(String refreshToken) throws Exception {
    String form =
        "grant_type=refresh_token&client_id="
            + URLEncoder.encode(CLIENT, StandardCharsets.UTF_8)
            + "&refresh_token="
            + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private String dn(String person) {
    return directory.findByEmployeeNumber(person).orElseThrow().dn();
  }

  private PrivilegedAccount directoryAccount(String id, Set<String> eligible) throws Exception {
    return stack.directoryAccount(access, id, "83002", eligible, Set.of("83002"), false);
  }

  private boolean binds(String dn, String password) {
    return stack.binds(dn, password);
  }

  private void run(Path file, Set<String> people) throws Exception {
    PrivilegedStack.run(lifecycle, file, people, TODAY);
  }

  private Path hr(String... rows) throws Exception {
    return PrivilegedStack.hr(dir, rows);
  }
}
