package jp.mamori.authz.credential;

import java.util.List;
import jp.mamori.authz.stepup.Operations;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.reconcile.AccountAuthenticators;
import jp.mamori.policy.PrivilegedAccessRules;
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
 * A person's authenticators over the JSON API (MF-3) — security keys and IC cards: list; register
 * an IC card; report lost (suspend that one at once); report found (reinstate). Changes are for
 * administrators and need a reason; errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/staff/{username}/authenticators")
class AuthenticatorController {

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
  ResponseEntity<AuthenticatorView> registerIcCard(
      @PathVariable String username,
      @RequestBody IcCardRegistration body,
      @AuthenticationPrincipal Jwt jwt) {
    String thumbprint =
        AccountAuthenticators.thumbprint(Authenticators.certificate(body.certificate()));
    if (stepUpRequired) {
      gate.require(
          actor(jwt),
          Operations.icCardRegistration(username, thumbprint, body.reason()),
          StepUpGate.answerOf(body.stepUp()));
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            AuthenticatorView.of(
                authenticators.registerIcCard(
                    username, body.certificate(), actor(jwt), body.reason())));
  }

  @GetMapping
  List<AuthenticatorView> list(@PathVariable String username) {
    return authenticators.list(username).stream().map(AuthenticatorView::of).toList();
  }

  /**
   * Reports an authenticator lost: {@code reason}; a step-up bound to the authenticator and the
   * reason (marking a key lost lets the person register another at the next My Number login).
   */
  @PostMapping("/{credentialId}/lost")
  AuthenticatorView lost(
      @PathVariable String username,
      @PathVariable String credentialId,
      @RequestBody AuthenticatorReport body,
      @AuthenticationPrincipal Jwt jwt) {
    if (stepUpRequired) {
      gate.require(
          actor(jwt),
          Operations.authenticatorLost(username, credentialId, body.reason()),
          StepUpGate.answerOf(body.stepUp()));
    }
    return AuthenticatorView.of(
        authenticators.reportLost(username, credentialId, actor(jwt), body.reason()));
  }

  /** Reports a lost authenticator found (it works again): {@code reason} and a step-up. */
  @PostMapping("/{credentialId}/found")
  AuthenticatorView found(
      @PathVariable String username,
      @PathVariable String credentialId,
      @RequestBody AuthenticatorReport body,
      @AuthenticationPrincipal Jwt jwt) {
    if (stepUpRequired) {
      gate.require(
          actor(jwt),
          Operations.authenticatorFound(username, credentialId, body.reason()),
          StepUpGate.answerOf(body.stepUp()));
    }
    return AuthenticatorView.of(
        authenticators.reportFound(username, credentialId, actor(jwt), body.reason()));
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
