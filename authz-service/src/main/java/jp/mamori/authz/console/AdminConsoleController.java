package jp.mamori.authz.console;

import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.credential.AuthenticatorView;
import jp.mamori.authz.credential.Authenticators;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.revocation.Revocations;
import jp.mamori.authz.shared.Console;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.authz.stepup.Operations;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.hrsync.reconcile.AccountAuthenticators;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' console for one person's account (issue 4): the person (name, section), every
 * ID of theirs in the targets, the privileged IDs they are registered for and their history in the
 * audit log ({@link PersonFile}); the state as one model (the same code and labels as the API),
 * unlock, reinstate, "password may have leaked", temporary-password issue with its record, and
 * authenticators lost and found (MF-3). Auditors and the CISO see the page; only ID administrators
 * ({@code mamori-admin}) change anything, each change with a reason, through the same services as
 * the API.
 */
@Controller
@Console
class AdminConsoleController {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").withZone(ZoneId.of("Asia/Tokyo"));

  private final AccountStates states;
  private final TemporaryPasswords passwords;
  private final Authenticators authenticators;
  private final StepUpGate gate;
  private final StepUpRelyingParty rp;
  private final EnrolmentCodes enrolmentCodes;
  private final boolean stepUpRequired;
  private final PersonFile file;
  private final Revocations revocations;

  AdminConsoleController(
      AccountStates states,
      TemporaryPasswords passwords,
      Authenticators authenticators,
      StepUpGate gate,
      StepUpRelyingParty rp,
      EnrolmentCodes enrolmentCodes,
      PrivilegedAccessRules privileged,
      PersonFile file,
      Revocations revocations) {
    this.file = file;
    this.revocations = revocations;
    this.enrolmentCodes = enrolmentCodes;
    this.states = states;
    this.passwords = passwords;
    this.authenticators = authenticators;
    this.gate = gate;
    this.rp = rp;
    this.stepUpRequired = privileged.stepUpRequired();
  }

  /**
   * The options of a step-up bound to one operation on this account with the values typed in its
   * form (the reason, the hand-over method): what the authenticator signs is what is executed.
   */
  @PostMapping(
      value = "/admin/staff/{username}/step-up/{action}",
      produces = org.springframework.http.MediaType.APPLICATION_JSON_VALUE)
  @org.springframework.web.bind.annotation.ResponseBody
  org.springframework.http.ResponseEntity<String> stepUpOptions(
      @PathVariable String username,
      @PathVariable String action,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String handover,
      @RequestParam(required = false) String certificate,
      @RequestParam(required = false) String id,
      @AuthenticationPrincipal OidcUser admin) {
    String card = null;
    if ("ic-card".equals(action)) {
      try {
        card = AccountAuthenticators.thumbprint(Authenticators.certificate(certificate));
      } catch (Authenticators.Invalid e) {
        return org.springframework.http.ResponseEntity.badRequest()
            .body(
                tools.jackson.databind.json.JsonMapper.shared()
                    .createObjectNode()
                    .put("detail", e.getMessage())
                    .toString());
      }
    }
    if ("revocation".equals(action) && (reason == null || reason.isBlank())) {
      // refused before a step-up is started for it, as in the API
      return org.springframework.http.ResponseEntity.badRequest()
          .body(
              tools.jackson.databind.json.JsonMapper.shared()
                  .createObjectNode()
                  .put("detail", "理由を入力してください / reason: expected why the person is stopped")
                  .toString());
    }
    Operation operation =
        switch (action) {
          case "unlock" -> Operations.unlock(username, reason);
          case "reinstate" -> Operations.reinstate(username, reason);
          case "temporary-password" -> Operations.temporaryPassword(username, handover);
          case "ic-card" -> Operations.icCardRegistration(username, card, reason);
          case "authenticator-lost" -> Operations.authenticatorLost(username, id, reason);
          case "authenticator-found" -> Operations.authenticatorFound(username, id, reason);
          case "enrolment-code" -> Operations.enrolmentCode(username, reason);
          case "revocation" -> Revocations.operation(username, reason);
          default -> null;
        };
    if (operation == null) {
      return org.springframework.http.ResponseEntity.notFound().build();
    }
    return switch (rp.startStepUp(actor(admin), operation)) {
      case StepUpRelyingParty.Start.Options o ->
          org.springframework.http.ResponseEntity.ok(o.json());
      case StepUpRelyingParty.Start.Refused r ->
          org.springframework.http.ResponseEntity.status(409)
              .body("{\"detail\":\"" + r.refusal().ja() + " / " + r.refusal().en() + "\"}");
    };
  }

  private void stepUp(OidcUser admin, Operation operation, String answer) {
    if (stepUpRequired) {
      gate.require(actor(admin), operation, answer);
    }
  }

  @GetMapping("/admin/staff/{username}")
  String staff(@PathVariable String username, Model model, RedirectAttributes flash) {
    AccountStatus status;
    try {
      status = states.status(username);
    } catch (AccountStates.NoSuchAccount e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:" + AccountsController.link(username, Set.of());
    }
    model.addAttribute("username", username);
    model.addAttribute("file", file.of(username));
    model.addAttribute("statusCode", status.code());
    model.addAttribute("statusJa", status.ja());
    model.addAttribute("statusEn", status.en());
    model.addAttribute(
        "authenticators",
        authenticators.list(username).stream().map(AuthenticatorView::of).toList());
    model.addAttribute(
        "issuances",
        passwords.history(username).stream().map(i -> IssuanceRow.of(i, TIME)).toList());
    model.addAttribute("handovers", List.of(TemporaryPasswords.Handover.values()));
    return "admin-staff";
  }

  @PostMapping("/admin/staff/{username}/unlock")
  String unlock(
      @PathVariable String username,
      @RequestParam String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username,
        flash,
        admin,
        Operations.unlock(username, reason),
        stepUp,
        () -> states.unlock(username, actor(admin), reason).code());
  }

  @PostMapping("/admin/staff/{username}/reinstate")
  String reinstate(
      @PathVariable String username,
      @RequestParam String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username,
        flash,
        admin,
        Operations.reinstate(username, reason),
        stepUp,
        () -> states.reinstate(username, actor(admin), reason).code());
  }

  @PostMapping("/admin/staff/{username}/password-leak")
  String passwordLeak(
      @PathVariable String username,
      @RequestParam String reason,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username, flash, () -> states.passwordMayHaveLeaked(username, actor(admin), reason).code());
  }

  /** Marking an authenticator lost needs a step-up bound to it and the reason (MF-3). */
  @PostMapping("/admin/staff/{username}/authenticators/{id}/lost")
  String lost(
      @PathVariable String username,
      @PathVariable String id,
      @RequestParam String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username,
        flash,
        admin,
        Operations.authenticatorLost(username, id, reason),
        stepUp,
        () -> authenticators.reportLost(username, id, actor(admin), reason).id());
  }

  /** Marking a lost authenticator found makes it work again: a step-up as for issuing one. */
  @PostMapping("/admin/staff/{username}/authenticators/{id}/found")
  String found(
      @PathVariable String username,
      @PathVariable String id,
      @RequestParam String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username,
        flash,
        admin,
        Operations.authenticatorFound(username, id, reason),
        stepUp,
        () -> authenticators.reportFound(username, id, actor(admin), reason).id());
  }

  /**
   * A one-time enrolment code for the person's step-up authenticator (MF-3), issued by an
   * administrator other than the person after an identity check, with a step-up of their own; shown
   * once on the next page.
   */
  @PostMapping("/admin/staff/{username}/enrolment-code")
  String enrolmentCode(
      @PathVariable String username,
      @RequestParam String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    String[] code = new String[1];
    String view =
        change(
            username,
            flash,
            admin,
            Operations.enrolmentCode(username, reason),
            stepUp,
            () -> code[0] = enrolmentCodes.issue(username, actor(admin), reason).code());
    if (code[0] != null) {
      flash.addFlashAttribute("enrolmentCode", code[0]);
    }
    return view;
  }

  /**
   * Registers an IC card (its certificate, PEM, pasted or read from the card issuing system) with a
   * step-up bound to the account, the card and the reason (MF-3).
   */
  @PostMapping("/admin/staff/{username}/ic-cards")
  String registerIcCard(
      @PathVariable String username,
      @RequestParam(required = false) String certificate,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username,
        flash,
        () -> {
          String card = AccountAuthenticators.thumbprint(Authenticators.certificate(certificate));
          stepUp(admin, Operations.icCardRegistration(username, card, reason), stepUp);
          return authenticators.registerIcCard(username, certificate, actor(admin), reason).id();
        });
  }

  /**
   * Emergency revocation (緊急停止): the person stopped everywhere at once through the same service as
   * the API, the reason mandatory and a step-up bound to the person and the reason; the next page
   * shows each step done, failed or with nothing to stop.
   */
  @PostMapping("/admin/staff/{username}/revocation")
  String revoke(
      @PathVariable String username,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      RedirectAttributes flash) {
    return change(
        username,
        flash,
        () -> {
          Revocations.requireReason(reason); // before the step-up, as the API
          stepUp(admin, Revocations.operation(username, reason), stepUp);
          Revocations.Outcome outcome = revocations.revoke(actor(admin), username, reason);
          flash.addFlashAttribute("revocation", RevocationSteps.of(outcome));
          flash.addFlashAttribute("revocationComplete", outcome.complete());
          return outcome.username();
        });
  }

  /**
   * Issues a temporary password and shows it once, on a page no cache keeps; the record shows who
   * issued it and how it is handed over (PW-4).
   */
  @PostMapping("/admin/staff/{username}/temporary-password")
  String issue(
      @PathVariable String username,
      @RequestParam TemporaryPasswords.Handover handover,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser admin,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    TemporaryPasswords.Issued issued;
    try {
      stepUp(admin, Operations.temporaryPassword(username, handover.name()), stepUp);
      issued = passwords.issue(username, actor(admin), handover);
      file.changed();
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", ConsoleErrors.text(e));
      return "redirect:" + page(username);
    }
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("username", username);
    model.addAttribute("password", issued.password().reveal());
    model.addAttribute("expiresAt", TIME.format(issued.expiresAt()));
    model.addAttribute("handoverJa", handover.ja());
    model.addAttribute("handoverEn", handover.en());
    return "admin-issued";
  }

  /**
   * A change that needs a step-up bound to {@code operation} first (when the policy asks for one):
   * a step-up refused or missing is shown like any other refusal and nothing is changed. The
   * operations of {@link Operations} never throw (a missing value is bound as empty text), so
   * building one before the change is as building it inside.
   */
  private String change(
      String username,
      RedirectAttributes flash,
      OidcUser admin,
      Operation operation,
      String answer,
      Supplier<String> action) {
    return change(
        username,
        flash,
        () -> {
          stepUp(admin, operation, answer);
          return action.get();
        });
  }

  private String change(String username, RedirectAttributes flash, Supplier<String> action) {
    try {
      action.get();
      file.changed();
      flash.addFlashAttribute("done", true);
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", ConsoleErrors.text(e));
    }
    return "redirect:" + page(username);
  }

  /** The person's page; the username as one path segment (a typed "../x" stays a username). */
  static String page(String username) {
    return "/admin/staff/"
        + org.springframework.web.util.UriUtils.encodePathSegment(
            username, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String actor(OidcUser admin) {
    return admin.getPreferredUsername();
  }
}
