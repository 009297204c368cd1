package jp.mamori.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Event listener {@value #ID} (PW-5, LG-1): when Keycloak's brute-force detection locks an account
 * (temporarily or for good), every session of that account ends at once — online and offline. Left
 * to itself Keycloak refuses new logins of a locked account but lets a session opened before the
 * lock go on refreshing its tokens, so a guesser who got in once, or a session left open on a
 * terminal, would outlive the lock. Tokens issued before the lock are also refused by the user's
 * "not before" time, as Keycloak's own log-out does. Mamori adds this listener to the realm's event
 * listeners.
 *
 * <p>It also counts a WebAuthn assertion that fails Keycloak's verification (a forged or altered
 * signature, a wrong credential) as a failed login of the person at that step (MF-2, PW-5):
 * Keycloak 26 records that failure without the user, so its brute-force detector does not count it,
 * and a password holder could try assertions without end.
 */
public final class LockoutSessionsEventListenerFactory implements EventListenerProviderFactory {

  public static final String ID = "mamori-lockout-sessions";

  private static final System.Logger log =
      System.getLogger(LockoutSessionsEventListenerFactory.class.getName());

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new EventListenerProvider() {
      @Override
      public void onEvent(Event event) {
        if (SecondFactorFailures.isUncountedWebAuthnFailure(event)) {
          SecondFactorFailures.count(session, event);
          return;
        }
        if (event.getType() != EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT
            && event.getType() != EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT) {
          return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || event.getUserId() == null) {
          return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null) {
          return;
        }
        // Tokens issued up to this second are refused from now on, whatever happens to the
        // sessions (Keycloak's own log-out does the same; a new login is refused while the lock
        // holds).
        session.users().setNotBeforeForUser(realm, user, Time.currentTime() + 1);
        int[] ended = endSessions(session, realm, user);
        log.log(
            System.Logger.Level.INFO,
            "Account {0} of realm {1} locked ({2}): {3} sessions and {4} offline sessions ended",
            user.getId(),
            realm.getName(),
            event.getType(),
            ended[0],
            ended[1]);
        // A refresh in flight while the lock is written can write its session back after it was
        // removed (seen once in CI: the session went on refreshing after the lock). Once the
        // lock's transaction has committed, its sessions are ended once more.
        String realmId = realm.getId();
        String userId = user.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session
            .getTransactionManager()
            .enlistAfterCompletion(
                new AbstractKeycloakTransaction() {
                  @Override
                  protected void commitImpl() {
                    KeycloakModelUtils.runJobInTransaction(
                        factory,
                        s -> {
                          RealmModel r = s.realms().getRealm(realmId);
                          UserModel u = r == null ? null : s.users().getUserById(r, userId);
                          if (u != null) {
                            endSessions(s, r, u);
                          }
                        });
                  }

                  @Override
                  protected void rollbackImpl() {}
                });
      }

      @Override
      public void onEvent(AdminEvent event, boolean includeRepresentation) {}

      @Override
      public void close() {}
    };
  }

  /** Ends every session of {@code user}; returns how many online and offline sessions ended. */
  private static int[] endSessions(KeycloakSession session, RealmModel realm, UserModel user) {
    List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
    online.forEach(s -> session.sessions().removeUserSession(realm, s));
    List<UserSessionModel> offline =
        session.sessions().getOfflineUserSessionsStream(realm, user).toList();
    offline.forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
    return new int[] {online.size(), offline.size()};
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }
}
