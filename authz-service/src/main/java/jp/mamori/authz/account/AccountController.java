package jp.mamori.authz.account;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.mamori.authz.stepup.Operations;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.reconcile.AccountStatus;
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
  Map<String, Object> status(@PathVariable String username) {
    return body(username, states.status(username));
  }

  @PostMapping("/unlock")
  Map<String, Object> unlock(
      @PathVariable String username,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    String reason = text(body, "reason");
    stepUp(jwt, Operations.unlock(username, reason), body);
    return body(username, states.unlock(username, actor(jwt), reason));
  }

  @PostMapping("/reinstate")
  Map<String, Object> reinstate(
      @PathVariable String username,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    String reason = text(body, "reason");
    stepUp(jwt, Operations.reinstate(username, reason), body);
    return body(username, states.reinstate(username, actor(jwt), reason));
  }

  @PostMapping("/password-leak")
  Map<String, Object> passwordLeak(
      @PathVariable String username,
      @RequestBody Map<String, String> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(username, states.passwordMayHaveLeaked(username, actor(jwt), body.get("reason")));
  }

  /** The status as every view shows it. */
  static Map<String, Object> body(String username, AccountStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("status", status.code());
    body.put("labelJa", status.ja());
    body.put("labelEn", status.en());
    return body;
  }

  /** Unlock and reinstatement need a step-up bound to the account and reason (PR-6, MF-2). */
  private void stepUp(Jwt jwt, Operation operation, Map<String, Object> body) {
    if (stepUpRequired) {
      gate.require(actor(jwt), operation, StepUpGate.answer(body));
    }
  }

  private static String text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    return value == null ? null : String.valueOf(value);
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
