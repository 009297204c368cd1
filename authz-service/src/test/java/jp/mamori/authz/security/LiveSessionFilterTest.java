package jp.mamori.authz.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * How the API door answers each verdict: the refusal model's problem (Japanese first), the bearer
 * challenge, the audit record once per answer of Keycloak. The path through the real Keycloak is in
 * {@code LiveSessionIT}; Keycloak away is shown here, as the shared test Keycloak cannot be
 * stopped.
 */
class LiveSessionFilterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
  private final List<AuditChain.Entry> recorded = new ArrayList<>();

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  private static void authenticated(String role, String sid) {
    Jwt.Builder jwt =
        Jwt.withTokenValue("t")
            .header("alg", "RS256")
            .subject("user-1")
            .claim("preferred_username", "it-admin");
    if (sid != null) {
      jwt.claim("sid", sid);
    }
    SecurityContextHolder.getContext()
        .setAuthentication(
            new JwtAuthenticationToken(
                jwt.build(), List.of(new SimpleGrantedAuthority("ROLE_" + role)), "it-admin"));
  }

  private MockHttpServletResponse call(KeycloakSessions keycloak, String method) throws Exception {
    LiveSessionFilter filter =
        new LiveSessionFilter(
            LiveSessionFilter.Door.API,
            new LiveSessions(keycloak, Duration.ofSeconds(10), clock),
            recorded::add);
    MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/staff/x/unlock");
    request.setRequestURI("/api/staff/x/unlock");
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }

  @Test
  void filterWhenKeycloakCannotAnswerThen503ProblemSayingKeycloakCouldNotConfirm()
      throws Exception {
    authenticated(KeycloakRealmConfigurator.ADMIN_ROLE, "s-1");
    KeycloakSessions away =
        (user, sid) -> {
          throw new KeycloakSessions.Unavailable("Keycloak unreachable (test)", null);
        };

    for (String method : List.of("POST", "GET")) {
      MockHttpServletResponse response = call(away, method);

      assertThat(response.getStatus()).as(method).isEqualTo(503);
      assertThat(response.getContentType()).startsWith("application/problem+json");
      Map<?, ?> problem =
          new tools.jackson.databind.ObjectMapper()
              .readValue(response.getContentAsString(), Map.class);
      assertThat(problem.get("code")).isEqualTo("SESSION_UNCONFIRMED");
      assertThat(problem.get("requirementIds")).isEqualTo(java.util.List.of("LG-1"));
      assertThat((String) problem.get("detail"))
          .startsWith("Keycloak に接続できず")
          .contains("expected Keycloak to confirm that the session holds");
      assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    }
    assertThat(recorded).as("an outage is logged, not recorded as a refusal").isEmpty();
  }

  @Test
  void filterWhenKeycloakSaysEndedThen401ChallengeAndOneAuditRecordPerAnswer() throws Exception {
    authenticated(KeycloakRealmConfigurator.CISO_ROLE, "s-1");
    KeycloakSessions ended =
        (user, sid) -> new KeycloakSessions.Ended(KeycloakSessions.Reason.SESSION_ENDED);
    LiveSessionFilter filter =
        new LiveSessionFilter(
            LiveSessionFilter.Door.API,
            new LiveSessions(ended, Duration.ofSeconds(10), clock),
            recorded::add);

    MockHttpServletResponse first = new MockHttpServletResponse();
    filter.doFilter(
        new MockHttpServletRequest("GET", "/api/audit/events"), first, new MockFilterChain());
    authenticated(KeycloakRealmConfigurator.CISO_ROLE, "s-1");
    MockHttpServletResponse again = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(new MockHttpServletRequest("GET", "/api/audit/events"), again, chain);

    assertThat(first.getStatus()).isEqualTo(401);
    assertThat(again.getStatus()).isEqualTo(401);
    assertThat(chain.getRequest()).as("not passed on").isNull();
    assertThat(first.getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    assertThat(first.getContentAsString())
        .contains("\"code\":\"SESSION_ENDED\"", "\"requirementIds\":[\"LG-1\"]")
        .contains("セッションが終了しています / session ended");
    assertThat(recorded).hasSize(1);
    assertThat(recorded.getFirst().kind()).isEqualTo(LiveSessionFilter.REFUSED_KIND);
    assertThat(recorded.getFirst().actor()).isEqualTo("it-admin");
    assertThat(recorded.getFirst().detail()).contains("SESSION_ENDED", "/api/audit/events");
    assertThat(recorded.getFirst().detail()).doesNotContain("s-1");
  }

  @Test
  void filterWhenCallerHoldsNoPrivilegedRoleThenPassedOnWithoutAskingKeycloak() throws Exception {
    authenticated(KeycloakRealmConfigurator.MONITORING_ROLE, null);
    KeycloakSessions never =
        (user, sid) -> {
          throw new AssertionError("Keycloak asked about a monitoring token");
        };
    MockFilterChain chain = new MockFilterChain();
    MockHttpServletResponse response = new MockHttpServletResponse();

    new LiveSessionFilter(
            LiveSessionFilter.Door.API,
            new LiveSessions(never, Duration.ofSeconds(10), clock),
            recorded::add)
        .doFilter(new MockHttpServletRequest("GET", "/actuator/prometheus"), response, chain);

    assertThat(chain.getRequest()).isNotNull();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(Optional.ofNullable(response.getHeader("WWW-Authenticate"))).isEmpty();
  }
}
