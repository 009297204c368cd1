package jp.mamori.authz.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.operations.ApiProblems;
import jp.mamori.authz.operations.RequestIds;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link LiveSessions} at one of Mamori's doors, after the caller is known and before any
 * authorisation or controller runs:
 *
 * <ul>
 *   <li>{@link Door#API} (the JSON API {@code /api/**}, bearer tokens): a session that Keycloak
 *       says has ended answers {@code 401} with {@code code SESSION_ENDED}; when Keycloak cannot
 *       confirm it, {@code 503} with {@code code SESSION_UNCONFIRMED} — reads and changes alike;
 *   <li>{@link Door#CONSOLE} (pages, the OIDC login's session): an ended session ends the console
 *       session and sends the browser to the login (Keycloak's login page, where a locked account
 *       gets nowhere); when Keycloak cannot confirm it, the page answers {@code 503} and the
 *       session is kept for the next request to ask again.
 * </ul>
 *
 * A refusal because Keycloak ended the session is recorded in the audit log ({@code
 * SESSION_ENDED_REFUSED}, LG-1) once each time Keycloak is asked, not once per retried request: a
 * locked administrator's client that keeps trying leaves one record per cache period. The general
 * 401/403 of the API are not recorded; this one is, as it is the trace of an account that was
 * locked or stopped while its holder (or whoever has the token) went on.
 */
final class LiveSessionFilter extends OncePerRequestFilter {

  /** Which door: how a refusal is answered. */
  enum Door {
    API,
    CONSOLE
  }

  /** The audit kind of a refusal because Keycloak said the session has ended. */
  static final String REFUSED_KIND = "SESSION_ENDED_REFUSED";

  /** Where the console sends a browser whose session ended: the OIDC login. */
  static final String LOGIN = "/oauth2/authorization/" + SecurityConfiguration.REGISTRATION_ID;

  private static final Logger log = LoggerFactory.getLogger(LiveSessionFilter.class);

  private final Door door;
  private final LiveSessions sessions;
  private final Consumer<AuditChain.Entry> audit;

  /**
   * @param audit appends an event to the audit log ({@link AuditLog#append}); may throw when the
   *     log cannot be written
   */
  LiveSessionFilter(Door door, LiveSessions sessions, Consumer<AuditChain.Entry> audit) {
    this.door = door;
    this.sessions = sessions;
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    // static files carry the session cookie but show nothing of anyone
    return path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Presented> presented =
        presented(SecurityContextHolder.getContext().getAuthentication());
    if (presented.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Presented caller = presented.get();
    switch (sessions.verdict(caller.caller())) {
      case LiveSessions.Verdict.Unchecked unchecked -> chain.doFilter(request, response);
      case LiveSessions.Verdict.Alive alive -> chain.doFilter(request, response);
      case LiveSessions.Verdict.Ended ended -> {
        log.info(
            "Refused {} {} of {}: Keycloak says {} ({})",
            request.getMethod(),
            request.getRequestURI(),
            caller.username(),
            ended.reason(),
            door);
        if (ended.fresh()) {
          record(request, caller, ended.reason().name());
        }
        ended(request, response);
      }
      case LiveSessions.Verdict.Anonymous anonymous -> {
        log.info(
            "Refused {} {}: a privileged token that names no account (sub)",
            request.getMethod(),
            request.getRequestURI());
        ended(request, response);
      }
      case LiveSessions.Verdict.Unconfirmed unconfirmed -> {
        log.warn(
            "Refused {} {} of {}: Keycloak could not confirm the session: {}",
            request.getMethod(),
            request.getRequestURI(),
            caller.username(),
            unconfirmed.why());
        unconfirmed(request, response);
      }
    }
  }

  private void ended(HttpServletRequest request, HttpServletResponse response) throws IOException {
    SecurityContextHolder.clearContext();
    if (door == Door.CONSOLE) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      response.sendRedirect(request.getContextPath() + LOGIN);
      return;
    }
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        "Bearer error=\"invalid_token\", error_description=\"The Keycloak session of this token"
            + " has ended, or its account is disabled or locked\"");
    ApiProblems.refuse(
        request,
        response,
        new Refusal(
            Refusal.Fault.UNAUTHENTICATED,
            "SESSION_ENDED",
            new Bilingual("セッションが終了しています", "session ended"),
            "このトークンの Keycloak セッションは終了しているか、アカウントが無効またはロックされています。もう一度ログインしてください"
                + " / expected a token whose Keycloak session is still open and whose account is"
                + " enabled and not locked; found that Keycloak has ended the session or stopped"
                + " the account; log in again",
            "LG-1"));
  }

  private void unconfirmed(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String ja = "Keycloak に接続できず、セッションが有効であることを確認できませんでした。しばらくしてから再度お試しください";
    String en =
        "expected Keycloak to confirm that the session holds; found no answer from Keycloak; try"
            + " again shortly";
    response.setHeader(HttpHeaders.RETRY_AFTER, "5");
    if (door == Door.CONSOLE) {
      response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), ja + " / " + en);
      return;
    }
    ApiProblems.refuse(
        request,
        response,
        new Refusal(
            Refusal.Fault.UNAVAILABLE,
            "SESSION_UNCONFIRMED",
            new Bilingual("セッションを確認できません", "session not confirmed"),
            ja + " / " + en,
            "LG-1"));
  }

  /** Records the refusal; a failure to record is logged and the request refused all the same. */
  private void record(HttpServletRequest request, Presented caller, String reason) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("door", door.name());
    detail.put("method", request.getMethod());
    detail.put("path", request.getRequestURI());
    detail.put("reason", reason);
    detail.put("session", caller.caller().sessionId().isPresent() ? "sid" : "none");
    String requestId = RequestIds.current();
    if (requestId != null) {
      detail.put("requestId", requestId);
    }
    try {
      audit.accept(
          new AuditChain.Entry(
              REFUSED_KIND,
              caller.username(),
              "staff/" + caller.username(),
              AuditLog.detail(detail),
              "LG-1"));
    } catch (RuntimeException e) {
      log.warn(
          "Could not record the refusal of {} (request {}) in the audit log; refused all the same",
          caller.username(),
          requestId,
          e);
    }
  }

  /** A caller and the name the audit log knows them by. */
  private record Presented(LiveSessions.Caller caller, String username) {}

  /** The caller of a bearer token or a console login; empty for anyone else (anonymous). */
  private static Optional<Presented> presented(Authentication authentication) {
    if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
      var jwt = token.getToken();
      return Optional.of(
          new Presented(
              new LiveSessions.Caller(
                  jwt.getSubject(), Optional.ofNullable(jwt.getClaimAsString("sid")), roles(token)),
              name(token.getName(), jwt.getSubject())));
    }
    if (authentication instanceof OAuth2AuthenticationToken login
        && login.isAuthenticated()
        && login.getPrincipal() instanceof OidcUser user) {
      return Optional.of(
          new Presented(
              new LiveSessions.Caller(
                  user.getSubject(),
                  Optional.ofNullable(user.getIdToken().getClaimAsString("sid")),
                  roles(login)),
              name(user.getName(), user.getSubject())));
    }
    return Optional.empty();
  }

  private static Set<String> roles(Authentication authentication) {
    Set<String> roles = new TreeSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      String name = authority.getAuthority();
      if (name != null && name.startsWith("ROLE_")) {
        roles.add(name.substring("ROLE_".length()));
      }
    }
    return roles;
  }

  private static String name(String name, String subject) {
    return name != null && !name.isBlank() ? name : subject != null ? subject : "unknown";
  }
}
