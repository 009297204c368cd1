package jp.mamori.authz.credential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.stepup.Operations;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators.Authenticator;
import jp.mamori.hrsync.keycloak.KeycloakIcCards;
import jp.mamori.policy.PrivilegedAccessRules;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's authenticators over the JSON API (MF-3) — security keys and IC cards: list; register
 * an IC card; report lost (suspend that one at once); report found (reinstate). Changes are for
 * administrators and need a reason; errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/staff/{username}/authenticators")
public class AuthenticatorController {

  private final Authenticators authenticators;
  private final StepUpGate gate;
  private final boolean stepUpRequired;

  AuthenticatorController(
      Authenticators authenticators, StepUpGate gate, PrivilegedAccessRules privileged) {
    this.authenticators = authenticators;
    this.gate = gate;
    this.stepUpRequired = privileged.stepUpRequired();
  }

  /**
   * Registers an IC card: {@code certificate} (PEM) and {@code reason}; needs a step-up bound to
   * the account, the card's thumbprint and the reason (a card is a way to log in as that person).
   */
  @PostMapping("/ic-cards")
  org.springframework.http.ResponseEntity<Map<String, Object>> registerIcCard(
      @PathVariable String username,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    String pem = body.get("certificate") == null ? null : String.valueOf(body.get("certificate"));
    String reason = body.get("reason") == null ? null : String.valueOf(body.get("reason"));
    String thumbprint = KeycloakIcCards.thumbprint(Authenticators.certificate(pem));
    if (stepUpRequired) {
      gate.require(
          actor(jwt),
          Operations.icCardRegistration(username, thumbprint, reason),
          StepUpGate.answer(body));
    }
    return org.springframework.http.ResponseEntity.status(HttpStatus.CREATED)
        .body(body(authenticators.registerIcCard(username, pem, actor(jwt), reason)));
  }

  @GetMapping
  List<Map<String, Object>> list(@PathVariable String username) {
    return authenticators.list(username).stream().map(AuthenticatorController::body).toList();
  }

  /**
   * Reports an authenticator lost: {@code reason}; a step-up bound to the authenticator and the
   * reason (marking a key lost lets the person register another at the next My Number login).
   */
  @PostMapping("/{credentialId}/lost")
  Map<String, Object> lost(
      @PathVariable String username,
      @PathVariable String credentialId,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    String reason = text(body, "reason");
    if (stepUpRequired) {
      gate.require(
          actor(jwt),
          Operations.authenticatorLost(username, credentialId, reason),
          StepUpGate.answer(body));
    }
    return body(authenticators.reportLost(username, credentialId, actor(jwt), reason));
  }

  /** Reports a lost authenticator found (it works again): {@code reason} and a step-up. */
  @PostMapping("/{credentialId}/found")
  Map<String, Object> found(
      @PathVariable String username,
      @PathVariable String credentialId,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    String reason = text(body, "reason");
    if (stepUpRequired) {
      gate.require(
          actor(jwt),
          Operations.authenticatorFound(username, credentialId, reason),
          StepUpGate.answer(body));
    }
    return body(authenticators.reportFound(username, credentialId, actor(jwt), reason));
  }

  private static String text(Map<String, Object> body, String key) {
    Object value = body == null ? null : body.get(key);
    return value == null ? null : String.valueOf(value);
  }

  public static Map<String, Object> body(Authenticator a) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", a.id());
    body.put("type", a.type());
    body.put("label", a.label());
    body.put("createdAt", a.createdAt().map(Object::toString).orElse(null));
    body.put("state", a.suspended() ? "SUSPENDED" : "ACTIVE");
    body.put("kindJa", "x509".equals(a.type()) ? "ICカード" : "セキュリティキー");
    body.put("kindEn", "x509".equals(a.type()) ? "IC card" : "security key");
    body.put("labelJa", a.suspended() ? "停止中 (紛失届)" : "利用可");
    body.put("labelEn", a.suspended() ? "suspended (reported lost)" : "in use");
    return body;
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
