package jp.mamori.authz.operations;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import jp.mamori.authz.shared.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * Every error of the JSON API is an RFC 9457 problem ({@code application/problem+json}) with the
 * request's ID: every feature's {@link Refusal}, in one handler (its status from the refusal's
 * fault, its title, code and detail, and the properties a refusal adds of its own, such as the
 * step-up's challenge), Spring MVC's errors (bad JSON, wrong method or media type, unknown path:
 * {@link ResponseEntityExceptionHandler}), the resource server's 401 and 403 (written by {@link
 * #entryPoint()} and {@link #accessDenied()}), and anything unexpected — a 500 that names the
 * request ID and not the exception, whose message may hold internals; the exception itself is
 * logged with the same ID.
 *
 * <p>Only requests under {@code /api/} are answered here; the console's errors go on to Spring
 * Boot's error page (an exception handler that throws the exception it was given leaves it
 * unhandled). No feature has an exception handler of its own: a feature says no by throwing a
 * refusal.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiProblems extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every feature's refusal, in one shape ({@link Refusal#problem()}). */
  @ExceptionHandler(Refusal.class)
  ResponseEntity<Object> refused(Refusal e, WebRequest request) throws Exception {
    if (!api(request)) {
      throw e;
    }
    return handleExceptionInternal(e, e.problem(), new HttpHeaders(), e.fault().status(), request);
  }

  /** Anything no feature answered: 500 with the request ID, or the status the exception carries. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) throws Exception {
    if (!api(request)) {
      throw e;
    }
    if (e instanceof ErrorResponseException known) {
      return handleExceptionInternal(
          e, known.getBody(), new HttpHeaders(), known.getStatusCode(), request);
    }
    if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
      throw e; // Spring Security's to answer (403 / 401)
    }
    org.springframework.web.bind.annotation.ResponseStatus declared =
        org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(
            e.getClass(), org.springframework.web.bind.annotation.ResponseStatus.class);
    if (declared != null) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(declared.code(), e.getMessage());
      return handleExceptionInternal(e, problem, new HttpHeaders(), declared.code(), request);
    }
    log.error("Unexpected error serving request {}", RequestIds.current(), e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "内部エラーが発生しました。管理者に要求 ID を伝えてください / an internal error occurred;"
                + " give the request ID to an administrator");
    problem.setTitle("内部エラー / internal error");
    return handleExceptionInternal(
        e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    if (!api(request)) {
      throw ApiProblems.<RuntimeException>unhandled(ex);
    }
    ResponseEntity<Object> answer =
        super.handleExceptionInternal(ex, body, headers, statusCode, request);
    if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
      identify(problem);
      HttpHeaders h = new HttpHeaders();
      h.putAll(answer.getHeaders());
      h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
      return new ResponseEntity<>(problem, h, answer.getStatusCode());
    }
    return answer;
  }

  private static boolean api(WebRequest request) {
    return request instanceof org.springframework.web.context.request.ServletWebRequest s
        && s.getRequest().getRequestURI().startsWith("/api/");
  }

  /** Throws {@code e} as it is (checked or not): left to the next resolver, not wrapped. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T unhandled(Throwable e) throws T {
    throw (T) e;
  }

  /** Adds the request ID to a problem, and the path as its {@code instance} if it has none. */
  static ProblemDetail identify(ProblemDetail problem) {
    String id = RequestIds.current();
    if (id != null) {
      problem.setProperty("requestId", id);
    }
    return problem;
  }

  /** Adds the request ID to the problems that controllers return themselves as their answer. */
  @RestControllerAdvice
  static class Identify implements ResponseBodyAdvice<Object> {
    @Override
    public boolean supports(
        MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
      return true;
    }

    @Override
    public Object beforeBodyWrite(
        Object body,
        MethodParameter returnType,
        MediaType selectedContentType,
        Class<? extends HttpMessageConverter<?>> selectedConverterType,
        ServerHttpRequest request,
        ServerHttpResponse response) {
      if (body instanceof ProblemDetail problem) {
        identify(problem);
        if (problem.getInstance() == null && request instanceof ServletServerHttpRequest r) {
          problem.setInstance(URI.create(r.getServletRequest().getRequestURI()));
        }
      }
      return body;
    }
  }

  /** 401 of the API: the bearer token's challenge header, and a problem saying what is missing. */
  public static AuthenticationEntryPoint entryPoint() {
    BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    return (request, response, e) -> {
      bearer.commence(request, response, e);
      write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "認証が必要です / authentication required",
          "Keycloak のアクセストークンを Authorization: Bearer で送ってください / expected a Keycloak"
              + " access token in Authorization: Bearer; "
              + (request.getHeader(HttpHeaders.AUTHORIZATION) == null
                  ? "found none"
                  : "found one that was not accepted (" + e.getMessage() + ")"));
    };
  }

  /** 403 of the API: the token is valid but the person's roles do not allow the request. */
  public static AccessDeniedHandler accessDenied() {
    BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    return (request, response, e) -> {
      bearer.handle(request, response, e);
      write(
          request,
          response,
          HttpStatus.FORBIDDEN,
          "権限がありません / not allowed",
          "この操作に必要な役割 (ロール) がありません / expected a role that allows "
              + request.getMethod()
              + " "
              + request.getRequestURI()
              + "; found none among the token's roles");
    };
  }

  /**
   * A refusal answered by a security filter, before Spring MVC, in the shape of the features'
   * refusals ({@code privileged.Refused}): the title and the detail in Japanese then English, the
   * refusal's {@code code} and the {@code requirementId} it enforces.
   */
  public static void refuse(
      HttpServletRequest request, HttpServletResponse response, Refusal refusal)
      throws IOException {
    write(
        request,
        response,
        refusal.fault().status(),
        refusal.title().both(),
        refusal.detail(),
        refusal.problem().getProperties() == null
            ? java.util.Map.of()
            : refusal.problem().getProperties());
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String title,
      String detail)
      throws IOException {
    write(request, response, status, title, detail, java.util.Map.of());
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String title,
      String detail,
      java.util.Map<String, ?> properties)
      throws IOException {
    // written here, outside Spring MVC (the security filters answer before it): the members of
    // RFC 9457 as Spring MVC writes them for a ProblemDetail
    java.util.Map<String, Object> problem = new java.util.LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    problem.putAll(new java.util.TreeMap<>(properties));
    String id = RequestIds.current();
    if (id != null) {
      problem.put("requestId", id);
    }
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    JSON.writeValue(response.getOutputStream(), problem);
  }
}
