package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.Target;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * The realm's stored {@code LOGIN} events (Mamori switches event storage on and keeps events for
 * {@link RealmPolicy#EVENT_RETENTION}) as a {@link LoginEventSource}: read by time window, oldest
 * first, page by page, so that a daily run reads only the day's logins, never the whole history.
 */
public final class KeycloakLoginEvents implements LoginEventSource {

  static final int PAGE = 1000;

  private final Keycloak admin;
  private final String realmName;

  public KeycloakLoginEvents(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
  }

  @Override
  public Target target() {
    return Target.IDENTITY_PROVIDER;
  }

  @Override
  public Duration retention() {
    return RealmPolicy.EVENT_RETENTION;
  }

  @Override
  public List<Login> loginsBetween(Instant after, Instant until) {
    if (!until.isAfter(after)) {
      return List.of();
    }
    List<Login> logins = new ArrayList<>();
    // Keycloak's window is inclusive at both ends, in epoch milliseconds.
    long from = after.toEpochMilli() + 1;
    long to = until.toEpochMilli();
    try {
      for (int first = 0; ; first += PAGE) {
        List<EventRepresentation> page =
            admin
                .realm(realmName)
                .getEvents(List.of("LOGIN"), null, null, from, to, null, first, PAGE, "asc");
        for (EventRepresentation event : page) {
          if (event.getUserId() != null) {
            logins.add(
                new Login(
                    event.getUserId(),
                    Instant.ofEpochMilli(event.getTime()),
                    event.getIpAddress()));
          }
        }
        if (page.size() < PAGE) {
          return logins;
        }
      }
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "list login events", e);
    } catch (ProcessingException e) {
      throw new KeycloakException(
          "Keycloak unreachable listing login events of " + realmName, 0, e);
    }
  }
}
