package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * The tiers in the real Keycloak (ZN-1, MF-2): the My Number tier's flow (password, then WebAuthn,
 * each a level of authentication, with the refusal of staff outside the tier), the tier role held
 * through the allowed sections' groups, the tier's systems bound to the flow and demanding the
 * second level; a change by hand is drift, and configuring again restores it. The browser test
 * (authz-service MyNumberLoginIT) shows the flow at work.
 */
class KeycloakTierFlowsIT {

  private static final String REALM = "tiers-it";
  private static Keycloak admin;
  private static Policy policy;
  private static KeycloakRealmConfigurator configurator;

  @BeforeAll
  static void realm() {
    admin = EmbeddedKeycloak.shared().adminClient();
    policy = PolicyLoader.loadDefault();
    configurator = new KeycloakRealmConfigurator(admin, REALM);
    ConsoleClient console =
        new ConsoleClient(
            "mamori-console", "it-secret-0123456789", "http://localhost:1", "mamori-api");
    configurator.configure(policy, console);
    for (String system : List.of("juki", "zeimu", "groupware")) {
      ClientRepresentation client = new ClientRepresentation();
      client.setClientId(system);
      client.setPublicClient(true);
      client.setRedirectUris(List.of("http://localhost:1/*"));
      admin.realm(REALM).clients().create(client).close();
    }
    configurator.configure(policy, console);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void configureWhenPolicyHasTiersThenFlowRolesAndSystemsFollowIt() {
    RealmResource realm = admin.realm(REALM);
    String alias = KeycloakTierFlows.flowAlias(Tier.MYNUMBER);
    List<AuthenticationExecutionInfoRepresentation> executions = realm.flows().getExecutions(alias);
    assertThat(executions)
        .extracting(e -> e.getProviderId() == null ? e.getDisplayName() : e.getProviderId())
        .containsSubsequence(
            "auth-cookie",
            "conditional-level-of-authentication",
            "auth-username-password-form",
            "conditional-level-of-authentication",
            "conditional-user-role",
            "deny-access-authenticator",
            "webauthn-authenticator",
            "conditional-user-role",
            "deny-access-authenticator");
    assertThat(executions)
        .filteredOn(e -> "webauthn-authenticator".equals(e.getProviderId()))
        .singleElement()
        .satisfies(e -> assertThat(e.getRequirement()).isEqualTo("REQUIRED"));
    assertThat(realm.toRepresentation().getAttributes().get("acr.loa.map"))
        .isEqualTo("{\"pwd\":1,\"mfa\":2}");
    assertThat(realm.toRepresentation().getWebAuthnPolicyUserVerificationRequirement())
        .isEqualTo("required");

    for (String code : policy.tier(Tier.MYNUMBER).allowedSections()) {
      GroupRepresentation group =
          realm.groups().groups("section-" + code, true, 0, 10, true).getFirst();
      assertThat(realm.groups().group(group.getId()).roles().realmLevel().listAll())
          .extracting(RoleRepresentation::getName)
          .contains("mamori-tier-mynumber");
    }
    String flowId =
        realm.flows().getFlows().stream()
            .filter(f -> f.getAlias().equals(alias))
            .findFirst()
            .orElseThrow()
            .getId();
    for (String system : List.of("juki", "zeimu")) {
      ClientRepresentation client = realm.clients().findByClientId(system).getFirst();
      assertThat(client.getAuthenticationFlowBindingOverrides()).containsEntry("browser", flowId);
      assertThat(client.getAttributes()).containsEntry("minimum.acr.value", "mfa");
    }
    ClientRepresentation lgwan = realm.clients().findByClientId("groupware").getFirst();
    assertThat(lgwan.getAuthenticationFlowBindingOverrides()).doesNotContainKey("browser");
    assertThat(configurator.drift(policy)).isEmpty();
  }

  @Test
  void driftWhenSystemUnboundAndStepUpAgeLengthenedByHandThenReportedAndRestored() {
    RealmResource realm = admin.realm(REALM);
    ClientRepresentation zeimu = realm.clients().findByClientId("zeimu").getFirst();
    // Keycloak keeps what an update leaves out: an empty value removes the binding
    Map<String, String> overrides = new HashMap<>(zeimu.getAuthenticationFlowBindingOverrides());
    overrides.put("browser", "");
    zeimu.setAuthenticationFlowBindingOverrides(overrides);
    Map<String, String> attributes = new HashMap<>(zeimu.getAttributes());
    attributes.put("minimum.acr.value", "");
    zeimu.setAttributes(attributes);
    realm.clients().get(zeimu.getId()).update(zeimu);
    String level2 = KeycloakTierFlows.flowAlias(Tier.MYNUMBER) + " level 2";
    var loa =
        realm.flows().getExecutions(level2).stream()
            .filter(e -> "conditional-level-of-authentication".equals(e.getProviderId()))
            .findFirst()
            .orElseThrow();
    var config = realm.flows().getAuthenticatorConfig(loa.getAuthenticationConfig());
    config.getConfig().put("loa-max-age", "86400");
    realm.flows().updateAuthenticatorConfig(config.getId(), config);

    assertThat(configurator.drift(policy))
        .extracting(RealmDrift::setting)
        .contains(
            "clients.zeimu.browserFlow", "authenticationFlows.mamori-mynumber-mfa.loa-max-age");

    configurator.configure(
        policy,
        new ConsoleClient(
            "mamori-console", "it-secret-0123456789", "http://localhost:1", "mamori-api"));
    assertThat(configurator.drift(policy)).isEmpty();
    assertThat(realm.flows().getAuthenticatorConfig(loa.getAuthenticationConfig()).getConfig())
        .containsEntry(
            "loa-max-age", Long.toString(policy.tier(Tier.MYNUMBER).stepUpMaxAge().toSeconds()));
  }
}
