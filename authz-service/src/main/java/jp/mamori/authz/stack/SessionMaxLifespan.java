package jp.mamori.authz.stack;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Ends a console session older than the policy's maximum lifespan ({@code session.maxLifespan},
 * LG-1) before anything reads it: the next page asks Keycloak again, which logs the person in anew
 * (and reads their roles anew) or not at all.
 */
final class SessionMaxLifespan implements Filter {

  private final long maxMillis;
  private final Clock clock;

  SessionMaxLifespan(Duration maxLifespan, Clock clock) {
    this.maxMillis = maxLifespan.toMillis();
    this.clock = clock;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http) {
      HttpSession session = http.getSession(false);
      if (session != null && clock.millis() - session.getCreationTime() > maxMillis) {
        session.invalidate();
      }
    }
    chain.doFilter(request, response);
  }
}
