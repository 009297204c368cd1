package jp.mamori.authz.me;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.RecordedChange;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.shared.Console;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The staff member's own page after SSO login: name, section, the policy's login message, and the
 * previous login (LG-1); and the same facts as JSON for API clients.
 */
@Controller
@Console
@Enforces(
    value = {"LG-1"},
    ja = "本人に前回のログイン日時と場所を示し、本人以外のログインを申告できるようにする",
    en = "Shows the user their last logins and lets them report one that was not theirs")
class MeController {

  static final ZoneId DISPLAY_ZONE = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter DISPLAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").withZone(DISPLAY_ZONE);

  private final LifecycleQueries accounts;
  private final LoginHistory history;
  private final Policy policy;
  private final AccountStates states;

  private final Alerts alerts;

  MeController(
      LifecycleQueries accounts,
      LoginHistory history,
      Policy policy,
      AccountStates states,
      Alerts alerts) {
    this.alerts = alerts;
    this.accounts = accounts;
    this.history = history;
    this.policy = policy;
    this.states = states;
  }

  @GetMapping("/")
  String home() {
    return "redirect:/me";
  }

  @GetMapping("/me")
  String me(@AuthenticationPrincipal OidcUser user, Model model) {
    Optional<LifecycleQueries.Person> account =
        accounts.personByUsername(user.getPreferredUsername());
    LoginHistory.Summary logins = history.forUser(user.getSubject());
    model.addAttribute("username", user.getPreferredUsername());
    model.addAttribute(
        "fullName", account.map(LifecycleQueries.Person::fullName).orElse(user.getFullName()));
    model.addAttribute(
        "sectionName", account.map(LifecycleQueries.Person::sectionName).orElse(null));
    model.addAttribute(
        "sectionCode", account.map(LifecycleQueries.Person::sectionCode).orElse(null));
    model.addAttribute("currentLogin", logins.current().map(MeController::describe).orElse(null));
    model.addAttribute("previousLogin", logins.previous().map(MeController::describe).orElse(null));
    model.addAttribute("failuresSincePrevious", logins.failuresSincePrevious());
    model.addAttribute("loginMessageJa", policy.login().messageJa());
    model.addAttribute("loginMessageEn", policy.login().messageEn());
    model.addAttribute("idleTimeoutMinutes", policy.session().idleTimeout().toMinutes());
    AccountStatus status = states.status(user.getPreferredUsername());
    model.addAttribute("statusCode", status.code());
    model.addAttribute("statusJa", status.ja());
    model.addAttribute("statusEn", status.en());
    // notices about this person's own sign-in means (an authenticator enrolled or suspended):
    // the owner sees what someone with their password may have done
    model.addAttribute(
        "notices",
        alerts.noticesFor(user.getPreferredUsername(), 10).stream()
            .map(n -> Map.of("at", n.at(), "subjectJa", n.subjectJa(), "subjectEn", n.subjectEn()))
            .toList());
    return "me";
  }

  /** The confirmation step before the report: what will happen, and the button that does it. */
  @GetMapping("/me/not-me")
  String confirmNotMe() {
    return "not-me-confirm";
  }

  /**
   * LG-1 「これは私ではありません」: the owner reports that a login shown was not theirs. The account is locked
   * at once (only an administrator lifts it), every session ends, this console session too, and an
   * incident is recorded for the information-system section.
   */
  @PostMapping("/me/not-me")
  String notMe(@AuthenticationPrincipal OidcUser user, HttpServletRequest request, Model model) {
    LoginHistory.Summary logins = history.forUser(user.getSubject());
    String detail =
        "previous login shown: "
            + logins.previous().map(MeController::describe).orElse("none")
            + "; failed attempts since: "
            + logins.failuresSincePrevious();
    try {
      model.addAttribute(
          "incident",
          states.reportNotMe(user.getPreferredUsername(), detail, request.getRemoteAddr()));
    } catch (RecordedChange.Unrecorded e) {
      // locked in Keycloak, but the report is not fully on record (the error log names it): no
      // incident number to show; the person is asked to call the information-system section
      model.addAttribute("unrecorded", true);
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
    return "not-me";
  }

  @GetMapping("/api/me")
  @ResponseBody
  StaffProfile apiMe(@AuthenticationPrincipal Jwt jwt) {
    String username = jwt.getClaimAsString("preferred_username");
    LifecycleQueries.Person account =
        accounts
            .personByUsername(username)
            .orElseThrow(() ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no staff account for this token's user"));
    return StaffProfile.of(account);
  }

  private static String describe(LoginHistory.Login login) {
    String time = DISPLAY_TIME.format(login.time());
    return login.ipAddress() == null ? time : time + " (" + login.ipAddress() + ")";
  }
}
