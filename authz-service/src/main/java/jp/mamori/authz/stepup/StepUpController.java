package jp.mamori.authz.stepup;

import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.exception.Base64UrlException;
import java.util.List;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.Refusal;
import jp.mamori.webauthn.RegistrationOutcome;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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
 * A person's own step-up authenticators (Mamori's relying party) over the JSON API: registration
 * options, registration, list, "I lost it" (suspended at once, MF-3), and the options of a step-up
 * for one named operation. The operation's own endpoint verifies the answer with the operation it
 * is about to execute ({@link StepUpRelyingParty#finishStepUp}).
 */
@RestController
@RequestMapping("/api/me/step-up")
class StepUpController {

  private final StepUpRelyingParty rp;
  private final JdbcWebAuthnStores stores;
  private final StepUpEnrolment enrolment;

  StepUpController(StepUpRelyingParty rp, JdbcWebAuthnStores stores, StepUpEnrolment enrolment) {
    this.rp = rp;
    this.stores = stores;
    this.enrolment = enrolment;
  }

  /**
   * Options for registering an authenticator (MF-3). Body (optional): {@code enrolmentCode} — the
   * one-time code issued by the desk or another administrator (the only way to a first key, or to a
   * replacement after a loss) — or {@code stepUp}, the answer to the enrolment step-up with a key
   * already in use: without either, a person who has a key gets {@code 428} with the step-up's
   * options, a person who has none {@code 403 ENROLMENT_NOT_AUTHORISED}.
   */
  @PostMapping(value = "/registration-options", produces = MediaType.APPLICATION_JSON_VALUE)
  String registrationOptions(
      @RequestBody(required = false) RegistrationOptionsRequest body,
      @AuthenticationPrincipal Jwt jwt) {
    String name = jwt.getClaimAsString("name");
    return enrolment.options(
        username(jwt),
        name == null ? username(jwt) : name,
        body == null ? null : body.enrolmentCode(),
        StepUpGate.answerOf(body == null ? null : body.stepUp()));
  }

  /** Body: the {@code create()} response as JSON; {@code label}: what the person calls it. */
  @PostMapping(value = "/authenticators", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> register(
      @RequestBody String credential,
      @RequestParam(required = false) String label,
      @AuthenticationPrincipal Jwt jwt) {
    RegistrationOutcome outcome = rp.finishRegistration(username(jwt), label, credential);
    return switch (outcome) {
      case RegistrationOutcome.Registered r -> {
        StepUpAuthenticatorView created =
            StepUpAuthenticatorView.of(r.credential())
                .withRetired(r.retired().stream().map(ByteArray::getBase64Url).toList());
        yield ResponseEntity.status(HttpStatus.CREATED).body(created);
      }
      case RegistrationOutcome.Refused r ->
          ResponseEntity.badRequest().body(problem(r.refusal(), r.detail()));
    };
  }

  @GetMapping("/authenticators")
  List<StepUpAuthenticatorView> list(@AuthenticationPrincipal Jwt jwt) {
    return stores.credentials().ofUser(username(jwt)).stream()
        .map(StepUpAuthenticatorView::of)
        .toList();
  }

  @PostMapping("/authenticators/{credentialId}/lost")
  ResponseEntity<Object> lost(
      @PathVariable String credentialId,
      @RequestBody(required = false) LostAuthenticatorReport body,
      @AuthenticationPrincipal Jwt jwt) {
    String reason = body == null ? null : body.reason();
    if (!rp.reportLost(username(jwt), id(credentialId), reason == null ? "本人による紛失届" : reason)) {
      ProblemDetail p =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.NOT_FOUND,
              "expected an authenticator of yours in use, found none with ID " + credentialId);
      p.setTitle("認証器が見つかりません / no such authenticator");
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(p);
    }
    return ResponseEntity.ok(
        StepUpAuthenticatorView.of(stores.credentials().find(id(credentialId)).orElseThrow()));
  }

  /** Body: {@code {"kind": "...", "subject": "...", "details": {...}}}. */
  @PostMapping(value = "/options", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> stepUpOptions(
      @RequestBody StepUpOptionsRequest body, @AuthenticationPrincipal Jwt jwt) {
    Operation operation = body.operation();
    return switch (rp.startStepUp(username(jwt), operation)) {
      case StepUpRelyingParty.Start.Options o ->
          ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(o.json());
      case StepUpRelyingParty.Start.Refused r ->
          ResponseEntity.status(HttpStatus.CONFLICT).body(problem(r.refusal(), null));
    };
  }

  public static ProblemDetail problem(Refusal refusal, String detail) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            refusal.ja() + " / " + refusal.en() + (detail == null ? "" : " (" + detail + ")"));
    p.setTitle("本人確認に失敗しました / step-up refused");
    p.setProperty("refusal", refusal.name());
    p.setProperty("requirementId", refusal.requirementId());
    return p;
  }

  private static ByteArray id(String base64url) {
    try {
      return ByteArray.fromBase64Url(base64url);
    } catch (Base64UrlException e) {
      throw new IllegalArgumentException(
          "credentialId: expected base64url, found '" + base64url + "'", e);
    }
  }

  private static String username(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
