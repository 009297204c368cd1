package jp.mamori.authz.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.policy.Enforces;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log over the JSON API: its verification and public key (auditors, the CISO,
 * administrators; AU-2), a checkpoint on demand (administrators), and one person's history for a
 * period (the CISO alone, GV-5) — itself recorded, so that an investigation leaves a trace.
 */
@RestController
@RequestMapping("/api/audit")
@Enforces(
    value = {"GV-5", "AU-2"},
    ja = "CISO が一人の職員の期間中のアクセス履歴を取り出せる (取り出しも記録)",
    en = "Lets the CISO pull one person's access history for a period (the pull is recorded too)")
class AuditController {

  private final AuditLog audit;
  private final AuditReviews reviews;

  AuditController(AuditLog audit, AuditReviews reviews) {
    this.audit = audit;
    this.reviews = reviews;
  }

  /** AU-4: the analysis of a period, prepared for its review. */
  @GetMapping("/analysis")
  List<Map<String, Object>> analysis(@RequestParam String from, @RequestParam String to) {
    return reviews.analyse(instant("from", from), instant("to", to)).stream()
        .map(f -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("ja", f.ja());
          body.put("en", f.en());
          body.put("count", f.count());
          body.put("requirementId", f.requirementId());
          return body;
        })
        .toList();
  }

  /** AU-4: the reviews signed so far, newest first. */
  @GetMapping("/reviews")
  List<AuditReviews.Review> reviews() {
    return reviews.reviews();
  }

  /** AU-4: an auditor or the CISO signs off the review of a period with their findings. */
  @PostMapping("/reviews")
  ResponseEntity<AuditReviews.Review> signOff(
      @RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt jwt) {
    AuditReviews.Review review =
        reviews.signOff(
            jwt.getClaimAsString("preferred_username"),
            instant("from", String.valueOf(body.get("from"))),
            instant("to", String.valueOf(body.get("to"))),
            body.get("findings") == null ? null : String.valueOf(body.get("findings")));
    return ResponseEntity.status(org.springframework.http.HttpStatus.CREATED).body(review);
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (java.time.format.DateTimeParseException | NullPointerException e) {
      throw new AuditReviews.Refused(
          field + ": expected an ISO-8601 instant such as 2027-04-01T00:00:00Z; found " + value);
    }
  }

  @GetMapping("/verification")
  Map<String, Object> verification() {
    Verification v = audit.verify();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("intact", v.intact());
    body.put("events", v.events());
    body.put("lastSeq", v.lastSeq());
    body.put("lastHash", v.lastHash());
    body.put("problems", v.problems().stream().map(Object::toString).toList());
    // AU-6: events recorded after the clock stepped back — no tampering, but times to read with
    // care
    body.put("clockSteps", v.clockSteps().stream().map(Object::toString).toList());
    body.put("labelJa", v.intact() ? "改ざんは検出されませんでした" : "改ざんを検出しました");
    body.put("labelEn", v.intact() ? "no tampering found" : "tampering found");
    return body;
  }

  @GetMapping(value = "/public-key", produces = "application/jwk+json")
  String publicKey() {
    return audit.signer().publicJwk();
  }

  @PostMapping("/checkpoints")
  Map<String, Object> checkpoint() {
    return audit
        .checkpoint()
        .<Map<String, Object>>map(c -> Map.of("seq", c.seq(), "hash", c.hash(), "jws", c.jws()))
        .orElse(Map.of("seq", 0, "detail", "the head is signed already (or the log is empty)"));
  }

  /** GV-5: the events about one person in {@code [from, to)} (ISO-8601 instants). */
  @GetMapping("/people/{username}")
  List<Map<String, Object>> person(
      @PathVariable String username,
      @RequestParam String from,
      @RequestParam String to,
      @AuthenticationPrincipal Jwt jwt) {
    Instant start;
    Instant end;
    try {
      start = Instant.parse(from);
      end = Instant.parse(to);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "from/to: expected ISO-8601 instants such as 2027-04-01T00:00:00Z; found "
              + from
              + " / "
              + to);
    }
    String subject = "staff/" + username;
    List<Event> events = audit.about(subject, start, end);
    audit.append(
        new AuditChain.Entry(
            "INVESTIGATION",
            jwt.getClaimAsString("preferred_username"),
            subject,
            AuditLog.detail(
                Map.of("from", start.toString(), "to", end.toString(), "events", events.size())),
            "GV-5"));
    return events.stream().map(AuditController::body).toList();
  }

  private static Map<String, Object> body(Event e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("seq", e.seq());
    body.put("at", e.at().toString());
    body.put("kind", e.kind());
    body.put("actor", e.actor());
    body.put("subject", e.subject());
    body.put("detail", e.detail());
    body.put("requirementIds", e.requirementIds());
    body.put("hash", e.hash());
    return body;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail invalid(IllegalArgumentException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("入力が正しくありません / invalid input");
    return problem;
  }
}
