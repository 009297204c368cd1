package jp.mamori.authz.governance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.mamori.authz.governance.Sanctions.Sanction;
import jp.mamori.authz.governance.Sanctions.Violation;
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
  Map<String, Object> list() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("violations", sanctions.violations().stream().map(SanctionController::body).toList());
    body.put("sanctions", sanctions.sanctions().stream().map(SanctionController::body).toList());
    return body;
  }

  @PostMapping("/violations")
  ResponseEntity<Map<String, Object>> violation(
      @RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt jwt) {
    Violation v =
        sanctions.recordViolation(
            actor(jwt), text(body, "username"), text(body, "code"), text(body, "description"));
    return ResponseEntity.status(HttpStatus.CREATED).body(body(v));
  }

  @PostMapping
  ResponseEntity<Map<String, Object>> impose(
      @RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt jwt) {
    Long violationId;
    Object v = body.get("violationId");
    try {
      violationId = v == null ? null : Long.valueOf(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new Sanctions.Refused("violationId: expected a number; found " + v, false);
    }
    Sanction s =
        sanctions.impose(
            actor(jwt),
            text(body, "username"),
            violationId,
            text(body, "measure"),
            text(body, "right"),
            text(body, "target"),
            text(body, "code"),
            text(body, "note"));
    return ResponseEntity.status(HttpStatus.CREATED).body(body(s));
  }

  @PostMapping("/{id}/reinstatement")
  Map<String, Object> requestReinstatement(
      @PathVariable long id,
      @RequestBody Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(sanctions.requestReinstatement(id, actor(jwt), text(body, "reason")));
  }

  @PostMapping("/{id}/reinstatement/approve")
  Map<String, Object> approve(
      @PathVariable long id,
      @RequestBody(required = false) Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(
        sanctions.approveReinstatement(id, actor(jwt), body == null ? null : text(body, "note")));
  }

  @PostMapping("/{id}/reinstatement/reject")
  Map<String, Object> reject(
      @PathVariable long id,
      @RequestBody(required = false) Map<String, Object> body,
      @AuthenticationPrincipal Jwt jwt) {
    return body(
        sanctions.rejectReinstatement(id, actor(jwt), body == null ? null : text(body, "note")));
  }

  static Map<String, Object> body(Violation v) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", v.id());
    body.put("username", v.username());
    body.put("sections", v.sections());
    body.put("code", v.code().name());
    body.put("codeJa", v.code().ja());
    body.put("codeEn", v.code().en());
    body.put("description", v.description());
    body.put("recordedBy", v.recordedBy());
    body.put("recordedAt", v.recordedAt().toString());
    return body;
  }

  static Map<String, Object> body(Sanction s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", s.id());
    body.put("username", s.username());
    body.put("violationId", s.violationId().orElse(null));
    body.put("measure", s.measure().name());
    body.put("right", s.right().name());
    body.put("target", s.rightValue());
    body.put("code", s.code().name());
    body.put("note", s.note());
    body.put("imposedBy", s.imposedBy());
    body.put("imposedAt", s.imposedAt().toString());
    body.put("status", s.status().name());
    body.put("reinstatementRequestedBy", s.reinstatementRequestedBy().orElse(null));
    body.put("decidedBy", s.decidedBy().orElse(null));
    body.put("decidedAt", s.decidedAt().map(Instant::toString).orElse(null));
    body.put("labelJa", s.describeJa() + " — " + statusJa(s));
    body.put("labelEn", s.describeEn() + " — " + statusEn(s));
    return body;
  }

  private static String statusJa(Sanction s) {
    return switch (s.status()) {
      case IN_FORCE -> "有効";
      case REINSTATEMENT_REQUESTED -> "解除申請中 (CISO の承認待ち)";
      case LIFTED -> "解除済み";
    };
  }

  private static String statusEn(Sanction s) {
    return switch (s.status()) {
      case IN_FORCE -> "in force";
      case REINSTATEMENT_REQUESTED -> "reinstatement requested (waiting for the CISO)";
      case LIFTED -> "lifted";
    };
  }

  private static String text(Map<String, Object> body, String field) {
    Object v = body.get(field);
    return v == null ? null : String.valueOf(v);
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
