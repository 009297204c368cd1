package jp.mamori.authz.stepup;

import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.webauthn.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An administrator issues a one-time enrolment code for someone else's step-up authenticator (MF-3)
 * after checking their identity: {@code reason} (how the identity was checked) and, where the
 * policy asks for step-ups, the administrator's own step-up bound to the person and the reason. The
 * code is in the answer once and never again; an administrator cannot issue one for themselves.
 */
@RestController
class EnrolmentCodeController {

  private final EnrolmentCodes codes;
  private final StepUpGate gate;
  private final boolean stepUpRequired;

  EnrolmentCodeController(EnrolmentCodes codes, StepUpGate gate, PrivilegedAccessRules privileged) {
    this.codes = codes;
    this.gate = gate;
    this.stepUpRequired = privileged.stepUpRequired();
  }

  @PostMapping("/api/staff/{username}/step-up-enrolment-codes")
  ResponseEntity<IssuedEnrolmentCode> issue(
      @PathVariable String username,
      @RequestBody EnrolmentCodeRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    String actor = jwt.getClaimAsString("preferred_username");
    String why = body.reason();
    if (actor != null && actor.equalsIgnoreCase(username)) {
      throw new StepUpGate.Failed(
          Refusal.ENROLMENT_NOT_AUTHORISED,
          "an administrator cannot issue an enrolment code for themselves"
              + " / 自分自身の登録コードは発行できません");
    }
    if (stepUpRequired) {
      gate.require(
          actor, Operations.enrolmentCode(username, why), StepUpGate.answerOf(body.stepUp()));
    }
    EnrolmentCodes.Issued issued = codes.issue(username, actor, why);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new IssuedEnrolmentCode(
                issued.id(), issued.username(), issued.code(), issued.expiresAt().toString()));
  }
}
