package jp.mamori.authz.stepup;

import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.exception.Base64UrlException;
import jp.mamori.authz.shared.Console;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.RegistrationOutcome;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A person's own step-up authenticators in the console ({@code /me/step-up}): register one
 * (WebAuthn with user verification, in the browser), see them, report one lost (suspended at once,
 * MF-3). The same relying party and stores as the API.
 */
@Controller
@Console
class StepUpConsoleController {

  private final StepUpRelyingParty rp;
  private final JdbcWebAuthnStores stores;
  private final StepUpEnrolment enrolment;

  StepUpConsoleController(
      StepUpRelyingParty rp, JdbcWebAuthnStores stores, StepUpEnrolment enrolment) {
    this.rp = rp;
    this.stores = stores;
    this.enrolment = enrolment;
  }

  @GetMapping("/me/step-up")
  String page(@AuthenticationPrincipal OidcUser user, Model model) {
    model.addAttribute(
        "keys",
        stores.credentials().ofUser(user.getPreferredUsername()).stream()
            .map(StepUpKeyRow::of)
            .toList());
    model.addAttribute("hasActiveKey", enrolment.hasActiveKey(user.getPreferredUsername()));
    return "step-up";
  }

  /**
   * Options of the step-up with a key in use that must come before registering another one ({@link
   * jp.mamori.webauthn.Operation#enrolment}).
   */
  @PostMapping(value = "/me/step-up/enrolment-step-up", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<String> enrolmentStepUp(@AuthenticationPrincipal OidcUser user) {
    return switch (rp.startStepUp(
        user.getPreferredUsername(), Operation.enrolment(user.getPreferredUsername()))) {
      case StepUpRelyingParty.Start.Options o -> ResponseEntity.ok(o.json());
      case StepUpRelyingParty.Start.Refused r ->
          ResponseEntity.status(409).body(problemJson(r.refusal().ja() + " / " + r.refusal().en()));
    };
  }

  /**
   * Options for registering an authenticator: with the one-time {@code enrolmentCode}, or with the
   * answer ({@code stepUp}) to the enrolment step-up of a key in use (see {@link StepUpEnrolment}).
   * A refusal answers 403 with what is needed.
   */
  @PostMapping(
      value = "/me/step-up/registration-options",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<String> registrationOptions(
      @RequestParam(required = false) String enrolmentCode,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser user) {
    String name = user.getFullName();
    try {
      return ResponseEntity.ok(
          enrolment.options(
              user.getPreferredUsername(),
              name == null ? user.getPreferredUsername() : name,
              enrolmentCode,
              stepUp));
    } catch (StepUpGate.Needed e) {
      return ResponseEntity.status(428)
          .body(problemJson("先に登録済みの認証器で本人確認してください / confirm with your authenticator first"));
    } catch (StepUpGate.Failed e) {
      return ResponseEntity.status(403)
          .body(problemJson(e.detail())); // the verifier's refusal, in both languages
    }
  }

  private static String problemJson(String detail) {
    return tools.jackson.databind.json.JsonMapper.shared()
        .createObjectNode()
        .put("detail", detail)
        .toString();
  }

  @PostMapping("/me/step-up")
  String register(
      @RequestParam String label,
      @RequestParam String credential,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    RegistrationOutcome outcome =
        rp.finishRegistration(user.getPreferredUsername(), label, credential);
    switch (outcome) {
      case RegistrationOutcome.Registered r -> redirect.addFlashAttribute("done", true);
      case RegistrationOutcome.Refused r ->
          redirect.addFlashAttribute("error", r.refusal().ja() + " / " + r.refusal().en());
    }
    return "redirect:/me/step-up";
  }

  @PostMapping("/me/step-up/{credentialId}/lost")
  String lost(
      @PathVariable String credentialId,
      @RequestParam String reason,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    ByteArray id;
    try {
      id = ByteArray.fromBase64Url(credentialId);
    } catch (Base64UrlException e) {
      redirect.addFlashAttribute(
          "error", "credentialId: expected base64url, found " + credentialId);
      return "redirect:/me/step-up";
    }
    if (!rp.reportLost(user.getPreferredUsername(), id, reason)) {
      redirect.addFlashAttribute("error", "認証器が見つかりません / no such authenticator");
    }
    return "redirect:/me/step-up";
  }
}
