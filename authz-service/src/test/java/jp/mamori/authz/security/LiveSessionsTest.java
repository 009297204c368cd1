package jp.mamori.authz.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.security.KeycloakSessions.Reason;
import jp.mamori.authz.security.LiveSessions.Caller;
import jp.mamori.authz.security.LiveSessions.Verdict;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decisions of {@link LiveSessions} and how long it keeps Keycloak's answers, with an injected
 * clock and a scripted Keycloak (the real one is asked in {@code LiveSessionIT}).
 */
class LiveSessionsTest {

  private static final Duration CACHE = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
  private final ScriptedKeycloak keycloak = new ScriptedKeycloak();
  private final LiveSessions sessions = new LiveSessions(keycloak, CACHE, clock);

  /** A privileged caller with a session, as a Keycloak access token of a person would name it. */
  private static Caller admin() {
    return new Caller(
        "user-1", Optional.of("session-1"), Set.of(KeycloakRealmConfigurator.ADMIN_ROLE, "x"));
  }

  @Test
  void verdictWhenCallerHoldsNoPrivilegedRoleThenUncheckedAndKeycloakNotAsked() {
    Caller staff =
        new Caller(
            "user-2",
            Optional.of("session-2"),
            Set.of(
                KeycloakRealmConfigurator.SECTION_HEAD_ROLE,
                KeycloakRealmConfigurator.MONITORING_ROLE));

    assertThat(sessions.verdict(staff)).isEqualTo(new Verdict.Unchecked());
    assertThat(keycloak.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mamori-admin", "mamori-ciso", "mamori-auditor"})
  void verdictWhenCallerHoldsAPrivilegedRoleThenKeycloakIsAskedForThatSession(String role) {
    keycloak.answers.add(new KeycloakSessions.Alive());

    Verdict verdict =
        sessions.verdict(new Caller("user-3", Optional.of("session-3"), Set.of(role)));

    assertThat(verdict).isEqualTo(new Verdict.Alive());
    assertThat(keycloak.asked).containsExactly("user-3/session-3");
  }

  @Test
  void verdictWhenAskedAgainWithinTheCacheThenKeptAnswerAndKeycloakAskedOnce() {
    keycloak.answers.add(new KeycloakSessions.Alive());
    sessions.verdict(admin());
    clock.advance(CACHE.minusMillis(1));

    assertThat(sessions.verdict(admin())).isEqualTo(new Verdict.Alive());
    assertThat(keycloak.asked).hasSize(1);
  }

  @Test
  void verdictWhenKeycloakEndedTheSessionAfterAnAnswerThenRefusedOnceTheCacheRunsOut() {
    keycloak.answers.add(new KeycloakSessions.Alive());
    keycloak.answers.add(new KeycloakSessions.Ended(Reason.SESSION_ENDED));
    sessions.verdict(admin());

    clock.advance(CACHE);

    assertThat(sessions.verdict(admin()))
        .as("the lock is refused at the latest one cache period after Keycloak ended the session")
        .isEqualTo(new Verdict.Ended(Reason.SESSION_ENDED, true));
    assertThat(keycloak.asked).hasSize(2);
  }

  @Test
  void verdictWhenEndedAnswerIsKeptThenRefusedAgainButNotFresh() {
    keycloak.answers.add(new KeycloakSessions.Ended(Reason.ACCOUNT_LOCKED));
    assertThat(sessions.verdict(admin())).isEqualTo(new Verdict.Ended(Reason.ACCOUNT_LOCKED, true));

    clock.advance(Duration.ofSeconds(1));

    assertThat(sessions.verdict(admin()))
        .as("refused again from the kept answer, not recorded again")
        .isEqualTo(new Verdict.Ended(Reason.ACCOUNT_LOCKED, false));
    assertThat(keycloak.asked).hasSize(1);
  }

  @Test
  void verdictWhenKeycloakUnavailableThenUnconfirmedAndAskedAgainNextTime() {
    keycloak.answers.add(new KeycloakSessions.Alive());
    sessions.verdict(admin());
    clock.advance(CACHE);
    keycloak.unavailable = true;

    Verdict verdict = sessions.verdict(admin());

    assertThat(verdict).isInstanceOf(Verdict.Unconfirmed.class);
    assertThat(((Verdict.Unconfirmed) verdict).why()).contains("Keycloak unreachable");
    assertThat(sessions.verdict(admin()))
        .as("a failure is not kept, and an expired answer does not stand in for one")
        .isInstanceOf(Verdict.Unconfirmed.class);
    assertThat(keycloak.asked).hasSize(3);

    keycloak.unavailable = false;
    keycloak.answers.add(new KeycloakSessions.Alive());
    assertThat(sessions.verdict(admin())).isEqualTo(new Verdict.Alive());
  }

  @Test
  void verdictWhenTwoSessionsOfOneAccountThenEachAskedForItself() {
    keycloak.answers.add(new KeycloakSessions.Alive());
    keycloak.answers.add(new KeycloakSessions.Ended(Reason.SESSION_ENDED));
    sessions.verdict(admin());

    Verdict other =
        sessions.verdict(
            new Caller(
                "user-1",
                Optional.of("session-old"),
                Set.of(KeycloakRealmConfigurator.ADMIN_ROLE)));

    assertThat(other).isEqualTo(new Verdict.Ended(Reason.SESSION_ENDED, true));
    assertThat(keycloak.asked).containsExactly("user-1/session-1", "user-1/session-old");
  }

  @Test
  void verdictWhenServiceAccountTokenHasNoSessionThenOnlyTheAccountIsAsked() {
    keycloak.answers.add(new KeycloakSessions.Ended(Reason.ACCOUNT_DISABLED));

    Verdict verdict =
        sessions.verdict(
            new Caller(
                "service-account-1",
                Optional.empty(),
                Set.of(KeycloakRealmConfigurator.AUDITOR_ROLE)));

    assertThat(verdict).isEqualTo(new Verdict.Ended(Reason.ACCOUNT_DISABLED, true));
    assertThat(keycloak.asked).containsExactly("service-account-1/-");
  }

  @Test
  void verdictWhenPrivilegedTokenNamesNoAccountThenRefusedWithoutAskingKeycloak() {
    Verdict verdict =
        sessions.verdict(
            new Caller(null, Optional.of("s"), Set.of(KeycloakRealmConfigurator.ADMIN_ROLE)));

    assertThat(verdict).isEqualTo(new Verdict.Anonymous());
    assertThat(keycloak.asked).isEmpty();
  }

  @Test
  void verdictWhenCacheIsZeroThenKeycloakAskedOnEveryRequest() {
    LiveSessions uncached = new LiveSessions(keycloak, Duration.ZERO, clock);
    keycloak.answers.add(new KeycloakSessions.Alive());
    keycloak.answers.add(new KeycloakSessions.Ended(Reason.SESSION_ENDED));

    assertThat(uncached.verdict(admin())).isEqualTo(new Verdict.Alive());
    assertThat(uncached.verdict(admin())).isEqualTo(new Verdict.Ended(Reason.SESSION_ENDED, true));
    assertThat(uncached.kept()).isZero();
  }

  @Test
  void verdictWhenMoreSessionsThanTheBoundThenTheKeptAnswersStayWithinIt() {
    for (int i = 0; i <= LiveSessions.MAX_ENTRIES; i++) {
      keycloak.answers.add(new KeycloakSessions.Alive());
      sessions.verdict(
          new Caller(
              "user-" + i, Optional.of("s-" + i), Set.of(KeycloakRealmConfigurator.ADMIN_ROLE)));
    }

    assertThat(sessions.kept()).isLessThanOrEqualTo(LiveSessions.MAX_ENTRIES);
  }

  @Test
  void constructorWhenCacheLongerThanTheBoundThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new LiveSessions(keycloak, Duration.ofSeconds(16), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mamori.api.live-session-cache")
        .hasMessageContaining("PT15S")
        .hasMessageContaining("PT16S");
    assertThatThrownBy(() -> new LiveSessions(keycloak, Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Keycloak answering from a script, recording what it was asked. */
  private static final class ScriptedKeycloak implements KeycloakSessions {
    final Deque<State> answers = new ArrayDeque<>();
    final List<String> asked = new ArrayList<>();
    boolean unavailable;

    @Override
    public State state(String userId, Optional<String> sessionId) {
      asked.add(userId + "/" + sessionId.orElse("-"));
      if (unavailable) {
        throw new Unavailable("Keycloak unreachable (scripted)", null);
      }
      State next = answers.poll();
      if (next == null) {
        throw new AssertionError("Keycloak asked more often than scripted: " + asked);
      }
      return next;
    }
  }
}
