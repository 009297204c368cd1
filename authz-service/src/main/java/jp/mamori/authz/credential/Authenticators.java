package jp.mamori.authz.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.audit.RecordedChange.Order;
import jp.mamori.authz.audit.RecordedChange.Outcome;
import jp.mamori.authz.credential.AuthenticatorEvents.Action;
import jp.mamori.authz.credential.AuthenticatorEvents.Request;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.reconcile.AccountAuthenticators;
import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lost and found authenticators (MF-3): a security key or passkey reported lost is suspended at
 * once — that one credential, not the account — and the person's sessions end; the next login to a
 * tier that needs one registers a replacement; once a replacement exists the lost one is retired
 * (deleted) by {@link #retireReplaced()}; a key found before that is reinstated. Every step needs a
 * reason, names who did it and is recorded ({@code authenticator_event}).
 *
 * <p>Keycloak changes and the record cannot commit together: each request is recorded pending
 * before Keycloak changes and marked done or failed after ({@link RecordedChange}). When the
 * database fails, the order follows what the step does to security:
 *
 * <ul>
 *   <li><b>Lost</b> raises it: {@link Order#CHANGE_REGARDLESS}. The authenticator is suspended and
 *       the sessions ended even when the database refuses the record — whoever holds the lost key
 *       must not keep using it while the database is down — and the caller is told ({@link
 *       RecordedChange.Unrecorded}).
 *   <li><b>Found, an IC card registered</b> lower it (a way to log in as the person): {@link
 *       Order#RECORD_FIRST}. Nothing changes in Keycloak unless the request is on record.
 *   <li><b>Retired</b> (a replaced key deleted) can wait: {@link Order#RECORD_FIRST}; the key stays
 *       suspended until a sweep can record it.
 * </ul>
 *
 * <p>A request left pending is settled by reading Keycloak — before the next step on that person's
 * authenticators and by {@link #settlePending()} in the sweep — never by changing Keycloak.
 */
@Enforces(
    value = {"MF-3"},
    ja = "認証器の紛失届で直ちに停止し、セッションを終了し、記録する",
    en = "Suspends an authenticator reported lost at once, ends sessions, records it")
public class Authenticators {

  private static final Logger log = LoggerFactory.getLogger(Authenticators.class);

  /** A request that cannot be carried out as asked (409), with what was expected. */
  public static final class Refused extends Refusal {
    Refused(String message) {
      super(
          Fault.CONFLICT,
          "AUTHENTICATOR_CONFLICT",
          new Bilingual("この操作はできません", "this cannot be done"),
          message);
    }
  }

  /** Input that is not what was expected (400), saying what was expected and found. */
  public static final class Invalid extends Refusal {
    Invalid(String message) {
      super(
          Fault.INVALID,
          "AUTHENTICATOR_INVALID",
          new Bilingual("入力が正しくありません", "invalid input"),
          message);
    }
  }

  /** No such account or authenticator (404). */
  public static final class NotFound extends Refusal {
    NotFound(String message) {
      super(
          Fault.NOT_FOUND,
          "AUTHENTICATOR_NOT_FOUND",
          new Bilingual("見つかりません", "not found"),
          message);
    }
  }

  private final AccountAuthenticators keycloak;
  private final AuthenticatorEvents events;
  private final RecordedChange changes;
  private final Clock clock;

  /**
   * @param keycloak the identity provider's authenticators (Keycloak's in the service)
   * @param store the record of what happened to each authenticator
   */
  public Authenticators(
      AccountAuthenticators keycloak, AuthenticatorEventStore store, AuditLog audit, Clock clock) {
    this.keycloak = keycloak;
    this.events = new AuthenticatorEvents(store, audit, clock);
    this.changes = store.changes(audit, clock);
    this.clock = clock;
  }

  /** The person's authenticators with their state. */
  public List<Authenticator> list(String username) {
    return keycloak.list(userId(username));
  }

  /**
   * Reports an authenticator lost: suspended at once, the person's sessions ended — even when the
   * database refuses the record ({@link RecordedChange.Unrecorded} then).
   */
  public Authenticator reportLost(
      String username, String credentialId, String actor, String reason) {
    String userId = userId(username);
    Authenticator found = find(userId, username, credentialId);
    requireReason(reason);
    settlePending(username);
    make(
        new Request(Action.LOST, username, credentialId, actor, reason),
        userId,
        () -> {
          if (!found.suspended()) {
            keycloak.suspend(userId, credentialId);
          }
          keycloak.endSessions(userId);
        });
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
    String thumbprint = AccountAuthenticators.thumbprint(certificate);
    settlePending(username);
    Authenticator[] card = new Authenticator[1];
    try {
      make(
          new Request(Action.REGISTERED, username, thumbprint, actor, reason),
          userId,
          () -> card[0] = keycloak.registerIcCard(userId, certificate, clock.instant()));
    } catch (IllegalArgumentException e) {
      // refused by the card's checks: on record as a failed registration
      throw new Invalid("IC card for " + username + ": " + e.getMessage());
    }
    log.info("IC card {} of {} registered by {} (MF-3)", thumbprint, username, actor);
    return card[0];
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
    settlePending(username);
    make(
        new Request(Action.FOUND, username, credentialId, actor, reason),
        userId,
        () -> keycloak.reinstate(userId, credentialId));
    return find(userId, username, credentialId);
  }

  /**
   * Retires every suspended authenticator whose owner has registered another of the same type since
   * it was reported lost; returns how many were retired.
   */
  public int retireReplaced() {
    int retired = 0;
    for (AuthenticatorEventStore.Lost lost : events.lostNotSince()) {
      String username = lost.username();
      String credentialId = lost.credentialId();
      Instant lostAt = lost.at();
      Optional<String> userId = keycloak.userId(username);
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
        make(
            new Request(
                Action.RETIRED,
                username,
                credentialId,
                "mamori",
                "replaced by a new authenticator"),
            userId.get(),
            () -> keycloak.retire(userId.get(), credentialId));
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
    return keycloak
        .userId(username)
        .orElseThrow(() -> new NotFound("no account " + username + " in Keycloak"));
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused("expected a reason (理由を入力してください); found none");
    }
  }

  /**
   * Settles every authenticator request left pending, except those a step in flight holds, by
   * reading Keycloak: done if it shows the effect, failed if not, left pending if Keycloak cannot
   * be read. Returns how many were settled. Run by the sweep and before each step on a person's
   * authenticators.
   */
  public int settlePending() {
    return settle(events.pending(Optional.empty()));
  }

  private void settlePending(String username) {
    try {
      settle(events.pending(Optional.of(username)));
    } catch (RuntimeException e) {
      log.warn(
          "Pending authenticator requests of {} not settled now: {}", username, e.getMessage());
    }
  }

  private int settle(List<AuthenticatorEvents.Pending> pending) {
    int settled = 0;
    for (AuthenticatorEvents.Pending p : pending) {
      if (changes.settle(p.id(), new Journal(p.request(), Optional.empty()), Optional.empty())) {
        settled++;
      }
    }
    return settled;
  }

  private void make(Request request, String userId, Runnable change) {
    changes.make(request.action().order(), new Journal(request, Optional.of(userId)), change);
  }

  /** One step's record ({@link AuthenticatorEvents}) and its effect as Keycloak lists it. */
  private final class Journal implements RecordedChange.Journal {
    private final Request request;
    private final Optional<String> userId;

    /** {@code userId}: Keycloak's ID of the person, if known; else looked up when needed. */
    Journal(Request request, Optional<String> userId) {
      this.request = request;
      this.userId = userId;
    }

    @Override
    public String what() {
      return request.what();
    }

    @Override
    public long intend() {
      return events.intend(request);
    }

    @Override
    public long recordAfter() {
      return events.recordAfter(request);
    }

    @Override
    public void settled(long id, Outcome outcome) {
      events.settled(id, request, outcome);
    }

    @Override
    public boolean inEffect() {
      // a person gone from Keycloak has no authenticators either
      Optional<Authenticator> now =
          userId
              .or(() -> keycloak.userId(request.username()))
              .flatMap(id ->
                  keycloak.list(id).stream()
                      .filter(a -> a.id().equals(request.credentialId()))
                      .findFirst());
      return request.action().inEffect(now);
    }
  }
}
