package jp.mamori.authz.credential;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators.Authenticator;
import jp.mamori.hrsync.keycloak.KeycloakCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lost and found authenticators (MF-3): a security key or passkey reported lost is suspended at
 * once — that one credential, not the account — and the person's sessions end; the next login to a
 * tier that needs one registers a replacement; once a replacement exists the lost one is retired
 * (deleted) by {@link #retireReplaced()}; a key found before that is reinstated. Every step needs a
 * reason, names who did it and is recorded ({@code authenticator_event}).
 */
public class Authenticators {

  private static final Logger log = LoggerFactory.getLogger(Authenticators.class);

  /** A request that cannot be carried out as asked (409), with what was expected. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** No such account or authenticator (404). */
  public static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  private final KeycloakAuthenticators keycloak;
  private final KeycloakCredentials users;
  private final JdbcClient jdbc;
  private final Clock clock;

  public Authenticators(
      KeycloakAuthenticators keycloak, KeycloakCredentials users, JdbcClient jdbc, Clock clock) {
    this.keycloak = keycloak;
    this.users = users;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The person's authenticators with their state. */
  public List<Authenticator> list(String username) {
    return keycloak.list(userId(username));
  }

  /** Reports an authenticator lost: suspended at once, the person's sessions ended. */
  public Authenticator reportLost(
      String username, String credentialId, String actor, String reason) {
    String userId = userId(username);
    Authenticator found = find(userId, username, credentialId);
    requireReason(reason);
    if (!found.suspended()) {
      keycloak.suspend(userId, credentialId);
    }
    keycloak.endSessions(userId);
    record(actor, username, credentialId, "LOST", reason);
    log.warn(
        "Authenticator {} of {} reported lost by {}: suspended (MF-3)",
        credentialId,
        username,
        actor);
    return find(userId, username, credentialId);
  }

  /** A lost authenticator found again: reinstated, unless it was retired already. */
  public Authenticator reportFound(
      String username, String credentialId, String actor, String reason) {
    String userId = userId(username);
    Authenticator found = find(userId, username, credentialId);
    requireReason(reason);
    if (!found.suspended()) {
      throw new Refused(
          "authenticator "
              + credentialId
              + " of "
              + username
              + " is in use: expected a suspended"
              + " one to reinstate (停止されていません)");
    }
    keycloak.reinstate(userId, credentialId);
    record(actor, username, credentialId, "FOUND", reason);
    return find(userId, username, credentialId);
  }

  /**
   * Retires every suspended authenticator whose owner has registered another of the same type since
   * it was reported lost; returns how many were retired.
   */
  public int retireReplaced() {
    List<Map<String, Object>> lost =
        jdbc.sql(
                """
                select e.username, e.credential_id, e.at from authenticator_event e
                where e.action = 'LOST' and not exists (
                    select 1 from authenticator_event later
                    where later.credential_id = e.credential_id and later.at >= e.at
                      and later.action in ('FOUND', 'RETIRED') and later.id <> e.id)
                """)
            .query()
            .listOfRows();
    int retired = 0;
    for (Map<String, Object> row : lost) {
      String username = (String) row.get("username");
      String credentialId = (String) row.get("credential_id");
      Instant lostAt = ((Timestamp) row.get("at")).toInstant();
      Optional<String> userId = users.userId(username);
      if (userId.isEmpty()) {
        continue;
      }
      List<Authenticator> all = keycloak.list(userId.get());
      Optional<Authenticator> suspended =
          all.stream().filter(a -> a.id().equals(credentialId) && a.suspended()).findFirst();
      if (suspended.isEmpty()) {
        continue;
      }
      boolean replaced =
          all.stream()
              .anyMatch(a ->
                  !a.suspended()
                      && a.type().equals(suspended.get().type())
                      && a.createdAt().map(t -> t.isAfter(lostAt)).orElse(false));
      if (replaced) {
        keycloak.retire(userId.get(), credentialId);
        record("mamori", username, credentialId, "RETIRED", "replaced by a new authenticator");
        retired++;
      }
    }
    return retired;
  }

  private Authenticator find(String userId, String username, String credentialId) {
    return keycloak.list(userId).stream()
        .filter(a -> a.id().equals(credentialId))
        .findFirst()
        .orElseThrow(() ->
            new NotFound("no authenticator " + credentialId + " of " + username + " in Keycloak"));
  }

  private String userId(String username) {
    return users
        .userId(username)
        .orElseThrow(() -> new NotFound("no account " + username + " in Keycloak"));
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused("expected a reason (理由を入力してください); found none");
    }
  }

  private void record(
      String actor, String username, String credentialId, String action, String reason) {
    jdbc.sql(
            """
            insert into authenticator_event (at, actor, username, credential_id, action, reason)
            values (?, ?, ?, ?, ?, ?)
            """)
        .params(
            Timestamp.from(clock.instant()), actor, username, credentialId, action, reason.strip())
        .update();
  }
}
