package jp.mamori.authz.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an ID: the caller's {@code X-Request-Id} when it is a plain token (a load
 * balancer's or a client's), otherwise a new one. The ID is in every log line written while the
 * request is served (MDC key {@value #MDC_KEY}; in the JSON logs a field of its own), in the
 * response's {@code X-Request-Id} header and in every problem answered (RFC 9457 {@code
 * requestId}), so that an administrator can find the log lines of an error a person reports.
 *
 * <p>One line per request is logged when it ends: method, path (never the query string: it may
 * carry a code or a token), status and duration. Static files and probes are logged at DEBUG.
 */
public final class RequestIds extends OncePerRequestFilter {

  /** The header read and written. */
  public static final String HEADER = "X-Request-Id";

  /** The MDC key (and request attribute) of the ID. */
  public static final String MDC_KEY = "requestId";

  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
  private static final Logger log = LoggerFactory.getLogger("jp.mamori.access");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    String id =
        given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    request.setAttribute(MDC_KEY, id);
    response.setHeader(HEADER, id);
    long start = System.nanoTime();
    MDC.put(MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      long ms = (System.nanoTime() - start) / 1_000_000;
      String path = request.getRequestURI();
      if (quiet(path)) {
        log.debug("{} {} -> {} in {} ms", request.getMethod(), path, response.getStatus(), ms);
      } else {
        log.info("{} {} -> {} in {} ms", request.getMethod(), path, response.getStatus(), ms);
      }
      MDC.remove(MDC_KEY);
    }
  }

  private static boolean quiet(String path) {
    return path.startsWith("/css/")
        || path.startsWith("/js/")
        || path.startsWith("/actuator/")
        || path.equals("/favicon.ico");
  }

  /** The ID of the request being served on this thread, or null outside a request. */
  public static String current() {
    return MDC.get(MDC_KEY);
  }
}
