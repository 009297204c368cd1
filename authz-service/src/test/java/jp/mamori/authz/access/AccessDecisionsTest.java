package jp.mamori.authz.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mamori.authz.MutableClock;
import jp.mamori.hrsync.keycloak.KeycloakException;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision;
import jp.mamori.policy.access.AccessPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The access decision for a token, without a server: the account's standing (active, and the tiers
 * refused while its owner is absent, LC-2) is looked up once per {@link AccessDecisions#STATUS_TTL}
 * and feeds the pure policy. No terminal is registered here, so every answer also refuses the
 * unknown terminal; the tests look at the other reasons.
 */
class AccessDecisionsTest {

  private static final Instant NOW = Instant.parse("2027-04-01T01:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final AtomicInteger lookUps = new AtomicInteger();

  private final AccessDecisions decisions =
      new AccessDecisions(
          new AccessPolicy(PolicyLoader.loadDefault()),
          new Terminals(null, null, clock), // no terminal is looked up: none is named
          username -> {
            lookUps.incrementAndGet();
            return new AccessDecisions.Standing(true, Set.of(Tier.MYNUMBER)); // 育児休業
          },
          List::of,
          username -> List.of(),
          clock);

  @Test
  void decideWhenAbsentFromTheSystemsTierThenAbsentFromTierAndAnotherTierIsNotRefusedForIt() {
    AccessDecision juki = decide("juki"); // MYNUMBER
    AccessDecision groupware = decide("groupware"); // LGWAN

    assertThat(codes(juki)).contains("ABSENT_FROM_TIER").doesNotContain("ACCOUNT_NOT_ACTIVE");
    assertThat(codes(groupware)).containsExactly("UNKNOWN_TERMINAL");
  }

  @Test
  void decideWhenAskedAgainWithinTheCachePeriodThenOneLookUpGivesBothFacts() {
    decide("juki");
    decide("groupware");
    assertThat(lookUps).hasValue(1);

    clock.advance(AccessDecisions.STATUS_TTL);
    decide("juki");

    assertThat(lookUps).hasValue(2);
  }

  @Test
  void decideWhenTheAccountsStateCannotBeReadThenRefusedNotAnErrorAndNotRemembered() {
    AtomicInteger asked = new AtomicInteger();
    AccessDecisions unreachable =
        new AccessDecisions(
            new AccessPolicy(PolicyLoader.loadDefault()),
            new Terminals(null, null, clock),
            username -> {
              asked.incrementAndGet();
              throw new KeycloakException("Keycloak unreachable reading user 10001", 0, null);
            },
            List::of,
            username -> List.of(),
            clock);
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .claim("preferred_username", "10001")
            .claim("azp", "juki")
            .claim("groups", List.of("/section-K01"))
            .claim("amr", List.of("pwd", "webauthn"))
            .claim("auth_time", NOW.getEpochSecond())
            .build();

    AccessDecision first = unreachable.decide(jwt, "juki", Optional.empty(), Optional.empty());
    AccessDecision again = unreachable.decide(jwt, "juki", Optional.empty(), Optional.empty());

    assertThat(codes(first)).containsExactly(AccessDecisions.STATE_UNAVAILABLE);
    assertThat(((AccessDecision.Deny) first).obligations()).as("no step-up lifts it").isEmpty();
    assertThat(codes(again)).containsExactly(AccessDecisions.STATE_UNAVAILABLE);
    assertThat(asked).as("a failure is not cached as an answer").hasValue(2);
  }

  private AccessDecision decide(String system) {
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .claim("preferred_username", "10001")
            .claim("azp", system)
            .claim("groups", List.of("/section-K01"))
            .claim("amr", List.of("pwd"))
            .claim("auth_time", NOW.getEpochSecond())
            .build();
    return decisions.decide(jwt, system, Optional.empty(), Optional.empty());
  }

  private static List<String> codes(AccessDecision decision) {
    assertThat(decision).isInstanceOf(AccessDecision.Deny.class);
    return ((AccessDecision.Deny) decision)
        .reasons().stream().map(AccessDecision.Reason::code).toList();
  }
}
