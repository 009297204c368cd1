package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Building a tier's browser flow for {@link KeycloakTierFlows} (its shape is described there): the
 * flow, its subflows and executions, the absence and lock checks, and reading back the second
 * level's maximum age. Binding the flow to the tier's systems stays in {@link KeycloakTierFlows}.
 */
final class TierFlowBuilder {

  // the flows were logged under KeycloakTierFlows before the split: keep the logger's name
  private static final Logger log = LoggerFactory.getLogger(KeycloakTierFlows.class);

  private final LockCheckStep lockCheck;

  TierFlowBuilder(LockCheckStep lockCheck) {
    this.lockCheck = lockCheck;
  }

  static Optional<AuthenticationFlowRepresentation> findFlow(
      AuthenticationManagementResource flows, String alias) {
    return flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst();
  }

  /**
   * The tier's flow, created if absent (see the class comment for its shape); an existing flow
   * keeps its shape and gets the policy's maximum age for the second level.
   */
  String ensureFlow(RealmResource realm, Tier tier, TierRules rules, boolean restricted) {
    AuthenticationManagementResource flows = realm.flows();
    String alias = KeycloakTierFlows.flowAlias(tier);
    Optional<AuthenticationFlowRepresentation> existing = findFlow(flows, alias);
    if (existing.isPresent()) {
      if (!hasAbsenceCheck(flows, tier)) { // a flow made before leaves could stop a tier
        denyWhenAbsent(flows, alias, tier);
      }
      lockCheck.ensure(flows, alias); // a flow made before the lock check

      levelTwoConfig(flows, tier)
          .ifPresent(config -> {
            config.getConfig().put("loa-max-age", Long.toString(rules.stepUpMaxAge().toSeconds()));
            flows.updateAuthenticatorConfig(config.getId(), config);
          });
      return existing.get().getId();
    }
    topLevelFlow(
        flows,
        alias,
        tier.name() + ": パスワードと WebAuthn (本人確認必須) / password and user-verified WebAuthn");
    String stepUp = alias + " step-up";
    String forms = alias + " forms";
    String level1 = alias + " level 1";
    String level2 = alias + " level 2";
    subflow(flows, alias, stepUp, "REQUIRED");
    execution(flows, stepUp, "auth-cookie", "ALTERNATIVE", null);
    subflow(flows, stepUp, forms, "ALTERNATIVE");
    subflow(flows, forms, level1, "CONDITIONAL");
    execution(
        flows,
        level1,
        "conditional-level-of-authentication",
        "REQUIRED",
        Map.of(
            "loa-condition-level",
            "1",
            "loa-max-age",
            Integer.toString(KeycloakTierFlows.LEVEL_1_MAX_AGE_SECONDS)));
    execution(flows, level1, "auth-username-password-form", "REQUIRED", null);
    subflow(flows, forms, level2, "CONDITIONAL");
    execution(
        flows,
        level2,
        "conditional-level-of-authentication",
        "REQUIRED",
        Map.of(
            "loa-condition-level",
            "2",
            "loa-max-age",
            Long.toString(rules.stepUpMaxAge().toSeconds())));
    if (restricted) {
      denyOutsideTier(flows, level2, alias + " tier before second factor", tier);
    }
    execution(flows, level2, "webauthn-authenticator", "REQUIRED", null);
    if (restricted) {
      denyOutsideTier(flows, alias, alias + " tier", tier);
    }
    denyWhenAbsent(flows, alias, tier);
    lockCheck.ensure(flows, alias);
    log.info("Flow {} created for the {} tier (MF-2)", alias, tier);
    return findFlow(flows, alias).orElseThrow().getId();
  }

  /** Creates an empty top-level flow (not built in) or throws what Keycloak answered. */
  static void topLevelFlow(
      AuthenticationManagementResource flows, String alias, String description) {
    AuthenticationFlowRepresentation top = new AuthenticationFlowRepresentation();
    top.setAlias(alias);
    top.setDescription(description);
    top.setProviderId("basic-flow");
    top.setTopLevel(true);
    top.setBuiltIn(false);
    try (Response response = flows.createFlow(top)) {
      if (response.getStatus() != 201) {
        throw new KeycloakException(
            "Keycloak refused to create flow "
                + alias
                + ": "
                + KeycloakRealmConfigurator.describe(response),
            response.getStatus(),
            null);
      }
    }
  }

  /**
   * Refuses a person whose leave suspends this tier (the Keycloak attribute {@link
   * SuspendedTiers#ATTRIBUTE} names it, written by the lifecycle run, LC-2): at the end of the
   * flow, whoever they are and however they authenticated.
   */
  private static void denyWhenAbsent(
      AuthenticationManagementResource flows, String parent, Tier tier) {
    String alias = absenceAlias(tier);
    subflow(flows, parent, alias, "CONDITIONAL");
    execution(
        flows,
        alias,
        "conditional-user-attribute",
        "REQUIRED",
        Map.of(
            "attribute_name",
            SuspendedTiers.ATTRIBUTE,
            // one value, comma-separated tier names: the tier as a whole item
            "attribute_expected_value",
            "(.*,)?" + tier.name() + "(,.*)?",
            "regex",
            "true",
            "not",
            "false"));
    execution(
        flows,
        alias,
        "deny-access-authenticator",
        "REQUIRED",
        Map.of("denyErrorMessage", KeycloakTierFlows.ABSENT_MESSAGE));
  }

  private static String absenceAlias(Tier tier) {
    return KeycloakTierFlows.flowAlias(tier) + " absence";
  }

  static boolean hasAbsenceCheck(AuthenticationManagementResource flows, Tier tier) {
    return flows.getExecutions(KeycloakTierFlows.flowAlias(tier)).stream()
        .anyMatch(e -> absenceAlias(tier).equals(e.getDisplayName()));
  }

  private static void denyOutsideTier(
      AuthenticationManagementResource flows, String parent, String alias, Tier tier) {
    subflow(flows, parent, alias, "CONDITIONAL");
    execution(
        flows,
        alias,
        "conditional-user-role",
        "REQUIRED",
        Map.of("condUserRole", KeycloakTierFlows.tierRole(tier), "negate", "true"));
    execution(
        flows,
        alias,
        "deny-access-authenticator",
        "REQUIRED",
        Map.of("denyErrorMessage", KeycloakTierFlows.DENY_MESSAGE));
  }

  private static void subflow(
      AuthenticationManagementResource flows, String parent, String alias, String requirement) {
    flows.addExecutionFlow(
        parent,
        Map.of(
            "alias",
            alias,
            "type",
            "basic-flow",
            "provider",
            "registration-page-form",
            "description",
            alias));
    AuthenticationExecutionInfoRepresentation added =
        flows.getExecutions(parent).stream()
            .filter(e -> alias.equals(e.getDisplayName()) && e.getLevel() == 0)
            .findFirst()
            .orElseThrow(() ->
                new KeycloakException(
                    "Keycloak did not add subflow " + alias + " to " + parent, 0, null));
    added.setRequirement(requirement);
    flows.updateExecutions(parent, added);
  }

  static void execution(
      AuthenticationManagementResource flows,
      String parent,
      String provider,
      String requirement,
      Map<String, String> config) {
    flows.addExecution(parent, Map.of("provider", provider));
    List<AuthenticationExecutionInfoRepresentation> level =
        flows.getExecutions(parent).stream().filter(e -> e.getLevel() == 0).toList();
    AuthenticationExecutionInfoRepresentation added =
        level.stream()
            .filter(e -> provider.equals(e.getProviderId()))
            .reduce((a, b) -> b)
            .orElseThrow(() ->
                new KeycloakException(
                    "Keycloak did not add " + provider + " to " + parent, 0, null));
    added.setRequirement(requirement);
    flows.updateExecutions(parent, added);
    if (config != null) {
      AuthenticatorConfigRepresentation rep = new AuthenticatorConfigRepresentation();
      rep.setAlias(parent + " " + provider);
      rep.setConfig(new HashMap<>(config));
      flows.newExecutionConfig(added.getId(), rep).close();
    }
  }

  private static Optional<AuthenticatorConfigRepresentation> levelTwoConfig(
      AuthenticationManagementResource flows, Tier tier) {
    String level2 = KeycloakTierFlows.flowAlias(tier) + " level 2";
    return flows.getExecutions(level2).stream()
        .filter(e -> e.getLevel() == 0)
        .filter(e -> "conditional-level-of-authentication".equals(e.getProviderId()))
        .filter(e -> e.getAuthenticationConfig() != null)
        .findFirst()
        .map(e -> flows.getAuthenticatorConfig(e.getAuthenticationConfig()));
  }

  static Optional<String> levelTwoMaxAge(AuthenticationManagementResource flows, Tier tier) {
    try {
      return levelTwoConfig(flows, tier).map(c -> c.getConfig().get("loa-max-age"));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
