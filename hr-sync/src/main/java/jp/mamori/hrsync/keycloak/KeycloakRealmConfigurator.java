package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
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
  private final List<SystemClient> systems;

  public KeycloakRealmConfigurator(Keycloak admin, String realmName) {
    this(admin, realmName, Kind.STAFF);
  }

  public KeycloakRealmConfigurator(Keycloak admin, String realmName, Kind kind) {
    this(admin, realmName, kind, List.of());
  }

  /**
   * A staff realm's configurator that also registers {@code systems} as clients (the demo's sample
   * applications), before the tiers' flows are bound, so that a tier system among them is bound in
   * the same run.
   */
  public KeycloakRealmConfigurator(
      Keycloak admin, String realmName, Kind kind, List<SystemClient> systems) {
    this.admin = admin;
    this.realmName = realmName;
    this.kind = kind;
    this.providerFeatures = new ProviderFeatures(admin);
    this.systems = List.copyOf(systems);
    if (kind == Kind.PRIVILEGED && !this.systems.isEmpty()) {
      throw new IllegalArgumentException(
          "systems: expected none in a privileged realm (no clients there), found "
              + this.systems.size());
    }
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
      RealmSettings.apply(rules(policy), settings, policy, blocklistInKeycloak());
      providerFeatures.endSessionsAtLockout(settings);
      realm.update(settings);
      RealmClients.configureUserProfile(realm);
      RealmClients.enableUpdatePassword(realm);
      providerFeatures.enableTemporaryPasswordExpiry(realm);
      if (kind == Kind.PRIVILEGED) {
        log.info("Privileged realm {} configured from the policy (PR-4)", realmName);
        return;
      }
      RealmClients.ensureRealmRole(
          realm, ADMIN_ROLE, "Mamori の管理者 (情報システム課) / Mamori administrators");
      RealmClients.ensureRealmRole(realm, AUDITOR_ROLE, "監査担当 (閲覧のみ) / auditors (read only)");
      RealmClients.ensureRealmRole(
          realm, CISO_ROLE, "情報統括責任者 (CISO) / chief information security officer");
      RealmClients.ensureRealmRole(realm, SECTION_HEAD_ROLE, "所属長 / section heads");
      RealmClients.ensureRealmRole(
          realm, MONITORING_ROLE, "監視システム (メトリクスの読み取り) / monitoring (reads metrics)");
      RealmClients.ensureSectionsScope(realm);
      RealmClients.ensureApiClient(realm, console.apiAudience());
      RealmClients.ensureConsoleClient(realm, console);
      systems.forEach(system -> RealmClients.ensureSystemClient(realm, system));
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
      RealmSettings.apply(rules(policy), expected, policy, blocklistInKeycloak());
      providerFeatures.endSessionsAtLockout(expected);
      List<RealmDrift> drift = new ArrayList<>(RealmSettings.compare(expected, live));
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

  /** The client scope every client of the realm gets: sections and authentication methods. */
  public static final String SECTIONS_SCOPE = "mamori-sections";

  static String describe(Response response) {
    try {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      return "HTTP " + response.getStatus() + (body.isBlank() ? "" : " " + body);
    } catch (RuntimeException e) {
      return "HTTP " + response.getStatus();
    }
  }
}
