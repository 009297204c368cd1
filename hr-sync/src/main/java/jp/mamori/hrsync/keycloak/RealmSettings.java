package jp.mamori.hrsync.keycloak;

import java.util.ArrayList;
import java.util.List;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The realm settings the policy controls (password policy, lockout, sessions, events, WebAuthn
 * policy …), each with the requirements it enforces: how the policy is written into a realm ({@link
 * #apply}) and which settings are compared for drift ({@link #compare}).
 */
final class RealmSettings {

  private RealmSettings() {}

  /**
   * The realm settings the policy controls, each with the requirements it enforces: what {@link
   * #drift} compares.
   */
  private record Setting(
      String name,
      java.util.function.Function<RealmRepresentation, Object> value,
      List<String> requirementIds) {}

  static final List<Setting> CONTROLLED =
      List.of(
          new Setting("enabled", RealmRepresentation::isEnabled, List.of("LG-1")),
          new Setting(
              "eventsListeners",
              r ->
                  r.getEventsListeners() == null
                      ? java.util.Set.of()
                      : new java.util.TreeSet<>(r.getEventsListeners()),
              List.of("PW-5", "LG-1")),
          new Setting(
              "passwordPolicy",
              r -> passwordPolicyTerms(r.getPasswordPolicy()),
              List.of("PW-1", "PW-2")),
          new Setting(
              "attributes." + KeycloakRealmConfigurator.BLOCKLIST_ATTRIBUTE,
              r ->
                  r.getAttributes() == null
                      ? null
                      : r.getAttributes().get(KeycloakRealmConfigurator.BLOCKLIST_ATTRIBUTE),
              List.of("PW-1")),
          new Setting("bruteForceProtected", RealmRepresentation::isBruteForceProtected, lg()),
          new Setting("failureFactor", RealmRepresentation::getFailureFactor, lg()),
          new Setting("permanentLockout", RealmRepresentation::isPermanentLockout, lg()),
          new Setting("waitIncrementSeconds", RealmRepresentation::getWaitIncrementSeconds, lg()),
          new Setting("maxFailureWaitSeconds", RealmRepresentation::getMaxFailureWaitSeconds, lg()),
          new Setting("maxDeltaTimeSeconds", RealmRepresentation::getMaxDeltaTimeSeconds, lg()),
          new Setting(
              "quickLoginCheckMilliSeconds",
              RealmRepresentation::getQuickLoginCheckMilliSeconds,
              lg()),
          new Setting("ssoSessionIdleTimeout", RealmRepresentation::getSsoSessionIdleTimeout, lg()),
          new Setting("ssoSessionMaxLifespan", RealmRepresentation::getSsoSessionMaxLifespan, lg()),
          new Setting("accessTokenLifespan", RealmRepresentation::getAccessTokenLifespan, lg()),
          new Setting("eventsEnabled", RealmRepresentation::isEventsEnabled, List.of("AU-1")),
          new Setting(
              "eventsExpiration", RealmRepresentation::getEventsExpiration, List.of("AU-1")),
          new Setting(
              "adminEventsEnabled", RealmRepresentation::isAdminEventsEnabled, List.of("AU-5")),
          new Setting(
              "adminEventsDetailsEnabled",
              RealmRepresentation::isAdminEventsDetailsEnabled,
              List.of("AU-5")),
          new Setting(
              "registrationAllowed", RealmRepresentation::isRegistrationAllowed, List.of("LC-1")),
          new Setting(
              "resetPasswordAllowed", RealmRepresentation::isResetPasswordAllowed, List.of("PW-4")),
          new Setting("rememberMe", RealmRepresentation::isRememberMe, List.of("PW-5")),
          new Setting(
              "webAuthnPolicyUserVerificationRequirement",
              RealmRepresentation::getWebAuthnPolicyUserVerificationRequirement,
              List.of("MF-1", "MF-2")),
          new Setting(
              "webAuthnPolicyAcceptableAaguids",
              r ->
                  r.getWebAuthnPolicyAcceptableAaguids() == null
                      ? java.util.Set.of()
                      : java.util.Set.copyOf(r.getWebAuthnPolicyAcceptableAaguids()),
              List.of("MF-2")),
          new Setting(
              "loginWithEmailAllowed",
              RealmRepresentation::isLoginWithEmailAllowed,
              List.of("LC-6")));

  /** The My Number tier's authenticator models, sorted; empty if any model may register. */
  static List<String> acceptableAaguids(Policy policy) {
    TierRules mynumber = policy.tiers().get(Tier.MYNUMBER);
    return mynumber == null
        ? new java.util.ArrayList<>()
        : new java.util.ArrayList<>(new java.util.TreeSet<>(mynumber.allowedAuthenticators()));
  }

  static List<String> lg() {
    return List.of("LG-1");
  }

  /** Keycloak may list the policy's terms in another order; the set of terms is what counts. */
  static Object passwordPolicyTerms(String policy) {
    if (policy == null || policy.isBlank()) {
      return java.util.Set.of();
    }
    return new java.util.TreeSet<>(
        java.util.Arrays.stream(policy.split(" and ")).map(String::strip).toList());
  }

  /** The controlled settings whose values differ between {@code expected} and {@code live}. */
  static List<RealmDrift> compare(RealmRepresentation expected, RealmRepresentation live) {
    List<RealmDrift> drift = new ArrayList<>();
    for (Setting setting : CONTROLLED) {
      Object want = setting.value().apply(expected);
      Object have = setting.value().apply(live);
      if (!java.util.Objects.equals(want, have)) {
        drift.add(
            new RealmDrift(
                setting.name(),
                String.valueOf(want),
                String.valueOf(have),
                setting.requirementIds()));
      }
    }
    return drift;
  }

  static void apply(
      RealmPolicy rules, RealmRepresentation realm, Policy policy, boolean blocklistInKeycloak) {
    realm.setEnabled(true);
    realm.setDisplayName(policy.municipality());
    List<String> blocklist = policy.password().blocklist();
    java.util.Map<String, String> attributes =
        realm.getAttributes() == null
            ? new java.util.HashMap<>()
            : new java.util.HashMap<>(realm.getAttributes());
    if (blocklistInKeycloak) {
      // PW-1: common passwords and context words (the municipality's name …), inside Keycloak;
      // the same policy refuses a new password chosen inside a login while locked (PW-5), so it
      // is set even when the blocklist is empty
      realm.setPasswordPolicy(
          rules.passwordPolicy()
              + " and "
              + KeycloakRealmConfigurator.BLOCKLIST_POLICY
              + "(realm)");
      if (blocklist.isEmpty()) {
        attributes.remove(KeycloakRealmConfigurator.BLOCKLIST_ATTRIBUTE);
      } else {
        attributes.put(KeycloakRealmConfigurator.BLOCKLIST_ATTRIBUTE, String.join("\n", blocklist));
      }
    } else {
      realm.setPasswordPolicy(rules.passwordPolicy());
      attributes.remove(KeycloakRealmConfigurator.BLOCKLIST_ATTRIBUTE);
    }
    realm.setAttributes(attributes);

    realm.setBruteForceProtected(true);
    realm.setFailureFactor(rules.failureFactor());
    realm.setPermanentLockout(rules.permanentLockout());
    realm.setWaitIncrementSeconds(rules.waitIncrementSeconds());
    realm.setMaxFailureWaitSeconds(rules.maxFailureWaitSeconds());
    realm.setMaxDeltaTimeSeconds(rules.maxDeltaTimeSeconds());
    // Keycloak's "quick login check" locks after two failures within a second, a rule the policy
    // does not contain; the policy's threshold is the rule (LG-1), so the check is switched off.
    realm.setQuickLoginCheckMilliSeconds(1L);
    realm.setMinimumQuickLoginWaitSeconds(1);

    realm.setSsoSessionIdleTimeout(rules.ssoSessionIdleTimeoutSeconds());
    realm.setSsoSessionMaxLifespan(rules.ssoSessionMaxLifespanSeconds());
    realm.setAccessTokenLifespan(rules.accessTokenLifespanSeconds());

    realm.setEventsEnabled(true);
    realm.setEventsExpiration(RealmPolicy.EVENT_RETENTION.toSeconds());
    realm.setEnabledEventTypes(null); // all event types, the default set
    realm.setAdminEventsEnabled(true);
    realm.setAdminEventsDetailsEnabled(true);

    realm.setRegistrationAllowed(false);
    realm.setResetPasswordAllowed(false);
    realm.setRememberMe(false); // PW-5: no saved credentials on terminals
    realm.setLoginWithEmailAllowed(false);
    realm.setDuplicateEmailsAllowed(true);

    // MF-1, MF-2: a WebAuthn second factor must verify the user on the authenticator (biometric
    // or PIN); one authenticator is registered once per user
    realm.setWebAuthnPolicyRpEntityName(policy.municipality());
    realm.setWebAuthnPolicyUserVerificationRequirement("required");
    realm.setWebAuthnPolicyAvoidSameAuthenticatorRegister(true);
    // MF-2: only the authenticator models the policy names (My Number tier); Keycloak can check the
    // model only when the browser passes it on, which "direct" attestation asks for
    List<String> models = acceptableAaguids(policy);
    realm.setWebAuthnPolicyAcceptableAaguids(models);
    realm.setWebAuthnPolicyAttestationConveyancePreference(
        models.isEmpty() ? "not specified" : "direct");

    realm.setInternationalizationEnabled(true);
    realm.setSupportedLocales(java.util.Set.of("ja", "en"));
    realm.setDefaultLocale("ja");
  }
}
