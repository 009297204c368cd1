package jp.mamori.authz.account;

import jp.mamori.authz.stepup.Operations;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.webauthn.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's state over the JSON API, for administrators ({@code mamori-admin}): the status as
 * one model (code, Japanese and English label), and unlock, reinstate and "password may have
 * leaked", each requiring a reason and recorded. Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/staff/{username}")
class AccountController {

  private final AccountStates states;
  private final StepUpGate gate;
  private final boolean stepUpRequired;

  AccountController(AccountStates states, StepUpGate gate, PrivilegedAccessRules privileged) {
    this.states = states;
    this.gate = gate;
    this.stepUpRequired = privileged.stepUpRequired();
  }

  @GetMapping("/status")
  AccountStatusView status(@PathVariable String username) {
    return AccountStatusView.of(username, states.status(username));
  }

  @PostMapping("/unlock")
  AccountStatusView unlock(
      @PathVariable String username,
      @RequestBody AccountChangeRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    stepUp(jwt, Operations.unlock(username, body.reason()), body);
    return AccountStatusView.of(username, states.unlock(username, actor(jwt), body.reason()));
  }

  @PostMapping("/reinstate")
  AccountStatusView reinstate(
      @PathVariable String username,
      @RequestBody AccountChangeRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    stepUp(jwt, Operations.reinstate(username, body.reason()), body);
    return AccountStatusView.of(username, states.reinstate(username, actor(jwt), body.reason()));
  }

  @PostMapping("/password-leak")
  AccountStatusView passwordLeak(
      @PathVariable String username,
      @RequestBody PasswordLeakRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    return AccountStatusView.of(
        username, states.passwordMayHaveLeaked(username, actor(jwt), body.reason()));
  }

  /** Unlock and reinstatement need a step-up bound to the account and reason (PR-6, MF-2). */
  private void stepUp(Jwt jwt, Operation operation, AccountChangeRequest body) {
    if (stepUpRequired) {
      gate.require(actor(jwt), operation, StepUpGate.answerOf(body.stepUp()));
    }
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
