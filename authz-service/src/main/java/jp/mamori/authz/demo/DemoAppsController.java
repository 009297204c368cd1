package jp.mamori.authz.demo;

import jakarta.servlet.http.HttpSession;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import jp.mamori.authz.shared.Bilingual;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sample systems' pages (profile {@code demo} only). Each keeps its own login in the browser's
 * session; its page opens only after a verified login whose level is the one it demands (the My
 * Number-tier system: {@code acr=mfa}, password and a user-verified authenticator). Keycloak's tier
 * flow refuses staff outside the tier before they get here; what comes back refused (an error from
 * Keycloak, a login of a lower level) gets a refusal page in Japanese and English.
 */
@Controller
@Profile("demo")
class DemoAppsController {

  private static final Logger log = LoggerFactory.getLogger(DemoAppsController.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Tokyo"));

  static final Bilingual LEVEL_TOO_LOW =
      new Bilingual(
          "この業務システムには、パスワードと生体認証または PIN による本人確認 (多要素認証) でのログインが必要です。",
          "This system needs a login with the password and an authenticator that verifies you"
              + " (fingerprint, face or PIN).");

  static final Bilingual KEYCLOAK_REFUSED =
      new Bilingual("ログインが拒否されました。", "The login was refused.");

  static final Bilingual LOGIN_FAILED =
      new Bilingual(
          "ログインを確認できませんでした。もう一度お試しください。", "The login could not be verified. Please try again.");

  private final DemoSite site;

  DemoAppsController(DemoSite site) {
    this.site = site;
  }

  @GetMapping({"/demo", "/demo/"})
  String index(Model model) {
    model.addAttribute("apps", site.apps());
    return "demo-index";
  }

  @GetMapping("/demo/{path}")
  String app(@PathVariable String path, HttpSession session, Model model) {
    DemoApp app = app(path);
    DemoLogin.SignedIn user = (DemoLogin.SignedIn) session.getAttribute(signedIn(app));
    if (user == null) {
      return "redirect:/demo/" + app.path() + "/login";
    }
    model.addAttribute("app", app);
    if (app.requiredAcr() != null && !app.requiredAcr().equals(user.acr())) {
      session.removeAttribute(signedIn(app));
      return refused(model, app, LEVEL_TOO_LOW, "acr=" + user.acr());
    }
    model.addAttribute("user", user);
    model.addAttribute(
        "authTime", user.authTime() == null ? "-" : TIME.format(user.authTime()) + " JST");
    return "demo-app";
  }

  @GetMapping("/demo/{path}/login")
  String login(@PathVariable String path, HttpSession session) {
    DemoApp app = app(path);
    DemoLogin.Pending pending = DemoLogin.start();
    session.setAttribute(pending(app), pending);
    return "redirect:" + site.login().authorizationUrl(app, site.callback(app), pending);
  }

  @GetMapping("/demo/{path}/callback")
  String callback(
      @PathVariable String path,
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      @RequestParam(name = "error_description", required = false) String description,
      HttpSession session,
      Model model) {
    DemoApp app = app(path);
    DemoLogin.Pending pending = (DemoLogin.Pending) session.getAttribute(pending(app));
    session.removeAttribute(pending(app));
    if (pending == null || state == null || !pending.state().equals(state)) {
      return refused(model, app, LOGIN_FAILED, "state: expected this browser's login, found none");
    }
    if (error != null) {
      return refused(
          model, app, KEYCLOAK_REFUSED, error + (description == null ? "" : ": " + description));
    }
    if (code == null) {
      return refused(model, app, LOGIN_FAILED, "code: expected one, found none");
    }
    try {
      DemoLogin.SignedIn user = site.login().finish(app, site.callback(app), pending, code);
      session.setAttribute(signedIn(app), user);
      return "redirect:/demo/" + app.path();
    } catch (DemoLogin.LoginFailed e) {
      log.warn("Demo system {}: login not verified: {}", app.clientId(), e.getMessage());
      return refused(model, app, LOGIN_FAILED, e.getMessage());
    }
  }

  @GetMapping("/demo/{path}/logout")
  String logout(@PathVariable String path, HttpSession session) {
    DemoApp app = app(path);
    DemoLogin.SignedIn user = (DemoLogin.SignedIn) session.getAttribute(signedIn(app));
    session.removeAttribute(signedIn(app));
    if (user == null) {
      return "redirect:/demo";
    }
    return "redirect:"
        + site.login().logoutUrl(app, user.idToken(), site.home(app) + "/signed-out");
  }

  @GetMapping("/demo/{path}/signed-out")
  String signedOut(@PathVariable String path, Model model) {
    model.addAttribute("app", app(path));
    return "demo-signed-out";
  }

  private String refused(Model model, DemoApp app, Bilingual why, String detail) {
    model.addAttribute("app", app);
    model.addAttribute("why", why);
    model.addAttribute("detail", detail);
    return "demo-refused";
  }

  private DemoApp app(String path) {
    return site.app(path)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such sample"));
  }

  private static String pending(DemoApp app) {
    return "mamori.demo." + app.path() + ".pending";
  }

  private static String signedIn(DemoApp app) {
    return "mamori.demo." + app.path() + ".user";
  }
}
