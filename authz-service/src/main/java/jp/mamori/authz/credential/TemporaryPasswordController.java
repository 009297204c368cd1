package jp.mamori.authz.credential;

import java.util.List;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.authz.stepup.Operations;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.policy.PrivilegedAccessRules;
import org.springframework.http.CacheControl;
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
 * Temporary passwords over the JSON API, for administrators ({@code mamori-admin}): issue one for
 * one account (the answer carries the password, once, and is never cached), and read the record of
 * issuances (never a password). Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/staff/{employeeNumber}/temporary-passwords")
class TemporaryPasswordController {

  private final TemporaryPasswords passwords;
  private final StepUpGate gate;
  private final boolean stepUpRequired;

  TemporaryPasswordController(
      TemporaryPasswords passwords, StepUpGate gate, PrivilegedAccessRules privileged) {
    this.passwords = passwords;
    this.gate = gate;
    this.stepUpRequired = privileged.stepUpRequired();
  }

  @PostMapping
  ResponseEntity<IssuedTemporaryPassword> issue(
      @PathVariable String employeeNumber,
      @RequestBody TemporaryPasswordRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    TemporaryPasswords.Handover handover = handover(body.handover());
    if (stepUpRequired) {
      gate.require(
          jwt.getClaimAsString("preferred_username"),
          Operations.temporaryPassword(employeeNumber, handover.name()),
          StepUpGate.answerOf(body.stepUp()));
    }
    TemporaryPasswords.Issued issued =
        passwords.issue(employeeNumber, jwt.getClaimAsString("preferred_username"), handover);
    IssuedTemporaryPassword answer =
        new IssuedTemporaryPassword(
            issued.id(),
            issued.employeeNumber(),
            issued.password().reveal(),
            issued.issuedBy(),
            handover.name(),
            handover.ja(),
            issued.expiresAt().toString(),
            "この仮パスワードは一度だけ表示されます。初回ログイン時に変更が必要です。"
                + " / Shown once; it must be changed at the first login.");
    issued.password().clear();
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(answer);
  }

  @GetMapping
  List<TemporaryPasswords.Issuance> history(@PathVariable String employeeNumber) {
    return passwords.history(employeeNumber);
  }

  private static TemporaryPasswords.Handover handover(String value) {
    if (value == null) {
      throw new BadHandover("handover: expected one of " + names() + ", found nothing");
    }
    try {
      return TemporaryPasswords.Handover.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new BadHandover("handover: expected one of " + names() + ", found " + value);
    }
  }

  private static String names() {
    return java.util.Arrays.toString(TemporaryPasswords.Handover.values());
  }

  static final class BadHandover extends Refusal {
    BadHandover(String message) {
      super(
          Fault.INVALID,
          "BAD_HANDOVER",
          new Bilingual("受け渡し方法が不正です", "invalid hand-over method"),
          message,
          "PW-4");
    }
  }
}
