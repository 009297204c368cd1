package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.mamori.authz.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

/** LG-1: a console session ends after the policy's maximum lifespan, however busy it is. */
class SessionMaxLifespanTest {

  @Test
  void sessionWhenOlderThanTheMaximumLifespanThenEndedBeforeTheRequestGoesOn() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    SessionMaxLifespan filter = new SessionMaxLifespan(Duration.ofHours(10), clock);
    MockHttpSession session = new MockHttpSession();
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin");
    request.setSession(session);

    clock.advance(Duration.ofHours(9).plusMinutes(59)); // used all day: still within
    filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
    assertThat(session.isInvalid()).isFalse();

    clock.advance(Duration.ofMinutes(2));
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, new MockHttpServletResponse(), chain);
    assertThat(session.isInvalid()).as("past 10 hours").isTrue();
    assertThat(chain.getRequest()).as("the request goes on, without its session").isNotNull();
  }
}
