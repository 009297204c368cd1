package jp.mamori.authz.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Event;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.policy.Enforces;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
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
  List<AuditReviews.Finding> analysis(@RequestParam String from, @RequestParam String to) {
    // the record's members are the answer's, in its order (as /reviews answers Review itself)
    return reviews.analyse(instant("from", from), instant("to", to));
  }

  /** AU-4: the reviews signed so far, newest first. */
  @GetMapping("/reviews")
  List<AuditReviews.Review> reviews() {
    return reviews.reviews();
  }

  /** AU-4: an auditor or the CISO signs off the review of a period with their findings. */
  @PostMapping("/reviews")
  ResponseEntity<AuditReviews.Review> signOff(
      @RequestBody ReviewSignOff body, @AuthenticationPrincipal Jwt jwt) {
    AuditReviews.Review review =
        reviews.signOff(
            jwt.getClaimAsString("preferred_username"),
            instant("from", body.from()),
            instant("to", body.to()),
            body.findings());
    return ResponseEntity.status(HttpStatus.CREATED).body(review);
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new AuditReviews.Refused(
          field + ": expected an ISO-8601 instant such as 2027-04-01T00:00:00Z; found " + value);
    }
  }

  @GetMapping("/verification")
  VerificationView verification() {
    return VerificationView.of(audit.verify());
  }

  @GetMapping(value = "/public-key", produces = "application/jwk+json")
  String publicKey() {
    return audit.signer().publicJwk();
  }

  @PostMapping("/checkpoints")
  CheckpointSigned checkpoint() {
    return audit.checkpoint().map(CheckpointSigned::of).orElseGet(CheckpointSigned::nothingToSign);
  }

  /** GV-5: the events about one person in {@code [from, to)} (ISO-8601 instants). */
  @GetMapping("/people/{username}")
  List<AuditEventView> person(
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
      throw new Invalid(
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
    return events.stream().map(AuditEventView::of).toList();
  }

  /** A request whose values are outside the rules (400). */
  static final class Invalid extends Refusal {
    private static final long serialVersionUID = 1L;

    Invalid(String detail) {
      super(Fault.INVALID, "AUDIT_INVALID", new Bilingual("入力が正しくありません", "invalid input"), detail);
    }
  }
}
