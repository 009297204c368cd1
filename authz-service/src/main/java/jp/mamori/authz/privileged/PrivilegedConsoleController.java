package jp.mamori.authz.privileged;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Console;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.policy.PrivilegedAccessRules;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.GrantedAuthority;
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
 * Privileged IDs in the console ({@code /privileged}, issue 6): one's own requests (take with a
 * step-up, check in, report an emergency use), the requests waiting for one's approval (approve
 * with a step-up bound to that request, or reject with a reason), a request form for the IDs one is
 * eligible for, and for administrators, auditors and the CISO who holds what until when. The same
 * service and rules as the API; the password is shown once on a page that is never cached.
 */
@Controller
@Console
class PrivilegedConsoleController {

  private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
  private static final List<String> READERS =
      List.of("ROLE_mamori-admin", "ROLE_mamori-auditor", "ROLE_mamori-ciso");

  private final PrivilegedAccess access;
  private final StepUpGate gate;
  private final StepUpRelyingParty rp;
  private final PrivilegedAccessRules policy;
  private final Alerts alerts;
  private final Clock clock;

  PrivilegedConsoleController(
      PrivilegedAccess access,
      StepUpGate gate,
      StepUpRelyingParty rp,
      PrivilegedAccessRules policy,
      Alerts alerts,
      Clock clock) {
    this.access = access;
    this.gate = gate;
    this.rp = rp;
    this.policy = policy;
    this.alerts = alerts;
    this.clock = clock;
  }

  @GetMapping("/privileged")
  String page(@AuthenticationPrincipal OidcUser user, Model model) {
    String me = user.getPreferredUsername();
    List<PrivilegedAccount> accounts = access.accounts();
    List<Checkout> all = access.checkouts(null);
    model.addAttribute(
        "mine", all.stream().filter(c -> c.requester().equals(me)).map(this::view).toList());
    model.addAttribute(
        "toApprove",
        all.stream()
            .filter(c -> !c.requester().equals(me))
            .filter(c ->
                c.state() == Checkout.State.REQUESTED
                    || (c.emergency() && c.afterApprover().isEmpty()))
            .filter(c ->
                accounts.stream()
                    .anyMatch(a -> a.id().equals(c.accountId()) && a.approvers().contains(me)))
            .map(this::view)
            .toList());
    model.addAttribute(
        "requestable",
        accounts.stream().filter(a -> a.active() && a.eligible().contains(me)).toList());
    model.addAttribute("maxMinutes", policy.maxCheckout().toMinutes());
    if (reader(user)) {
      model.addAttribute(
          "holders",
          all.stream()
              .filter(c ->
                  c.state() == Checkout.State.ACTIVE
                      || c.state() == Checkout.State.ROTATION_PENDING)
              .map(this::view)
              .toList());
      model.addAttribute("perAccount", access.countsPerAccount());
      model.addAttribute(
          "emergencies", all.stream().filter(Checkout::emergency).map(this::view).toList());
      model.addAttribute(
          "alerts",
          alerts.open().stream().filter(a -> a.kind().startsWith("PRIVILEGED_")).toList());
    }
    return "privileged";
  }

  @PostMapping("/privileged/requests")
  String request(
      @RequestParam String account,
      @RequestParam String purpose,
      @RequestParam String ticket,
      @RequestParam long minutes,
      @RequestParam(required = false) String start,
      @RequestParam(defaultValue = "false") boolean emergency,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return act(
        redirect,
        () -> {
          java.time.Instant from = null;
          if (start != null && !start.isBlank()) {
            try {
              from = LocalDateTime.parse(start).atZone(ZONE).toInstant();
            } catch (DateTimeParseException e) {
              throw new Refused(
                  Refused.Fault.INVALID,
                  "INVALID",
                  new Bilingual(
                      "開始日時の形式が正しくありません: " + start,
                      "start: expected a date and time, found " + start),
                  "GV-7");
            }
          }
          access.request(
              account,
              user.getPreferredUsername(),
              purpose,
              ticket,
              from,
              Duration.ofMinutes(minutes),
              emergency);
        });
  }

  /** The options of a step-up bound to approving or taking this checkout. */
  @PostMapping(
      value = "/privileged/checkouts/{id}/step-up/{action}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<String> stepUpOptions(
      @PathVariable long id, @PathVariable String action, @AuthenticationPrincipal OidcUser user) {
    Operation operation;
    try {
      operation =
          switch (action) {
            case "approve" -> access.approvalOperation(id);
            case "activate" -> access.activationOperation(id);
            default -> throw new IllegalArgumentException(action);
          };
    } catch (Refused | IllegalArgumentException e) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body("{\"title\":\"no such checkout or action\"}");
    }
    return switch (rp.startStepUp(user.getPreferredUsername(), operation)) {
      case StepUpRelyingParty.Start.Options o -> ResponseEntity.ok(o.json());
      case StepUpRelyingParty.Start.Refused r ->
          ResponseEntity.status(HttpStatus.CONFLICT)
              .body(
                  "{\"detail\":\""
                      + r.refusal().ja()
                      + " / "
                      + r.refusal().en()
                      + " (/me/step-up)\"}");
    };
  }

  @PostMapping("/privileged/checkouts/{id}/approve")
  String approve(
      @PathVariable long id,
      @RequestParam String reason,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return act(
        redirect,
        () -> {
          if (policy.stepUpRequired()) {
            gate.require(user.getPreferredUsername(), access.approvalOperation(id), stepUp);
          }
          access.approve(id, user.getPreferredUsername(), reason);
        });
  }

  @PostMapping("/privileged/checkouts/{id}/reject")
  String reject(
      @PathVariable long id,
      @RequestParam String reason,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return act(redirect, () -> access.reject(id, user.getPreferredUsername(), reason));
  }

  @PostMapping("/privileged/checkouts/{id}/activate")
  String activate(
      @PathVariable long id,
      @RequestParam(required = false) String stepUp,
      @AuthenticationPrincipal OidcUser user,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    PrivilegedAccess.Activated activated;
    try {
      if (policy.stepUpRequired()) {
        gate.require(user.getPreferredUsername(), access.activationOperation(id), stepUp);
      }
      activated = access.activate(id, user.getPreferredUsername());
    } catch (Refused | StepUpGate.Needed | StepUpGate.Failed e) {
      redirect.addFlashAttribute("error", e.getMessage());
      return "redirect:/privileged";
    }
    response.setHeader("Cache-Control", "no-store");
    PrivilegedAccount account = access.account(activated.checkout().accountId()).orElseThrow();
    model.addAttribute("target", account.target());
    model.addAttribute(
        "expiresAt", activated.checkout().expiresAt().map(CheckoutRow.TIME::format).orElse("-"));
    model.addAttribute(
        "password",
        activated
            .password()
            .map(p -> {
              String shown = new String(p);
              Arrays.fill(p, '\0');
              return shown;
            })
            .orElse(null));
    return "privileged-revealed";
  }

  @PostMapping("/privileged/checkouts/{id}/check-in")
  String checkIn(
      @PathVariable long id, @AuthenticationPrincipal OidcUser user, RedirectAttributes redirect) {
    return act(
        redirect,
        () -> {
          Checkout c = access.checkout(id).orElseThrow();
          if (!c.requester().equals(user.getPreferredUsername())) {
            throw new Refused(
                Refused.Fault.FORBIDDEN,
                "NOT_THE_HOLDER",
                new Bilingual("返却は貸出を受けた本人が行います", "the holder checks in"),
                "PR-5");
          }
          access.checkIn(id, user.getPreferredUsername());
        });
  }

  @PostMapping("/privileged/checkouts/{id}/report")
  String report(
      @PathVariable long id,
      @RequestParam String report,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return act(redirect, () -> access.report(id, user.getPreferredUsername(), report));
  }

  private static String act(RedirectAttributes redirect, Runnable action) {
    try {
      action.run();
      redirect.addFlashAttribute("done", true);
    } catch (Refused | StepUpGate.Needed | StepUpGate.Failed e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/privileged";
  }

  private CheckoutRow view(Checkout c) {
    return CheckoutRow.of(c, clock.instant());
  }

  private static boolean reader(OidcUser user) {
    return user.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .anyMatch(READERS::contains);
  }
}
