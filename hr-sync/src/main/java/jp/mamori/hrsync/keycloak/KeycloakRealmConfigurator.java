package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the policy into the staff realm: password policy (PW-1, PW-2), brute-force lockout (LG-1),
 * session timeouts (LG-1), stored login and admin events (AU-1), the forced password change at
 * first login (PW-4), Japanese as the default login language, and the console and API clients.
 *
 * <p>Idempotent: configuring twice leaves the realm as configuring once does. Settings that the
 * policy does not cover are left as they are.
 */
@Enforces(
    value = {"PW-1", "PW-2", "PW-5", "PW-8", "LG-1", "MF-1", "AU-1"},
    ja = "ポリシーのパスワード規則・ロックアウト・セッション時間・ログイン記録を Keycloak のレルムに設定する",
    en =
        "Writes the policy's password rules, lockout, session times and event recording into the Keycloak realm")
public final class KeycloakRealmConfigurator {

  private static final Logger log = LoggerFactory.getLogger(KeycloakRealmConfigurator.class);

  /** Mamori's password-policy provider's ID (keycloak-provider/). */
  static final String BLOCKLIST_POLICY = "mamoriBlocklist";

  /** The realm attribute the provider reads the blocklist from, one word per line. */
  static final String BLOCKLIST_ATTRIBUTE = "mamoriPasswordBlocklist";

  /**
   * Realm role of Mamori's ID administrators (情報システム課): may plan, approve and apply lifecycle runs,
   * issue temporary passwords, unlock and reinstate.
   */
  public static final String ADMIN_ROLE = "mamori-admin";

  /** Realm role of auditors (監査担当): may read every record, change nothing. */
  public static final String AUDITOR_ROLE = "mamori-auditor";

  /** Realm role of the CISO (情報統括責任者): approves exceptions, investigates (GV-3, GV-5). */
  public static final String CISO_ROLE = "mamori-ciso";

  /** Realm role of section heads (所属長): confirm their staff's IDs in inventories (LC-3). */
  public static final String SECTION_HEAD_ROLE = "mamori-section-head";

  /**
   * The monitoring system (a Prometheus service account with client credentials): reads the
   * metrics, the build information and the OpenAPI document, nothing else.
   */
  public static final String MONITORING_ROLE = "mamori-monitoring";

  /** Which rules a realm carries. */
  public enum Kind {
    /** Staff accounts: the policy's password, lockout and session rules. */
    STAFF,
    /** Privileged IDs (PR-4): {@link RealmPolicy#forPrivileged}; no console or API clients. */
    PRIVILEGED
  }

  /** The privileged realm's name for a staff realm: {@code <staff realm>-privileged}. */
  public static String privilegedRealm(String staffRealm) {
    return staffRealm + "-privileged";
  }

  private final Keycloak admin;
  private final String realmName;
  private final Kind kind;
  private final ProviderFeatures providerFeatures;

  public KeycloakRealmConfigurator(Keycloak admin, String realmName) {
    this(admin, realmName, Kind.STAFF);
  }

  public KeycloakRealmConfigurator(Keycloak admin, String realmName, Kind kind) {
    this.admin = admin;
    this.realmName = realmName;
    this.kind = kind;
    this.providerFeatures = new ProviderFeatures(admin);
  }

  private RealmPolicy rules(Policy policy) {
    return kind == Kind.PRIVILEGED ? RealmPolicy.forPrivileged(policy) : RealmPolicy.from(policy);
  }

  /**
   * Creates the realm if absent and brings its settings and clients in line with the policy.
   *
   * <p>Several service instances (and this instance's scheduled check) may configure the same realm
   * at the same moment: what one of them creates, the other finds created (HTTP 409). The whole
   * configuration is then done again — it finds what exists and changes only what differs — up to
   * {@link #CONFLICT_ATTEMPTS} times. Calls on one configurator are serialized.
   */
  public synchronized void configure(Policy policy, ConsoleClient console) {
    for (int attempt = 1; ; attempt++) {
      try {
        configureOnce(policy, console);
        return;
      } catch (KeycloakException e) {
        if (e.status() != 409 || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
        log.info(
            "Realm {}: created at the same moment by another instance ({}); configuring again",
            realmName,
            e.getMessage());
      }
    }
  }

  /** Attempts of {@link #configure} when another instance creates the same thing at once. */
  static final int CONFLICT_ATTEMPTS = 3;

  private void configureOnce(Policy policy, ConsoleClient console) {
    try {
      ensureRealm(policy);
      RealmResource realm = admin.realm(realmName);
      RealmRepresentation settings = realm.toRepresentation();
      apply(rules(policy), settings, policy, blocklistInKeycloak());
      providerFeatures.endSessionsAtLockout(settings);
      realm.update(settings);
      configureUserProfile(realm);
      enableUpdatePassword(realm);
      providerFeatures.enableTemporaryPasswordExpiry(realm);
      if (kind == Kind.PRIVILEGED) {
        log.info("Privileged realm {} configured from the policy (PR-4)", realmName);
        return;
      }
      ensureRealmRole(realm, ADMIN_ROLE, "Mamori の管理者 (情報システム課) / Mamori administrators");
      ensureRealmRole(realm, AUDITOR_ROLE, "監査担当 (閲覧のみ) / auditors (read only)");
      ensureRealmRole(realm, CISO_ROLE, "情報統括責任者 (CISO) / chief information security officer");
      ensureRealmRole(realm, SECTION_HEAD_ROLE, "所属長 / section heads");
      ensureRealmRole(realm, MONITORING_ROLE, "監視システム (メトリクスの読み取り) / monitoring (reads metrics)");
      ensureSectionsScope(realm);
      ensureApiClient(realm, console.apiAudience());
      ensureConsoleClient(realm, console);
      new KeycloakTierFlows(admin, realmName).configure(policy); // ZN-1, MF-2
      new KeycloakIcCards(admin, realmName).configure(); // MF-3: IC cards
      log.info("Realm {} configured from the policy of {}", realmName, policy.municipality());
    } catch (WebApplicationException e) {
      throw new KeycloakException(
          "Keycloak refused to configure realm " + realmName + ": " + describe(e.getResponse()),
          e.getResponse().getStatus(),
          e);
    } catch (jakarta.ws.rs.ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable while configuring " + realmName, 0, e);
    }
  }

  /**
   * The realm settings the policy controls, each with the requirements it enforces: what {@link
   * #drift} compares.
   */
  private record Setting(
      String name,
      java.util.function.Function<RealmRepresentation, Object> value,
      List<String> requirementIds) {}

  private static final List<Setting> CONTROLLED =
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
              "attributes." + BLOCKLIST_ATTRIBUTE,
              r -> r.getAttributes() == null ? null : r.getAttributes().get(BLOCKLIST_ATTRIBUTE),
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

  private static List<String> lg() {
    return List.of("LG-1");
  }

  /** Keycloak may list the policy's terms in another order; the set of terms is what counts. */
  private static Object passwordPolicyTerms(String policy) {
    if (policy == null || policy.isBlank()) {
      return java.util.Set.of();
    }
    return new java.util.TreeSet<>(
        java.util.Arrays.stream(policy.split(" and ")).map(String::strip).toList());
  }

  /**
   * Compares the live realm with the policy, setting by setting (see {@link #CONTROLLED}), and the
   * required action behind temporary passwords (PW-4). Empty when the realm follows the policy.
   * Reads only; {@link #configure} restores.
   *
   * @throws KeycloakException if the realm cannot be read (never an empty list on an error)
   */
  public List<RealmDrift> drift(Policy policy) {
    try {
      RealmResource realm = admin.realm(realmName);
      RealmRepresentation live = realm.toRepresentation();
      RealmRepresentation expected =
          org.keycloak.util.JsonSerialization.mapper.convertValue(live, RealmRepresentation.class);
      apply(rules(policy), expected, policy, blocklistInKeycloak());
      providerFeatures.endSessionsAtLockout(expected);
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
      if (kind == Kind.STAFF) {
        drift.addAll(new KeycloakTierFlows(admin, realmName).drift(policy));
      }
      if (!realm.flows().getRequiredAction("UPDATE_PASSWORD").isEnabled()) {
        drift.add(
            new RealmDrift(
                "requiredActions.UPDATE_PASSWORD.enabled", "true", "false", List.of("PW-4")));
      }
      if (providerFeatures.temporaryPasswordExpiryInKeycloak()) {
        boolean enabled =
            realm.flows().getRequiredActions().stream()
                .anyMatch(
                    a -> ProviderFeatures.EXPIRY_ACTION.equals(a.getAlias()) && a.isEnabled());
        if (!enabled) {
          drift.add(
              new RealmDrift(
                  "requiredActions." + ProviderFeatures.EXPIRY_ACTION + ".enabled",
                  "true",
                  "false",
                  List.of("PW-4")));
        }
      }
      return drift;
    } catch (WebApplicationException e) {
      throw new KeycloakException(
          "Keycloak refused to read realm " + realmName + ": " + describe(e.getResponse()),
          e.getResponse().getStatus(),
          e);
    } catch (jakarta.ws.rs.ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable while reading " + realmName, 0, e);
    }
  }

  /** Whether the realm exists (a first start has none yet). */
  public boolean realmExists() {
    try {
      admin.realm(realmName).toRepresentation();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (jakarta.ws.rs.ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable while reading " + realmName, 0, e);
    }
  }

  private void ensureRealm(Policy policy) {
    try {
      admin.realm(realmName).toRepresentation();
    } catch (NotFoundException e) {
      RealmRepresentation realm = new RealmRepresentation();
      realm.setRealm(realmName);
      realm.setEnabled(true);
      realm.setDisplayName(policy.municipality());
      admin.realms().create(realm);
      log.info("Realm {} created", realmName);
    }
  }

  private volatile Boolean blocklistInKeycloak;

  /**
   * Whether this Keycloak has Mamori's blocklist password policy (the provider is installed): then
   * the policy's blocklist is enforced by Keycloak on every password set, by the user or an
   * administrator; without it, only Mamori's own passwords are checked against it.
   */
  public boolean blocklistInKeycloak() {
    Boolean known = blocklistInKeycloak;
    if (known == null) {
      known =
          admin.serverInfo().getInfo().getPasswordPolicies().stream()
              .anyMatch(p -> BLOCKLIST_POLICY.equals(p.getId()));
      if (!known) {
        log.warn(
            "Keycloak has no password policy {} (Mamori's provider is not installed): the"
                + " policy's blocklist is not enforced for passwords users choose",
            BLOCKLIST_POLICY);
      }
      blocklistInKeycloak = known;
    }
    return known;
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
      realm.setPasswordPolicy(rules.passwordPolicy() + " and " + BLOCKLIST_POLICY + "(realm)");
      if (blocklist.isEmpty()) {
        attributes.remove(BLOCKLIST_ATTRIBUTE);
      } else {
        attributes.put(BLOCKLIST_ATTRIBUTE, String.join("\n", blocklist));
      }
    } else {
      realm.setPasswordPolicy(rules.passwordPolicy());
      attributes.remove(BLOCKLIST_ATTRIBUTE);
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

  /**
   * Staff records carry no e-mail address, and Keycloak's default profile would otherwise send each
   * new user to an "update your profile" page before the password change. HR attributes (employee
   * number, section) are kept as attributes only administrators edit.
   */
  private static void configureUserProfile(RealmResource realm) {
    UPConfig config = realm.users().userProfile().getConfiguration();
    UPAttribute email = config.getAttribute("email");
    if (email != null) {
      email.setRequired(null);
    }
    config.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
    realm.users().userProfile().update(config);
  }

  /** The client scope every client of the realm gets: sections and authentication methods. */
  public static final String SECTIONS_SCOPE = "mamori-sections";

  /**
   * A default client scope that puts the user's groups ({@code section-<code>}, claim {@code
   * groups}) and the authentication methods of the login (claim {@code amr}, RFC 8176) into access
   * tokens, so that an access decision needs no call back to Keycloak (ZN-1, MF-2).
   */
  private static void ensureSectionsScope(RealmResource realm) {
    boolean present =
        realm.clientScopes().findAll().stream().anyMatch(c -> SECTIONS_SCOPE.equals(c.getName()));
    if (present) {
      return;
    }
    org.keycloak.representations.idm.ClientScopeRepresentation scope =
        new org.keycloak.representations.idm.ClientScopeRepresentation();
    scope.setName(SECTIONS_SCOPE);
    scope.setProtocol("openid-connect");
    scope.setDescription("所属 (groups) と認証方式 (amr) / sections and authentication methods");
    ProtocolMapperRepresentation groups = new ProtocolMapperRepresentation();
    groups.setName("sections");
    groups.setProtocol("openid-connect");
    groups.setProtocolMapper("oidc-group-membership-mapper");
    groups.setConfig(
        Map.of(
            "claim.name", "groups",
            "full.path", "false",
            "access.token.claim", "true",
            "id.token.claim", "false",
            "userinfo.token.claim", "false"));
    ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
    amr.setName("authentication-methods");
    amr.setProtocol("openid-connect");
    amr.setProtocolMapper("oidc-amr-mapper");
    amr.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true"));
    scope.setProtocolMappers(List.of(groups, amr));
    String id;
    try (Response response = realm.clientScopes().create(scope)) {
      if (response.getStatus() != 201) {
        throw new KeycloakException(
            "Keycloak refused the client scope " + SECTIONS_SCOPE + ": " + describe(response),
            response.getStatus(),
            null);
      }
      id = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }
    realm.addDefaultDefaultClientScope(id); // clients created from now on
    for (ClientRepresentation client : realm.clients().findAll()) {
      // Mamori's own clients of a realm configured by an earlier version; Keycloak's built-in
      // clients are left as they are
      if (client.getClientId().startsWith("mamori-")) {
        realm.clients().get(client.getId()).addDefaultClientScope(id);
      }
    }
  }

  private static void ensureRealmRole(RealmResource realm, String name, String description) {
    boolean exists = realm.roles().list().stream().anyMatch(r -> r.getName().equals(name));
    if (!exists) {
      org.keycloak.representations.idm.RoleRepresentation role =
          new org.keycloak.representations.idm.RoleRepresentation();
      role.setName(name);
      role.setDescription(description);
      realm.roles().create(role);
    }
  }

  /** PW-4: the required action behind a temporary password must be on. */
  private static void enableUpdatePassword(RealmResource realm) {
    RequiredActionProviderRepresentation action =
        realm.flows().getRequiredAction("UPDATE_PASSWORD");
    if (!action.isEnabled()) {
      action.setEnabled(true);
      realm.flows().updateRequiredAction("UPDATE_PASSWORD", action);
    }
  }

  private static void ensureApiClient(RealmResource realm, String audience) {
    ClientRepresentation api = new ClientRepresentation();
    api.setClientId(audience);
    api.setName("Mamori API");
    api.setPublicClient(false);
    api.setBearerOnly(false);
    api.setStandardFlowEnabled(false);
    api.setImplicitFlowEnabled(false);
    api.setDirectAccessGrantsEnabled(false);
    api.setServiceAccountsEnabled(false);
    upsertClient(realm, api);
  }

  private static void ensureConsoleClient(RealmResource realm, ConsoleClient console) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(console.clientId());
    client.setName("Mamori console");
    client.setProtocol("openid-connect");
    client.setPublicClient(false);
    client.setSecret(console.secret());
    client.setStandardFlowEnabled(true);
    client.setImplicitFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(false);
    client.setServiceAccountsEnabled(false);
    client.setRootUrl(console.consoleBaseUrl());
    client.setBaseUrl(console.consoleBaseUrl() + "/");
    client.setRedirectUris(List.of(console.redirectUri()));
    client.setWebOrigins(List.of("+"));
    // back-channel logout: when Keycloak ends a person's sessions (disabled, locked, sanctioned,
    // "これは私ではありません"), it tells the console, which ends that person's console session at once
    // instead of keeping the roles it read at login until the idle timeout
    client.setFrontchannelLogout(false);
    client.setAttributes(
        Map.of(
            "pkce.code.challenge.method",
            "S256",
            "post.logout.redirect.uris",
            console.consoleBaseUrl() + "/*",
            "backchannel.logout.url",
            console.backChannelLogoutUri(),
            "backchannel.logout.session.required",
            "true",
            "backchannel.logout.revoke.offline.tokens",
            "false"));
    ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
    audience.setName("mamori-api-audience");
    audience.setProtocol("openid-connect");
    audience.setProtocolMapper("oidc-audience-mapper");
    audience.setConfig(
        Map.of(
            "included.client.audience", console.apiAudience(),
            "access.token.claim", "true",
            "id.token.claim", "false"));
    client.setProtocolMappers(new ArrayList<>(List.of(audience)));
    upsertClient(realm, client);
  }

  private static void upsertClient(RealmResource realm, ClientRepresentation desired) {
    List<ClientRepresentation> existing = realm.clients().findByClientId(desired.getClientId());
    if (existing.isEmpty()) {
      try (Response response = realm.clients().create(desired)) {
        if (response.getStatus() != 201) {
          throw new KeycloakException(
              "Keycloak refused to create client "
                  + desired.getClientId()
                  + ": "
                  + describe(response),
              response.getStatus(),
              null);
        }
      }
      return;
    }
    ClientRepresentation current = existing.getFirst();
    desired.setId(current.getId());
    List<ProtocolMapperRepresentation> mappers = desired.getProtocolMappers();
    desired.setProtocolMappers(null);
    realm.clients().get(current.getId()).update(desired);
    if (mappers != null) {
      var mapperResource = realm.clients().get(current.getId()).getProtocolMappers();
      for (ProtocolMapperRepresentation mapper : mappers) {
        boolean present =
            mapperResource.getMappers().stream()
                .anyMatch(m -> m.getName().equals(mapper.getName()));
        if (!present) {
          mapperResource.createMapper(mapper).close();
        }
      }
    }
  }

  static String describe(Response response) {
    try {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      return "HTTP " + response.getStatus() + (body.isBlank() ? "" : " " + body);
    } catch (RuntimeException e) {
      return "HTTP " + response.getStatus();
    }
  }
}
