package jp.mamori.authz.governance;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Supplier;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Console;
import jp.mamori.authz.shared.Refusal.Fault;
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
 * Exceptions to the policy (GV-3) and violations and sanctions (GV-4) in the console: every one
 * with where it stands; administrators request exceptions, report on emergencies and impose
 * sanctions; the CISO decides exceptions and reinstatements. Every decision asks for a reason and a
 * confirmation, and refusals (the requester deciding, a state that does not allow it) are shown
 * with what was expected — the same rules as the API, enforced by {@link PolicyExceptions} and
 * {@link Sanctions}.
 */
@Controller
@Console
class GovernanceConsoleController {

  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final PolicyExceptions exceptions;
  private final Sanctions sanctions;

  GovernanceConsoleController(PolicyExceptions exceptions, Sanctions sanctions) {
    this.exceptions = exceptions;
    this.sanctions = sanctions;
  }

  @GetMapping("/admin/exceptions")
  String exceptions(Model model) {
    model.addAttribute("exceptions", exceptions.all());
    model.addAttribute("rules", PolicyExceptions.EXCEPTABLE.stream().sorted().toList());
    model.addAttribute("scopes", PolicyExceptions.Scope.values());
    return "admin-exceptions";
  }

  @PostMapping("/admin/exceptions")
  String request(
      @RequestParam String rule,
      @RequestParam String scope,
      @RequestParam String target,
      @RequestParam String reason,
      @RequestParam String endsOn,
      @RequestParam(defaultValue = "false") boolean emergency,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return act(
        redirect,
        "/admin/exceptions",
        () -> {
          PolicyExceptions.Scope s;
          LocalDate ends;
          try {
            s = PolicyExceptions.Scope.valueOf(scope);
          } catch (IllegalArgumentException e) {
            throw new PolicyExceptions.Refused(
                Fault.INVALID, "scope: expected TERMINAL, USER or SYSTEM; found " + scope);
          }
          try {
            ends = LocalDate.parse(endsOn);
          } catch (java.time.format.DateTimeParseException e) {
            throw new PolicyExceptions.Refused(
                Fault.INVALID, "endsOn: expected a date such as 2027-04-30; found " + endsOn);
          }
          // the exception ends at the end of that day, Japan time
          PolicyExceptions.PolicyException e =
              exceptions.request(
                  user.getPreferredUsername(),
                  rule,
                  s,
                  target.strip(),
                  reason.strip(),
                  ends.plusDays(1).atStartOfDay(JAPAN).toInstant(),
                  emergency);
          return done(
              new Bilingual("例外措置 #" + e.id() + " を申請しました", "exception #" + e.id() + " requested"));
        });
  }

  @PostMapping("/admin/exceptions/{id}/approve")
  String approve(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String note,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return decide(
        redirect,
        "/admin/exceptions",
        id,
        user,
        note,
        exceptions::approve,
        new Bilingual("例外措置 #" + id + " を承認しました", "exception #" + id + " approved"));
  }

  @PostMapping("/admin/exceptions/{id}/reject")
  String reject(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String note,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return decide(
        redirect,
        "/admin/exceptions",
        id,
        user,
        note,
        exceptions::reject,
        new Bilingual("例外措置 #" + id + " を却下しました", "exception #" + id + " rejected"));
  }

  @PostMapping("/admin/exceptions/{id}/report")
  String report(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String report,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return decide(
        redirect,
        "/admin/exceptions",
        id,
        user,
        report,
        exceptions::report,
        new Bilingual("例外措置 #" + id + " の報告を記録しました", "report on exception #" + id + " recorded"));
  }

  @GetMapping("/admin/sanctions")
  String sanctions(Model model) {
    model.addAttribute("sanctions", sanctions.sanctions());
    model.addAttribute("violations", sanctions.violations());
    model.addAttribute("codes", Sanctions.Code.values());
    model.addAttribute("measures", Sanctions.Measure.values());
    model.addAttribute("rights", Sanctions.Right.values());
    return "admin-sanctions";
  }

  @PostMapping("/admin/sanctions")
  String impose(
      @RequestParam String username,
      @RequestParam String code,
      @RequestParam String description,
      @RequestParam String measure,
      @RequestParam String right,
      @RequestParam(defaultValue = "") String target,
      @RequestParam(defaultValue = "") String note,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return act(
        redirect,
        "/admin/sanctions",
        () -> {
          String actor = user.getPreferredUsername();
          String why = required(note); // both reasons first: nothing is recorded without them
          Sanctions.Violation v =
              sanctions.recordViolation(actor, username.strip(), code, required(description));
          Sanctions.Sanction s =
              sanctions.impose(
                  actor, username.strip(), v.id(), measure, right, target.strip(), code, why);
          return done(
              new Bilingual(
                  "違反 #" + v.id() + " を記録し、処分 #" + s.id() + " を実施しました",
                  "violation #" + v.id() + " recorded, sanction #" + s.id() + " imposed"));
        });
  }

  @PostMapping("/admin/sanctions/{id}/reinstatement")
  String requestReinstatement(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String reason,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return decide(
        redirect,
        "/admin/sanctions",
        id,
        user,
        reason,
        sanctions::requestReinstatement,
        new Bilingual(
            "処分 #" + id + " の解除を申請しました (CISO の承認待ち)",
            "reinstatement of sanction #" + id + " requested (for the CISO)"));
  }

  @PostMapping("/admin/sanctions/{id}/reinstatement/approve")
  String approveReinstatement(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String note,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return decide(
        redirect,
        "/admin/sanctions",
        id,
        user,
        note,
        sanctions::approveReinstatement,
        new Bilingual("処分 #" + id + " を解除しました", "sanction #" + id + " lifted"));
  }

  @PostMapping("/admin/sanctions/{id}/reinstatement/reject")
  String rejectReinstatement(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String note,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    return decide(
        redirect,
        "/admin/sanctions",
        id,
        user,
        note,
        sanctions::rejectReinstatement,
        new Bilingual(
            "処分 #" + id + " の解除申請を却下しました", "reinstatement of sanction #" + id + " rejected"));
  }

  /** Runs one action; its message or its refusal is shown on the page it returns to. */
  private static String act(RedirectAttributes redirect, String page, Supplier<String> action) {
    try {
      redirect.addFlashAttribute("done", action.get());
    } catch (GovernanceRefusal | RecordedChange.Unrecorded e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:" + page;
  }

  /**
   * A decision on item {@code id} by the signed-in person with its reason (or note, or report):
   * refused before anything is changed when the reason is missing; on success {@code what} was
   * done, in the page's language.
   */
  private static String decide(
      RedirectAttributes redirect,
      String page,
      long id,
      OidcUser user,
      String reason,
      Decision decision,
      Bilingual what) {
    return act(
        redirect,
        page,
        () -> {
          decision.decide(id, user.getPreferredUsername(), required(reason));
          return done(what);
        });
  }

  /** One of the services' decisions on an item: {@code (id, actor, reason)}. */
  @FunctionalInterface
  private interface Decision {
    void decide(long id, String actor, String reason);
  }

  private static String required(String text) {
    if (text == null || text.isBlank()) {
      throw new Reasonless();
    }
    return text.strip();
  }

  /** {@code what}: what was done, in both languages; shown in the reader's language. */
  private static String done(Bilingual what) {
    return Bilingual.readerChoseEnglish() ? what.en() + " and recorded." : what.ja() + "。記録しました。";
  }

  /** A decision without its reason: refused before anything is changed. */
  static final class Reasonless extends GovernanceRefusal {
    private static final long serialVersionUID = 1L;

    Reasonless() {
      super(
          Fault.INVALID,
          Bilingual.readerChoseEnglish()
              ? "expected a reason (or note); found none. Nothing was changed."
              : "理由 (所見) を入力してください (未入力)。何も変更していません。",
          new Bilingual("理由が必要です", "reason required"));
    }
  }
}
