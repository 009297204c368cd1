package jp.mamori.hrsync.keycloak;

import java.util.List;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Mamori's Keycloak provider adds to a realm, where the provider is installed (each is looked
 * up once in Keycloak's server info; without the provider a warning says what is not enforced): the
 * event listener that ends a locked account's sessions, and the required action that refuses an
 * expired temporary password at login.
 */
final class ProviderFeatures {

  private static final Logger log = LoggerFactory.getLogger(ProviderFeatures.class);

  private final Keycloak admin;

  ProviderFeatures(Keycloak admin) {
    this.admin = admin;
  }

  /** Mamori's event listener that ends a locked account's sessions (the provider's). */
  static final String LOCKOUT_LISTENER = "mamori-lockout-sessions";

  private volatile Boolean lockoutListenerInKeycloak;

  /**
   * Adds Mamori's lockout listener to the realm's event listeners where the provider is installed:
   * Keycloak refuses a locked account's new logins but lets a session opened before the lock keep
   * refreshing its tokens; the listener ends them at the lock (PW-5, LG-1). Other listeners stay.
   */
  void endSessionsAtLockout(RealmRepresentation realm) {
    Boolean known = lockoutListenerInKeycloak;
    if (known == null) {
      var listeners = admin.serverInfo().getInfo().getProviders().get("eventsListener");
      known = listeners != null && listeners.getProviders().containsKey(LOCKOUT_LISTENER);
      if (!known) {
        log.warn(
            "Keycloak has no event listener {} (Mamori's provider is not installed): a session"
                + " opened before an account is locked keeps refreshing its tokens until it ends",
            LOCKOUT_LISTENER);
      }
      lockoutListenerInKeycloak = known;
    }
    if (!known) {
      return;
    }
    java.util.Set<String> listeners =
        new java.util.LinkedHashSet<>(
            realm.getEventsListeners() == null
                ? List.of("jboss-logging")
                : realm.getEventsListeners());
    listeners.add(LOCKOUT_LISTENER);
    realm.setEventsListeners(List.copyOf(listeners));
  }

  /** Mamori's required action that refuses an expired temporary password at login (PW-4). */
  static final String EXPIRY_ACTION = "mamori-temporary-password-expiry";

  private volatile Boolean expiryInKeycloak;

  /** Whether this Keycloak has Mamori's required action (the provider is installed). */
  boolean temporaryPasswordExpiryInKeycloak() {
    Boolean known = expiryInKeycloak;
    if (known == null) {
      var actions = admin.serverInfo().getInfo().getProviders().get("required-action");
      known = actions != null && actions.getProviders().containsKey(EXPIRY_ACTION);
      if (!known) {
        log.warn(
            "Keycloak has no required action {} (Mamori's provider is not installed): an expired"
                + " temporary password works until the next sweep withdraws it",
            EXPIRY_ACTION);
      }
      expiryInKeycloak = known;
    }
    return known;
  }

  /**
   * Registers and enables the expiry check before the password change (it runs first: an expired
   * temporary password never reaches the change form).
   */
  void enableTemporaryPasswordExpiry(RealmResource realm) {
    if (!temporaryPasswordExpiryInKeycloak()) {
      return;
    }
    boolean registered =
        realm.flows().getRequiredActions().stream()
            .anyMatch(a -> EXPIRY_ACTION.equals(a.getAlias()));
    if (!registered) {
      org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation simple =
          new org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation();
      simple.setProviderId(EXPIRY_ACTION);
      simple.setName("Mamori: temporary password expiry");
      realm.flows().registerRequiredAction(simple);
    }
    RequiredActionProviderRepresentation action = realm.flows().getRequiredAction(EXPIRY_ACTION);
    if (!action.isEnabled()) {
      action.setEnabled(true);
      realm.flows().updateRequiredAction(EXPIRY_ACTION, action);
    }
    int updatePassword = realm.flows().getRequiredAction("UPDATE_PASSWORD").getPriority();
    for (int i = 0;
        i < 20 && realm.flows().getRequiredAction(EXPIRY_ACTION).getPriority() > updatePassword;
        i++) {
      realm.flows().raiseRequiredActionPriority(EXPIRY_ACTION);
    }
  }
}
