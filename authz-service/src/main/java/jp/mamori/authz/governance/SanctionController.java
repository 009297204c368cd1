package jp.mamori.authz.governance;

import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Violation;
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
 * Violations and sanctions over the JSON API (GV-4): administrators record violations, impose
 * sanctions and ask for reinstatements; the CISO decides reinstatements; readers list them. Errors
 * are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/sanctions")
class SanctionController {

  private final Sanctions sanctions;

  SanctionController(Sanctions sanctions) {
    this.sanctions = sanctions;
  }

  @GetMapping
  SanctionListing list() {
    return new SanctionListing(
        sanctions.violations().stream().map(ViolationView::of).toList(),
        sanctions.sanctions().stream().map(SanctionView::of).toList());
  }

  @PostMapping("/violations")
  ResponseEntity<ViolationView> violation(
      @RequestBody ViolationRequest body, @AuthenticationPrincipal Jwt jwt) {
    Violation v =
        sanctions.recordViolation(actor(jwt), body.username(), body.code(), body.description());
    return ResponseEntity.status(HttpStatus.CREATED).body(ViolationView.of(v));
  }

  @PostMapping
  ResponseEntity<SanctionView> impose(
      @RequestBody SanctionRequest body, @AuthenticationPrincipal Jwt jwt) {
    Long violationId;
    String v = body.violationId();
    try {
      violationId = v == null ? null : Long.valueOf(v);
    } catch (NumberFormatException e) {
      throw new SanctionRefused(Fault.INVALID, "violationId: expected a number; found " + v);
    }
    Sanction s =
        sanctions.impose(
            actor(jwt),
            body.username(),
            violationId,
            body.measure(),
            body.right(),
            body.target(),
            body.code(),
            body.note());
    return ResponseEntity.status(HttpStatus.CREATED).body(SanctionView.of(s));
  }

  @PostMapping("/{id}/reinstatement")
  SanctionView requestReinstatement(
      @PathVariable long id,
      @RequestBody ReinstatementRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    return SanctionView.of(sanctions.requestReinstatement(id, actor(jwt), body.reason()));
  }

  @PostMapping("/{id}/reinstatement/approve")
  SanctionView approve(
      @PathVariable long id,
      @RequestBody(required = false) ReinstatementNote body,
      @AuthenticationPrincipal Jwt jwt) {
    return SanctionView.of(
        sanctions.approveReinstatement(id, actor(jwt), body == null ? null : body.note()));
  }

  @PostMapping("/{id}/reinstatement/reject")
  SanctionView reject(
      @PathVariable long id,
      @RequestBody(required = false) ReinstatementNote body,
      @AuthenticationPrincipal Jwt jwt) {
    return SanctionView.of(
        sanctions.rejectReinstatement(id, actor(jwt), body == null ? null : body.note()));
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
