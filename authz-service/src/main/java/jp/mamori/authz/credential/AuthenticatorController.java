package jp.mamori.authz.credential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators.Authenticator;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's authenticators over the JSON API (MF-3): list; report lost (suspend that one at once);
 * report found (reinstate). Changes are for administrators and need a reason; errors are RFC 9457
 * problem details.
 */
@RestController
@RequestMapping("/api/staff/{username}/authenticators")
public class AuthenticatorController {

  private final Authenticators authenticators;

  AuthenticatorController(Authenticators authenticators) {
    this.authenticators = authenticators;
  }

  @GetMapping
  List<Map<String, Object>> list(@PathVariable String username) {
    return authenticators.list(username).stream().map(AuthenticatorController::body).toList();
  }

  @PostMapping("/{credentialId}/lost")
  Map<String, Object> lost(
      @PathVariable String username,
      @PathVariable String credentialId,
      @RequestBody Map<String, String> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(authenticators.reportLost(username, credentialId, actor(jwt), body.get("reason")));
  }

  @PostMapping("/{credentialId}/found")
  Map<String, Object> found(
      @PathVariable String username,
      @PathVariable String credentialId,
      @RequestBody Map<String, String> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(authenticators.reportFound(username, credentialId, actor(jwt), body.get("reason")));
  }

  public static Map<String, Object> body(Authenticator a) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", a.id());
    body.put("type", a.type());
    body.put("label", a.label());
    body.put("createdAt", a.createdAt().map(Object::toString).orElse(null));
    body.put("state", a.suspended() ? "SUSPENDED" : "ACTIVE");
    body.put("labelJa", a.suspended() ? "停止中 (紛失届)" : "利用可");
    body.put("labelEn", a.suspended() ? "suspended (reported lost)" : "in use");
    return body;
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }

  @ExceptionHandler(Authenticators.Refused.class)
  ProblemDetail refused(Authenticators.Refused e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle("この操作はできません / this cannot be done");
    return problem;
  }

  @ExceptionHandler(Authenticators.NotFound.class)
  ProblemDetail notFound(Authenticators.NotFound e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle("見つかりません / not found");
    return problem;
  }
}
