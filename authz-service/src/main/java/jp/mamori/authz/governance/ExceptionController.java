package jp.mamori.authz.governance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.governance.PolicyExceptions.PolicyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exceptions to the policy over the JSON API (GV-3): ID administrators request (and report on
 * emergency ones), the CISO approves or rejects, readers list them. Errors are RFC 9457 problem
 * details.
 */
@RestController
@RequestMapping("/api/exceptions")
class ExceptionController {

  private final PolicyExceptions exceptions;

  ExceptionController(PolicyExceptions exceptions) {
    this.exceptions = exceptions;
  }

  @GetMapping
  List<Map<String, Object>> list() {
    return exceptions.all().stream().map(ExceptionController::body).toList();
  }

  @PostMapping
  ResponseEntity<Map<String, Object>> request(
      @RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt jwt) {
    PolicyExceptions.Scope scope;
    Instant endsAt;
    try {
      scope = PolicyExceptions.Scope.valueOf(text(body, "scope"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PolicyExceptions.Refused(
          "scope: expected TERMINAL, USER or SYSTEM; found " + body.get("scope"), false);
    }
    try {
      endsAt = Instant.parse(text(body, "endsAt"));
    } catch (DateTimeParseException | NullPointerException e) {
      throw new PolicyExceptions.Refused(
          "endsAt: expected an ISO-8601 instant such as 2027-04-30T00:00:00Z; found "
              + body.get("endsAt"),
          false);
    }
    PolicyException created =
        exceptions.request(
            actor(jwt),
            text(body, "rule"),
            scope,
            text(body, "target"),
            text(body, "reason"),
            endsAt,
            Boolean.TRUE.equals(body.get("emergency")));
    return ResponseEntity.status(HttpStatus.CREATED).body(body(created));
  }

  @PostMapping("/{id}/approve")
  Map<String, Object> approve(
      @PathVariable long id,
      @RequestBody(required = false) Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(exceptions.approve(id, actor(jwt), body == null ? null : text(body, "note")));
  }

  @PostMapping("/{id}/reject")
  Map<String, Object> reject(
      @PathVariable long id,
      @RequestBody(required = false) Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(exceptions.reject(id, actor(jwt), body == null ? null : text(body, "note")));
  }

  @PostMapping("/{id}/report")
  Map<String, Object> report(
      @PathVariable long id,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(exceptions.report(id, actor(jwt), text(body, "report")));
  }

  static Map<String, Object> body(PolicyException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", e.id());
    body.put("rule", e.rule());
    body.put("scope", e.scope().name());
    body.put("target", e.scopeValue());
    body.put("reason", e.reason());
    body.put("requestedBy", e.requestedBy());
    body.put("requestedAt", e.requestedAt().toString());
    body.put("endsAt", e.endsAt().toString());
    body.put("emergency", e.emergency());
    body.put("status", e.status().name());
    body.put("decidedBy", e.decidedBy().orElse(null));
    body.put("report", e.report().orElse(null));
    body.put("reportDue", e.reportDue().map(Instant::toString).orElse(null));
    body.put(
        "labelJa",
        switch (e.status()) {
          case REQUESTED -> "承認待ち";
          case IN_FORCE -> e.decidedBy().isEmpty() ? "発効中 (緊急・事後承認待ち)" : "発効中";
          case REJECTED -> "却下";
          case ENDED -> "終了 (原則に復帰)";
        });
    body.put(
        "labelEn",
        switch (e.status()) {
          case REQUESTED -> "waiting for approval";
          case IN_FORCE ->
              e.decidedBy().isEmpty() ? "in force (emergency, approval pending)" : "in force";
          case REJECTED -> "rejected";
          case ENDED -> "ended (the rule applies again)";
        });
    return body;
  }

  private static String text(Map<String, Object> body, String field) {
    Object v = body.get(field);
    return v == null ? null : String.valueOf(v);
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
