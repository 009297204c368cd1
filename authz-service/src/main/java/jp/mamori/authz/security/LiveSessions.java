package jp.mamori.authz.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.policy.Enforces;

/**
 * A lock holds on Mamori's own doors too (LG-1): before the API or the console serves a caller who
 * holds a privileged role ({@link #PRIVILEGED_ROLES}), Keycloak confirms that the caller's account
 * is enabled and not locked and that the session the token or the console login came from ({@code
 * sid}) is still Keycloak's. Without this, an access token issued before a lock keeps working until
 * it expires (minutes), and a console session outlives the Keycloak sessions that Mamori's listener
 * {@code mamori-lockout-sessions} ends when the account is locked (that listener ends them without
 * a back-channel logout).
 *
 * <p>Decisions, for a caller holding a privileged role:
 *
 * <ul>
 *   <li>Keycloak says alive: {@link Verdict.Alive}, served;
 *   <li>Keycloak says ended: {@link Verdict.Ended}, refused (API 401, console session ended);
 *   <li>Keycloak cannot answer: {@link Verdict.Unconfirmed}, refused (503) for reads and changes
 *       alike — a privileged read shows personal data and audit records, and a locked administrator
 *       must not read them either while Keycloak is away. The console session is kept (the next
 *       request asks again).
 * </ul>
 *
 * A caller without a privileged role is not checked ({@link Verdict.Unchecked}): their token's own
 * lifetime bounds them, and no Keycloak call is added to every staff request. A token without
 * {@code sid} (a client-credentials service account) that holds a privileged role is checked for
 * its account alone (enabled, not locked); the monitoring account ({@code mamori-monitoring}, no
 * privileged role) is not checked, nor are the operations endpoints (health, metrics, the API
 * description: counts, no personal data, and needed while Keycloak is down).
 *
 * <p>Keycloak's answers — alive or ended — are kept for {@code cacheFor} (at most {@link
 * #LONGEST_CACHE}) per account and session, so a lock is refused at the latest that long after
 * Keycloak ended the session, and an active administrator costs Keycloak one check per period, not
 * one per request. A failure to ask is not kept: the next request asks again. At most {@link
 * #MAX_ENTRIES} answers are kept; beyond that the expired ones are dropped, and if none are, all
 * (each caller is then asked again: a cost, never a wrong answer).
 */
@Enforces(
    value = "LG-1",
    ja = "特権ロールの利用者の要求ごとに Keycloak のセッションとアカウント (有効・ロックなし) を確認し、ロック後のトークンとコンソールのセッションを拒否する",
    en =
        "Before serving a privileged caller, confirms with Keycloak that the session and the account (enabled, not locked) still hold; refuses tokens and console sessions that outlive a lock")
public final class LiveSessions {

  /** The realm roles whose holders are checked: administrators, the CISO and auditors. */
  public static final Set<String> PRIVILEGED_ROLES =
      Set.of(
          KeycloakRealmConfigurator.ADMIN_ROLE,
          KeycloakRealmConfigurator.CISO_ROLE,
          KeycloakRealmConfigurator.AUDITOR_ROLE);

  /** The longest time an answer of Keycloak may be kept (the bound a lock is refused within). */
  public static final Duration LONGEST_CACHE = Duration.ofSeconds(15);

  /** How many answers are kept at most (one per account and session). */
  static final int MAX_ENTRIES = 10_000;

  private final KeycloakSessions keycloak;
  private final Duration cacheFor;
  private final Clock clock;
  private final ConcurrentHashMap<Key, Kept> answers = new ConcurrentHashMap<>();

  /**
   * @param cacheFor how long an answer is kept: {@code PT0S} (ask on every request) to {@link
   *     #LONGEST_CACHE}
   * @throws IllegalArgumentException naming the setting when {@code cacheFor} is out of range
   */
  public LiveSessions(KeycloakSessions keycloak, Duration cacheFor, Clock clock) {
    this.keycloak = Objects.requireNonNull(keycloak, "keycloak");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (cacheFor == null || cacheFor.isNegative() || cacheFor.compareTo(LONGEST_CACHE) > 0) {
      throw new IllegalArgumentException(
          "mamori.api.live-session-cache: expected PT0S to "
              + LONGEST_CACHE
              + " (how long Keycloak's answer on a privileged session is kept), found "
              + cacheFor);
    }
    this.cacheFor = cacheFor;
  }

  /**
   * Who is calling, as their verified token or console login says.
   *
   * @param userId the account ({@code sub})
   * @param sessionId the Keycloak session ({@code sid}); empty for a service account's token
   * @param realmRoles the realm roles the token carries
   */
  public record Caller(String userId, Optional<String> sessionId, Set<String> realmRoles) {
    public Caller {
      Objects.requireNonNull(sessionId, "sessionId");
      realmRoles = Set.copyOf(realmRoles);
      sessionId = sessionId.filter(s -> !s.isBlank());
    }

    /** Holds one of {@link #PRIVILEGED_ROLES}. */
    public boolean privileged() {
      return realmRoles.stream().anyMatch(PRIVILEGED_ROLES::contains);
    }
  }

  /** What to do with a caller's request. */
  public sealed interface Verdict {

    /** No privileged role: not checked, served. */
    record Unchecked() implements Verdict {}

    /** Keycloak says the account and the session hold: served. */
    record Alive() implements Verdict {}

    /**
     * Keycloak says they do not: refused. {@code fresh} when Keycloak said so just now rather than
     * a kept answer (the refusal is then recorded once per period, not once per retry).
     */
    record Ended(KeycloakSessions.Reason reason, boolean fresh) implements Verdict {}

    /** Keycloak could not be asked: refused, as no one confirmed the session. */
    record Unconfirmed(String why) implements Verdict {}

    /** No account ID in the token: nothing to ask Keycloak about, refused. */
    record Anonymous() implements Verdict {}
  }

  /** The verdict on {@code caller}'s request now. */
  public Verdict verdict(Caller caller) {
    if (!caller.privileged()) {
      return new Verdict.Unchecked();
    }
    if (caller.userId() == null || caller.userId().isBlank()) {
      return new Verdict.Anonymous();
    }
    Key key = new Key(caller.userId(), caller.sessionId().orElse(""));
    Instant now = clock.instant();
    Kept kept = answers.get(key);
    if (kept != null && now.isBefore(kept.until())) {
      return verdictOf(kept.state(), false);
    }
    KeycloakSessions.State state;
    try {
      state = Objects.requireNonNull(keycloak.state(caller.userId(), caller.sessionId()), "state");
    } catch (KeycloakSessions.Unavailable e) {
      answers.remove(key); // an expired answer is no answer
      return new Verdict.Unconfirmed(e.getMessage());
    }
    keep(key, new Kept(state, now.plus(cacheFor)), now);
    return verdictOf(state, true);
  }

  /** How many answers are kept now (for tests and the bound). */
  int kept() {
    return answers.size();
  }

  private void keep(Key key, Kept kept, Instant now) {
    if (cacheFor.isZero()) {
      return;
    }
    if (answers.size() >= MAX_ENTRIES && !answers.containsKey(key)) {
      answers.values().removeIf(k -> !now.isBefore(k.until()));
      if (answers.size() >= MAX_ENTRIES) {
        answers.clear();
      }
    }
    answers.put(key, kept);
  }

  private static Verdict verdictOf(KeycloakSessions.State state, boolean fresh) {
    return switch (state) {
      case KeycloakSessions.Alive alive -> new Verdict.Alive();
      case KeycloakSessions.Ended ended -> new Verdict.Ended(ended.reason(), fresh);
    };
  }

  private record Key(String userId, String sessionId) {}

  private record Kept(KeycloakSessions.State state, Instant until) {}
}
