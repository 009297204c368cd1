package jp.mamori.hrsync.keycloak;

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
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
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
  private final TierFlowBuilder flowBuilder;

  public KeycloakTierFlows(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
    this.lockCheck = new LockCheckStep(admin);
    this.flowBuilder = new TierFlowBuilder(lockCheck);
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
        TierAdmission.admitThroughSectionsAndRoles(realm, tier, rules);
      }
      if (!rules.multiFactorRequired()) {
        continue;
      }
      String flowId = flowBuilder.ensureFlow(realm, tier, rules, restricted);
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
          Optional<GroupRepresentation> group = TierAdmission.sectionGroup(realm, code);
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
      Optional<AuthenticationFlowRepresentation> flow =
          TierFlowBuilder.findFlow(realm.flows(), flowAlias(tier));
      if (flow.isEmpty()) {
        drift.add(
            new RealmDrift(
                "authenticationFlows." + flowAlias(tier), "present", "missing", List.of("MF-2")));
        continue;
      }
      if (!TierFlowBuilder.hasAbsenceCheck(realm.flows(), tier)) {
        drift.add(
            new RealmDrift(
                "authenticationFlows." + flowAlias(tier) + ".absence",
                "present",
                "missing",
                List.of("LC-2", "ZN-1")));
      }
      drift.addAll(lockCheck.drift(realm.flows(), flowAlias(tier)));
      String maxAge = TierFlowBuilder.levelTwoMaxAge(realm.flows(), tier).orElse("missing");
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

  private static void enableRequiredAction(RealmResource realm, String alias) {
    RequiredActionProviderRepresentation action = realm.flows().getRequiredAction(alias);
    if (!action.isEnabled()) {
      action.setEnabled(true);
      realm.flows().updateRequiredAction(alias, action);
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
