package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network tiers in Keycloak (三層分離; ZN-1, MF-1, MF-2), from the policy's {@code tiers}:
 *
 * <ul>
 *   <li><b>Who may use a tier</b>: a realm role {@code mamori-tier-<tier>}, held through the
 *       section groups of the tier's {@code allowedSections} and the tier's {@code allowedRoles}
 *       (composites). A tier open to every section ({@code "*"}) needs no role.
 *   <li><b>How</b>: a tier that requires multi-factor authentication gets its own browser flow
 *       {@code mamori-<tier>-mfa}, bound to each of the tier's systems (Keycloak clients): password
 *       (level of authentication 1, ACR {@value #ACR_PASSWORD}) <b>and</b> WebAuthn (level 2, ACR
 *       {@value #ACR_MFA}) with user verification required by the realm's WebAuthn policy; the
 *       first use registers the authenticator ({@code webauthn-register}). The clients demand level
 *       2 (minimum ACR), so a session that only logged in with a password (an LGWAN-tier system)
 *       never opens them, and the level lasts the tier's {@code stepUpMaxAge}: an older one
 *       authenticates again. Staff without the tier's role are refused in the flow, before and
 *       after the second factor, whatever their credentials; so is a person whose leave suspends
 *       the tier (the policy's {@code lifecycle.absences}, the user attribute {@code
 *       mamoriSuspendedTiers}). Tiers without a flow of their own rely on the access decision.
 * </ul>
 *
 * <p>The systems themselves are registered in Keycloak by whoever runs them; a system named in the
 * policy without a client is reported (and bound once it exists, at the next configuration).
 */
@Enforces(
    value = {"MF-1", "MF-2"},
    ja = "マイナンバー利用事務系の認証フローで生体認証 (ユーザー検証付き WebAuthn) を必須にする",
    en = "Makes WebAuthn with user verification mandatory in the My Number tier's login flow")
public final class KeycloakTierFlows {

  private static final Logger log = LoggerFactory.getLogger(KeycloakTierFlows.class);

  /** ACR of a password login (level of authentication 1). */
  public static final String ACR_PASSWORD = "pwd";

  /** ACR of a login with password and a user-verified WebAuthn authenticator (level 2). */
  public static final String ACR_MFA = "mfa";

  /** The level-1 login lasts as long as a session may (the realm's own limit applies). */
  static final int LEVEL_1_MAX_AGE_SECONDS = 36_000;

  /** Shown to a person whose leave suspends this tier (LC-2). */
  static final String ABSENT_MESSAGE =
      "休業・休職中のため、このネットワーク層の業務システムは利用できません。"
          + " / While on leave you may not use this network tier's systems.";

  static final String DENY_MESSAGE =
      "この業務システムは許可された所属の職員だけが利用できます。"
          + " / Only staff of the sections allowed in this network tier may use this system.";

  private final Keycloak admin;
  private final String realmName;
  private final LockCheckStep lockCheck;

  public KeycloakTierFlows(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
    this.lockCheck = new LockCheckStep(admin);
  }

  /** The realm role that admits to a tier. */
  public static String tierRole(Tier tier) {
    return "mamori-tier-" + tier.name().toLowerCase(Locale.ROOT);
  }

  /** The browser flow of a tier that requires multi-factor authentication. */
  public static String flowAlias(Tier tier) {
    return "mamori-" + tier.name().toLowerCase(Locale.ROOT) + "-mfa";
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  /** Brings roles, flows and the tier systems' clients in line with the policy. */
  public void configure(Policy policy) {
    RealmResource realm = realm();
    RealmRepresentation settings = realm.toRepresentation();
    Map<String, String> attributes =
        settings.getAttributes() == null
            ? new HashMap<>()
            : new HashMap<>(settings.getAttributes());
    attributes.put("acr.loa.map", "{\"" + ACR_PASSWORD + "\":1,\"" + ACR_MFA + "\":2}");
    settings.setAttributes(attributes);
    realm.update(settings);
    enableRequiredAction(realm, "webauthn-register");
    for (Tier tier : Tier.values()) {
      TierRules rules = policy.tier(tier);
      boolean restricted = !rules.allowedSections().contains(TierRules.EVERY_SECTION);
      if (restricted) {
        admitThroughSectionsAndRoles(realm, tier, rules);
      }
      if (!rules.multiFactorRequired()) {
        continue;
      }
      String flowId = ensureFlow(realm, tier, rules, restricted);
      for (String clientId : rules.systems()) {
        bindClient(realm, tier, clientId, flowId);
      }
    }
  }

  /**
   * What differs from the policy: a missing flow, a system not bound to it or not demanding the
   * second level, the second level's maximum age, a section group without the tier's role.
   */
  public List<RealmDrift> drift(Policy policy) {
    RealmResource realm = realm();
    List<RealmDrift> drift = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      TierRules rules = policy.tier(tier);
      if (!rules.allowedSections().contains(TierRules.EVERY_SECTION)) {
        for (String code : rules.allowedSections()) {
          Optional<GroupRepresentation> group = sectionGroup(realm, code);
          boolean mapped =
              group.isPresent()
                  && realm
                      .groups()
                      .group(group.get().getId())
                      .roles()
                      .realmLevel()
                      .listAll()
                      .stream()
                      .anyMatch(r -> r.getName().equals(tierRole(tier)));
          if (!mapped) {
            drift.add(
                new RealmDrift(
                    "groups.section-" + code + ".roles",
                    tierRole(tier),
                    "missing",
                    List.of("ZN-1")));
          }
        }
      }
      if (!rules.multiFactorRequired()) {
        continue;
      }
      Optional<AuthenticationFlowRepresentation> flow = findFlow(realm.flows(), flowAlias(tier));
      if (flow.isEmpty()) {
        drift.add(
            new RealmDrift(
                "authenticationFlows." + flowAlias(tier), "present", "missing", List.of("MF-2")));
        continue;
      }
      if (!hasAbsenceCheck(realm.flows(), tier)) {
        drift.add(
            new RealmDrift(
                "authenticationFlows." + flowAlias(tier) + ".absence",
                "present",
                "missing",
                List.of("LC-2", "ZN-1")));
      }
      drift.addAll(lockCheck.drift(realm.flows(), flowAlias(tier)));
      String maxAge = levelTwoMaxAge(realm.flows(), tier).orElse("missing");
      String expectedAge = Long.toString(rules.stepUpMaxAge().toSeconds());
      if (!expectedAge.equals(maxAge)) {
        drift.add(
            new RealmDrift(
                "authenticationFlows." + flowAlias(tier) + ".loa-max-age",
                expectedAge,
                maxAge,
                List.of("MF-2")));
      }
      for (String clientId : rules.systems()) {
        List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
        if (found.isEmpty()) {
          continue; // reported at configuration; nothing to compare
        }
        ClientRepresentation client = found.getFirst();
        String bound =
            client.getAuthenticationFlowBindingOverrides() == null
                ? null
                : client.getAuthenticationFlowBindingOverrides().get("browser");
        String minimum =
            client.getAttributes() == null ? null : client.getAttributes().get("minimum.acr.value");
        if (!flow.get().getId().equals(bound) || !ACR_MFA.equals(minimum)) {
          drift.add(
              new RealmDrift(
                  "clients." + clientId + ".browserFlow",
                  flowAlias(tier) + ", minimum ACR " + ACR_MFA,
                  (bound == null ? "the realm's browser flow" : bound)
                      + ", minimum ACR "
                      + (minimum == null ? "none" : minimum),
                  List.of("MF-2", "ZN-1")));
        }
      }
    }
    return drift;
  }

  private void admitThroughSectionsAndRoles(RealmResource realm, Tier tier, TierRules rules) {
    RoleRepresentation role = ensureRole(realm, tierRole(tier), tier);
    for (String code : rules.allowedSections()) {
      GroupRepresentation group =
          sectionGroup(realm, code).orElseGet(() -> createGroup(realm, code));
      var mappings = realm.groups().group(group.getId()).roles().realmLevel();
      if (mappings.listAll().stream().noneMatch(r -> r.getName().equals(role.getName()))) {
        mappings.add(List.of(role));
      }
    }
    for (String allowed : rules.allowedRoles()) {
      RoleRepresentation holder = ensureRole(realm, allowed, tier);
      var composites = realm.roles().get(holder.getName());
      if (composites.getRoleComposites().stream()
          .noneMatch(r -> r.getName().equals(role.getName()))) {
        composites.addComposites(List.of(role));
      }
    }
  }

  private static RoleRepresentation ensureRole(RealmResource realm, String name, Tier tier) {
    try {
      return realm.roles().get(name).toRepresentation();
    } catch (NotFoundException e) {
      RoleRepresentation role = new RoleRepresentation();
      role.setName(name);
      role.setDescription(
          tier.name() + " の利用を許可 (ポリシー tiers." + tier.name() + ") / admits to the tier");
      realm.roles().create(role);
      return realm.roles().get(name).toRepresentation();
    }
  }

  private static Optional<GroupRepresentation> sectionGroup(RealmResource realm, String code) {
    String name = KeycloakTarget.SECTION_GROUP_PREFIX + code;
    return realm.groups().groups(name, true, 0, 10, true).stream()
        .filter(g -> g.getName().equals(name))
        .findFirst();
  }

  private static GroupRepresentation createGroup(RealmResource realm, String code) {
    GroupRepresentation group = new GroupRepresentation();
    group.setName(KeycloakTarget.SECTION_GROUP_PREFIX + code);
    try (Response response = realm.groups().add(group)) {
      if (response.getStatus() == 201) {
        group.setId(CreatedResponseUtil.getCreatedId(response));
        return group;
      }
    }
    return sectionGroup(realm, code)
        .orElseThrow(() ->
            new KeycloakException(
                "Keycloak did not create group "
                    + group.getName()
                    + " of realm "
                    + realmNameOf(realm),
                0,
                null));
  }

  private static String realmNameOf(RealmResource realm) {
    return realm.toRepresentation().getRealm();
  }

  private static void enableRequiredAction(RealmResource realm, String alias) {
    RequiredActionProviderRepresentation action = realm.flows().getRequiredAction(alias);
    if (!action.isEnabled()) {
      action.setEnabled(true);
      realm.flows().updateRequiredAction(alias, action);
    }
  }

  private static Optional<AuthenticationFlowRepresentation> findFlow(
      AuthenticationManagementResource flows, String alias) {
    return flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst();
  }

  /**
   * The tier's flow, created if absent (see the class comment for its shape); an existing flow
   * keeps its shape and gets the policy's maximum age for the second level.
   */
  private String ensureFlow(RealmResource realm, Tier tier, TierRules rules, boolean restricted) {
    AuthenticationManagementResource flows = realm.flows();
    String alias = flowAlias(tier);
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
    AuthenticationFlowRepresentation top = new AuthenticationFlowRepresentation();
    top.setAlias(alias);
    top.setDescription(
        tier.name() + ": パスワードと WebAuthn (本人確認必須) / password and user-verified WebAuthn");
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
            "loa-condition-level", "1", "loa-max-age", Integer.toString(LEVEL_1_MAX_AGE_SECONDS)));
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
        Map.of("denyErrorMessage", ABSENT_MESSAGE));
  }

  private static String absenceAlias(Tier tier) {
    return flowAlias(tier) + " absence";
  }

  private static boolean hasAbsenceCheck(AuthenticationManagementResource flows, Tier tier) {
    return flows.getExecutions(flowAlias(tier)).stream()
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
        Map.of("condUserRole", tierRole(tier), "negate", "true"));
    execution(
        flows,
        alias,
        "deny-access-authenticator",
        "REQUIRED",
        Map.of("denyErrorMessage", DENY_MESSAGE));
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
    String level2 = flowAlias(tier) + " level 2";
    return flows.getExecutions(level2).stream()
        .filter(e -> e.getLevel() == 0)
        .filter(e -> "conditional-level-of-authentication".equals(e.getProviderId()))
        .filter(e -> e.getAuthenticationConfig() != null)
        .findFirst()
        .map(e -> flows.getAuthenticatorConfig(e.getAuthenticationConfig()));
  }

  private static Optional<String> levelTwoMaxAge(
      AuthenticationManagementResource flows, Tier tier) {
    try {
      return levelTwoConfig(flows, tier).map(c -> c.getConfig().get("loa-max-age"));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private void bindClient(RealmResource realm, Tier tier, String clientId, String flowId) {
    List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
    if (found.isEmpty()) {
      log.warn(
          "System {} of the {} tier (policy tiers.{}.systems) has no client in realm {}: it is bound"
              + " to flow {} once it is registered",
          clientId,
          tier,
          tier,
          realmName,
          flowAlias(tier));
      return;
    }
    ClientRepresentation client = found.getFirst();
    Map<String, String> overrides =
        client.getAuthenticationFlowBindingOverrides() == null
            ? new HashMap<>()
            : new HashMap<>(client.getAuthenticationFlowBindingOverrides());
    overrides.put("browser", flowId);
    client.setAuthenticationFlowBindingOverrides(overrides);
    Map<String, String> attributes =
        client.getAttributes() == null ? new HashMap<>() : new HashMap<>(client.getAttributes());
    attributes.put("minimum.acr.value", ACR_MFA);
    attributes.put("default.acr.values", ACR_MFA);
    client.setAttributes(attributes);
    realm.clients().get(client.getId()).update(client);
  }
}
