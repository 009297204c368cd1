package jp.mamori.authz.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.policy.PrivilegedAccessRules;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The emergency revocation over the JSON API, for administrators ({@code mamori-admin}, as every
 * {@code /api/staff/**} and {@code /api/lifecycle/**} request): {@code POST
 * /api/staff/{username}/revocation} with the reason and, where the policy asks for one, the step-up
 * answer bound to the person and the reason; {@code POST /api/lifecycle/urgent-leavers} with the
 * leavers' HR rows (the daily export's layout, header included) and the reason. Errors are RFC 9457
 * problem details.
 */
@RestController
class RevocationController {

  /** The body of a revocation: why (mandatory), and the step-up answer or null to start one. */
  record RevocationRequest(String reason, Object stepUp) {
    @Override
    public String toString() {
      return "RevocationRequest[reason="
          + reason
          + ", stepUp="
          + (stepUp == null ? "none" : "…")
          + "]";
    }
  }

  /** The body of urgent leavers: the HR rows as CSV text, and why they cannot wait. */
  record UrgentLeaversRequest(String csv, String reason) {
    @Override
    public String toString() {
      return "UrgentLeaversRequest[reason=" + reason + "]";
    }
  }

  /** What a revocation did. */
  record RevocationView(
      String username,
      Long sanction,
      boolean keycloak,
      boolean directory,
      List<Long> checkedIn,
      List<Long> cancelled,
      List<String> eligibilityWithdrawn,
      int keysRevoked,
      List<String> failures,
      boolean complete) {
    static RevocationView of(Revocations.Outcome o) {
      return new RevocationView(
          o.username(),
          o.sanction().orElse(null),
          o.keycloak(),
          o.directory(),
          o.checkedIn(),
          o.cancelled(),
          o.eligibilityWithdrawn(),
          o.keysRevoked().size(),
          o.failures(),
          o.complete());
    }
  }

  private final Revocations revocations;
  private final UrgentLeavers urgent;
  private final StepUpGate gate;
  private final boolean stepUpRequired;

  RevocationController(
      Revocations revocations,
      UrgentLeavers urgent,
      StepUpGate gate,
      PrivilegedAccessRules privileged) {
    this.revocations = revocations;
    this.urgent = urgent;
    this.gate = gate;
    this.stepUpRequired = privileged.stepUpRequired();
  }

  @PostMapping("/api/staff/{username}/revocation")
  RevocationView revoke(
      @PathVariable String username,
      @RequestBody RevocationRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    String reason = body.reason() == null ? "" : body.reason().strip();
    if (reason.isEmpty()) { // refused before a step-up is started for it
      throw new Revocations.Refused("reason: expected why the person is stopped; found none");
    }
    if (stepUpRequired) {
      gate.require(
          actor(jwt), Revocations.operation(username, reason), StepUpGate.answerOf(body.stepUp()));
    }
    return RevocationView.of(revocations.revoke(actor(jwt), username, reason));
  }

  @PostMapping("/api/lifecycle/urgent-leavers")
  UrgentLeavers.Applied urgentLeavers(
      @RequestBody UrgentLeaversRequest body, @AuthenticationPrincipal Jwt jwt)
      throws HrFileException {
    if (body.csv() == null || body.csv().isBlank()) {
      throw new Revocations.Refused(
          "csv: expected the leavers' HR rows with the header; found none");
    }
    Path file = null;
    try {
      file = Files.createTempFile("mamori-urgent-", ".csv");
      Files.writeString(file, body.csv(), StandardCharsets.UTF_8);
      return urgent.apply(file, actor(jwt), body.reason());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file left behind holds only what the caller sent
        }
      }
    }
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
