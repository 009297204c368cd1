package jp.mamori.authz.me;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * A person's recent logins, read from the login events Keycloak stores for the realm (Mamori turns
 * event storage on). LG-1: staff see when and from where they last logged in, so that they can tell
 * whether it was them. Keycloak itself shows no last-login time. Made by {@link MeConfiguration}.
 */
class LoginHistory {

  private final Keycloak admin;
  private final String realm;

  LoginHistory(Keycloak admin, String realm) {
    this.admin = admin;
    this.realm = realm;
  }

  /**
   * @param current the login of this session (the newest login event), if recorded
   * @param previous the successful login before it, if any
   * @param failuresSincePrevious failed attempts between the previous login and the current one
   */
  record Summary(Optional<Login> current, Optional<Login> previous, int failuresSincePrevious) {}

  record Login(Instant time, String ipAddress) {}

  Summary forUser(String userId) {
    List<EventRepresentation> logins =
        admin.realm(realm).getEvents(List.of("LOGIN"), null, userId, null, null, null, 0, 2);
    Optional<Login> current = logins.stream().findFirst().map(LoginHistory::toLogin);
    Optional<Login> previous = logins.stream().skip(1).findFirst().map(LoginHistory::toLogin);
    int failures = 0;
    if (current.isPresent()) {
      Instant from = previous.map(Login::time).orElse(Instant.EPOCH);
      Instant to = current.get().time();
      failures =
          (int)
              admin
                  .realm(realm)
                  .getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 100)
                  .stream()
                  .map(e -> Instant.ofEpochMilli(e.getTime()))
                  .filter(t -> t.isAfter(from) && t.isBefore(to))
                  .count();
    }
    return new Summary(current, previous, failures);
  }

  private static Login toLogin(EventRepresentation event) {
    return new Login(Instant.ofEpochMilli(event.getTime()), event.getIpAddress());
  }
}
