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
import jp.mamori.policy.Enforces;
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
@Enforces(
    value = {"MF-3"},
    ja = "認証器の紛失届で直ちに停止し、セッションを終了し、記録する",
    en = "Suspends an authenticator reported lost at once, ends sessions, records it")
public class Authenticators {

  private static final Logger log = LoggerFactory.getLogger(Authenticators.class);

  /** A request that cannot be carried out as asked (409), with what was expected. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** Input that is not what was expected (400), saying what was expected and found. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
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
  private final jp.mamori.authz.audit.AuditLog audit;
  private final Clock clock;

  public Authenticators(
      KeycloakAuthenticators keycloak,
      KeycloakCredentials users,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    this.keycloak = keycloak;
    this.users = users;
    this.jdbc = jdbc;
    this.audit = audit;
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

  /**
   * Registers an IC card (its X.509 certificate, PEM) for a person (MF-3): from then on the card
   * logs in through Keycloak's IC-card login; recorded with who registered it and why. A card
   * registered after another was reported lost is that one's replacement: the lost one is retired
   * by {@link #retireReplaced()}.
   */
  public Authenticator registerIcCard(
      String username, String certificatePem, String actor, String reason) {
    String userId = userId(username);
    requireReason(reason);
    java.security.cert.X509Certificate certificate = certificate(certificatePem);
    Authenticator card;
    try {
      card = keycloak.icCards().register(userId, certificate, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new Invalid("IC card for " + username + ": " + e.getMessage());
    }
    record(actor, username, card.id(), "REGISTERED", reason);
    log.info("IC card {} of {} registered by {} (MF-3)", card.id(), username, actor);
    return card;
  }

  /**
   * The certificate in a PEM text.
   *
   * @throws Invalid saying what was expected and what was found
   */
  public static java.security.cert.X509Certificate certificate(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new Invalid(
          "expected the IC card's certificate in PEM (-----BEGIN CERTIFICATE-----); found none");
    }
    try {
      var certificates =
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new java.io.ByteArrayInputStream(
                      pem.strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      if (certificates.size() != 1) {
        throw new Invalid(
            "expected exactly one certificate (the card's own); found " + certificates.size());
      }
      return (java.security.cert.X509Certificate) certificates.iterator().next();
    } catch (java.security.cert.CertificateException e) {
      throw new Invalid(
          "expected the IC card's certificate in PEM (-----BEGIN CERTIFICATE-----); found text"
              + " that is not one ("
              + e.getMessage()
              + ")");
    }
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

  /** The event and its audit record, in one transaction (AU-1). */
  private void record(
      String actor, String username, String credentialId, String action, String reason) {
    audit.recorded(
        () ->
            jdbc.sql(
                    """
                    insert into authenticator_event
                        (at, actor, username, credential_id, action, reason)
                    values (?, ?, ?, ?, ?, ?)
                    """)
                .params(
                    Timestamp.from(clock.instant()),
                    actor,
                    username,
                    credentialId,
                    action,
                    reason.strip())
                .update(),
        n ->
            new jp.mamori.authz.audit.AuditChain.Entry(
                "AUTHENTICATOR_" + action,
                actor,
                "staff/" + username,
                jp.mamori.authz.audit.AuditLog.detail(
                    java.util.Map.of("authenticator", credentialId, "reason", reason.strip())),
                "MF-3"));
  }
}
