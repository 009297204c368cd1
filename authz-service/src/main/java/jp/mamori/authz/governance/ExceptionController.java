package jp.mamori.authz.governance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import jp.mamori.authz.governance.PolicyExceptions.PolicyException;
import jp.mamori.authz.shared.Refusal.Fault;
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
  List<PolicyExceptionView> list() {
    return exceptions.all().stream().map(PolicyExceptionView::of).toList();
  }

  @PostMapping
  ResponseEntity<PolicyExceptionView> request(
      @RequestBody PolicyExceptionRequest body, @AuthenticationPrincipal Jwt jwt) {
    PolicyExceptions.Scope scope;
    Instant endsAt;
    try {
      scope = PolicyExceptions.Scope.valueOf(body.scope());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PolicyExceptions.Refused(
          Fault.INVALID, "scope: expected TERMINAL, USER or SYSTEM; found " + body.scope());
    }
    try {
      endsAt = Instant.parse(body.endsAt());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new PolicyExceptions.Refused(
          Fault.INVALID,
          "endsAt: expected an ISO-8601 instant such as 2027-04-30T00:00:00Z; found "
              + body.endsAt());
    }
    PolicyException created =
        exceptions.request(
            actor(jwt),
            body.rule(),
            scope,
            body.target(),
            body.reason(),
            endsAt,
            Boolean.TRUE.equals(body.emergency()));
    return ResponseEntity.status(HttpStatus.CREATED).body(PolicyExceptionView.of(created));
  }

  @PostMapping("/{id}/approve")
  PolicyExceptionView approve(
      @PathVariable long id,
      @RequestBody(required = false) PolicyExceptionNote body,
      @AuthenticationPrincipal Jwt jwt) {
    return PolicyExceptionView.of(
        exceptions.approve(id, actor(jwt), body == null ? null : body.note()));
  }

  @PostMapping("/{id}/reject")
  PolicyExceptionView reject(
      @PathVariable long id,
      @RequestBody(required = false) PolicyExceptionNote body,
      @AuthenticationPrincipal Jwt jwt) {
    return PolicyExceptionView.of(
        exceptions.reject(id, actor(jwt), body == null ? null : body.note()));
  }

  @PostMapping("/{id}/report")
  PolicyExceptionView report(
      @PathVariable long id,
      @RequestBody PolicyExceptionReport body,
      @AuthenticationPrincipal Jwt jwt) {
    return PolicyExceptionView.of(exceptions.report(id, actor(jwt), body.report()));
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
