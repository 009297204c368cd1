package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.hrsync.reconcile.AuthEventSource;
import jp.mamori.hrsync.reconcile.LoginEventSource;
import jp.mamori.hrsync.reconcile.Target;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * The realm's stored {@code LOGIN} events (Mamori switches event storage on and keeps events for
 * {@link RealmPolicy#EVENT_RETENTION}) as a {@link LoginEventSource}: read by time window, oldest
 * first, page by page, so that a daily run reads only the day's logins, never the whole history;
 * and the events the audit log takes in as an {@link AuthEventSource}.
 */
public final class KeycloakLoginEvents implements LoginEventSource, AuthEventSource {

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

  /** The event types the audit log takes in. */
  public static final List<String> AUDITED_TYPES =
      List.of(
          "LOGIN",
          "LOGIN_ERROR",
          "LOGOUT",
          "UPDATE_PASSWORD",
          "UPDATE_PASSWORD_ERROR",
          "UPDATE_CREDENTIAL",
          "REMOVE_CREDENTIAL",
          "RESET_PASSWORD",
          "UPDATE_EMAIL",
          "UPDATE_PROFILE");

  /**
   * Stored events of {@link #AUDITED_TYPES} from {@code from} (inclusive) to {@code until}
   * (inclusive), oldest first, at most {@code max} (a caller continues from the last one's time).
   */
  @Override
  public List<AuthEvent> eventsFrom(Instant from, Instant until, int max) {
    List<AuthEvent> events = new ArrayList<>();
    if (until.isBefore(from)) {
      return events;
    }
    try {
      for (int first = 0; events.size() < max; first += PAGE) {
        List<EventRepresentation> page =
            admin
                .realm(realmName)
                .getEvents(
                    AUDITED_TYPES,
                    null,
                    null,
                    from.toEpochMilli(),
                    until.toEpochMilli(),
                    null,
                    first,
                    PAGE,
                    "asc");
        for (EventRepresentation e : page) {
          java.util.Map<String, String> details =
              e.getDetails() == null ? java.util.Map.of() : e.getDetails();
          events.add(
              new AuthEvent(
                  e.getId() == null
                      ? e.getTime() + ":" + e.getType() + ":" + e.getUserId()
                      : e.getId(),
                  e.getType(),
                  Instant.ofEpochMilli(e.getTime()),
                  e.getUserId() == null ? "" : e.getUserId(),
                  details.getOrDefault("username", ""),
                  e.getIpAddress() == null ? "" : e.getIpAddress(),
                  e.getClientId() == null ? "" : e.getClientId(),
                  e.getError() == null ? "" : e.getError()));
        }
        if (page.size() < PAGE) {
          break;
        }
      }
      return events;
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "list events", e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable listing events of " + realmName, 0, e);
    }
  }
}
