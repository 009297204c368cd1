package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.stepup.StepUpGate;
import jp.mamori.policy.PrivilegedAccessRules;
import org.springframework.http.CacheControl;
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
 * Privileged IDs over the JSON API (RFC 9457 problems for every refusal): the registry
 * (administrators), requests and their approval, taking a checkout (a directory password shown
 * once, {@code Cache-Control: no-store}), check-in, emergency reports, and the reports an auditor
 * asks for. Approving and taking a checkout need a step-up bound to that request when the policy
 * says so ({@code privileged.stepUpRequired}): see {@link StepUpGate}.
 */
@RestController
@RequestMapping("/api/privileged")
class PrivilegedController {

  private static final Set<String> READERS =
      Set.of("mamori-admin", "mamori-auditor", "mamori-ciso");

  private final PrivilegedAccess access;
  private final StepUpGate stepUp;
  private final PrivilegedAccessRules policy;
  private final Alerts alerts;

  PrivilegedController(
      PrivilegedAccess access, StepUpGate stepUp, PrivilegedAccessRules policy, Alerts alerts) {
    this.access = access;
    this.stepUp = stepUp;
    this.policy = policy;
    this.alerts = alerts;
  }

  // ---------------------------------------------------------------- registry

  @PostMapping("/accounts")
  ResponseEntity<PrivilegedAccountView> register(
      @RequestBody PrivilegedAccountRegistration body, @AuthenticationPrincipal Jwt jwt) {
    requireRole(jwt, "mamori-admin");
    PrivilegedAccount account;
    try {
      account =
          new PrivilegedAccount(
              body.id(),
              kind(body.kind()),
              body.target(),
              body.description(),
              body.owner(),
              names(body.eligible()),
              names(body.approvers()),
              duration(body.maxDuration(), "maxDuration"),
              !Boolean.FALSE.equals(body.exclusive()),
              Boolean.TRUE.equals(body.emergencyAllowed()),
              Instant.EPOCH,
              user(jwt),
              null,
              null);
      account.requireSomeoneEligibleAndAnApprover();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(PrivilegedAccountView.of(access.register(account, user(jwt))));
  }

  @PostMapping("/accounts/{id}/retire")
  PrivilegedAccountView retire(
      @PathVariable String id,
      @RequestBody PrivilegedAccountRetirement body,
      @AuthenticationPrincipal Jwt jwt) {
    requireRole(jwt, "mamori-admin");
    access.retire(id, user(jwt), body.reason());
    return PrivilegedAccountView.of(access.account(id).orElseThrow());
  }

  /**
   * The registry for administrators, auditors and the CISO; anyone else sees only the IDs they may
   * request or approve, without the lists of who else may (who holds administrator rights is itself
   * worth knowing to an attacker).
   */
  @GetMapping("/accounts")
  List<PrivilegedAccountView> accounts(@AuthenticationPrincipal Jwt jwt) {
    if (roles(jwt).stream().anyMatch(READERS::contains)) {
      return access.accounts().stream().map(PrivilegedAccountView::of).toList();
    }
    String me = jwt.getClaimAsString("preferred_username");
    return access.accounts().stream()
        .filter(a -> a.eligible().contains(me) || a.approvers().contains(me))
        .map(a -> PrivilegedAccountView.of(a).withoutWho())
        .toList();
  }

  // ---------------------------------------------------------------- requests

  @PostMapping("/checkouts")
  ResponseEntity<CheckoutView> request(
      @RequestBody CheckoutRequest body, @AuthenticationPrincipal Jwt jwt) {
    String start = body.start();
    Instant from;
    try {
      from = start == null ? null : Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw invalid(
          "start: expected an ISO-8601 instant such as 2027-04-01T09:00:00+09:00 in UTC"
              + " form (2027-04-01T00:00:00Z), found "
              + start);
    }
    Checkout c =
        access.request(
            body.account(),
            user(jwt),
            body.purpose(),
            body.ticket(),
            from,
            duration(body.duration(), "duration"),
            Boolean.TRUE.equals(body.emergency()));
    return ResponseEntity.status(HttpStatus.CREATED).body(view(c));
  }

  @GetMapping("/checkouts")
  List<CheckoutView> checkouts(
      @RequestParam(required = false) String state, @AuthenticationPrincipal Jwt jwt) {
    Checkout.State wanted;
    try {
      wanted = state == null ? null : Checkout.State.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "state: expected one of "
              + Arrays.toString(Checkout.State.values())
              + ", found "
              + state);
    }
    String me = user(jwt);
    boolean reader = roles(jwt).stream().anyMatch(READERS::contains);
    Map<String, PrivilegedAccount> accounts = new LinkedHashMap<>();
    access.accounts().forEach(a -> accounts.put(a.id(), a));
    return access.checkouts(wanted).stream()
        .filter(c ->
            reader
                || c.requester().equals(me)
                || accounts.get(c.accountId()).approvers().contains(me))
        .map(PrivilegedController::view)
        .toList();
  }

  @GetMapping("/checkouts/{id}")
  CheckoutView checkout(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
    Checkout c = visible(id, jwt);
    return view(c).withEvents(access.events(id).stream().map(CheckoutEvent::of).toList());
  }

  @PostMapping("/checkouts/{id}/approve")
  CheckoutView approve(
      @PathVariable long id, @RequestBody CheckoutDecision body, @AuthenticationPrincipal Jwt jwt) {
    if (policy.stepUpRequired()) {
      stepUp.require(user(jwt), access.approvalOperation(id), StepUpGate.answerOf(body.stepUp()));
    }
    return view(access.approve(id, user(jwt), body.reason()));
  }

  @PostMapping("/checkouts/{id}/reject")
  CheckoutView reject(
      @PathVariable long id, @RequestBody CheckoutDecision body, @AuthenticationPrincipal Jwt jwt) {
    return view(access.reject(id, user(jwt), body.reason()));
  }

  @PostMapping("/checkouts/{id}/cancel")
  CheckoutView cancel(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
    return view(access.cancel(id, user(jwt)));
  }

  /**
   * Takes the checkout; for a directory account the answer carries the password, once, and is never
   * cached.
   */
  @PostMapping("/checkouts/{id}/activate")
  ResponseEntity<CheckoutView> activate(
      @PathVariable long id,
      @RequestBody(required = false) CheckoutActivation body,
      @AuthenticationPrincipal Jwt jwt) {
    if (policy.stepUpRequired()) {
      stepUp.require(
          user(jwt),
          access.activationOperation(id),
          StepUpGate.answerOf(body == null ? null : body.stepUp()));
    }
    PrivilegedAccess.Activated activated = access.activate(id, user(jwt));
    CheckoutView view = view(activated.checkout());
    if (activated.password().isPresent()) {
      char[] p = activated.password().get();
      view =
          view.withPassword(
              new String(p),
              "このパスワードは一度だけ表示されます。返却時 (期限: "
                  + activated.checkout().expiresAt().orElseThrow()
                  + ") に変更され使えなくなります。 / Shown once; it is changed at check-in and then stops"
                  + " working.");
      Arrays.fill(p, '\0');
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
  }

  @PostMapping("/checkouts/{id}/check-in")
  CheckoutView checkIn(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
    Checkout c = visible(id, jwt);
    if (!c.requester().equals(user(jwt)) && !roles(jwt).contains("mamori-admin")) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_THE_HOLDER",
          new Bilingual("返却は貸出を受けた本人か管理者が行います", "the holder or an administrator checks in"),
          "PR-5");
    }
    return view(access.checkIn(id, user(jwt)));
  }

  @PostMapping("/checkouts/{id}/report")
  CheckoutView report(
      @PathVariable long id, @RequestBody EmergencyReport body, @AuthenticationPrincipal Jwt jwt) {
    return view(access.report(id, user(jwt), body.report()));
  }

  // ---------------------------------------------------------------- reports

  // Reports for audits (PR-1, PR-5, GV-3), for administrators, auditors and the CISO: one
  // mapping per report so that each answer has its own type; GET /reports/{kind} answers any
  // other kind with the 400 that names the five.

  /**
   * {@code holders}: who holds what until when (active checkouts, then those awaiting rotation).
   */
  @GetMapping("/reports/holders")
  List<CheckoutView> holders(@AuthenticationPrincipal Jwt jwt) {
    requireReader(jwt);
    List<CheckoutView> rows = new ArrayList<>();
    rows.addAll(
        access.checkouts(Checkout.State.ACTIVE).stream().map(PrivilegedController::view).toList());
    rows.addAll(
        access.checkouts(Checkout.State.ROTATION_PENDING).stream()
            .map(PrivilegedController::view)
            .toList());
    return rows;
  }

  /** {@code per-account}: checkouts per account (key) and state (inner key). */
  @GetMapping("/reports/per-account")
  Map<String, Map<String, Integer>> perAccount(@AuthenticationPrincipal Jwt jwt) {
    requireReader(jwt);
    return access.countsPerAccount();
  }

  /** {@code emergency}: every emergency use. */
  @GetMapping("/reports/emergency")
  List<CheckoutView> emergencies(@AuthenticationPrincipal Jwt jwt) {
    requireReader(jwt);
    return access.checkouts(null).stream()
        .filter(Checkout::emergency)
        .map(PrivilegedController::view)
        .toList();
  }

  /**
   * {@code overdue}: emergency uses whose report or approval is overdue. A GET reads; the scheduled
   * job raises the alerts.
   */
  @GetMapping("/reports/overdue")
  List<CheckoutView> overdue(@AuthenticationPrincipal Jwt jwt) {
    requireReader(jwt);
    return access.overdueReports().stream().map(PrivilegedController::view).toList();
  }

  /** {@code alerts}: open privileged alerts (out-of-window use, failed rotations, emergencies). */
  @GetMapping("/reports/alerts")
  List<Alerts.Alert> privilegedAlerts(@AuthenticationPrincipal Jwt jwt) {
    requireReader(jwt);
    return alerts.open().stream().filter(a -> a.kind().startsWith("PRIVILEGED_")).toList();
  }

  /** Any other report: refused for non-readers first (403), as before, then named (400). */
  @GetMapping("/reports/{kind}")
  void unknownReport(@PathVariable String kind, @AuthenticationPrincipal Jwt jwt) {
    requireReader(jwt);
    throw invalid(
        "report: expected one of holders, per-account, emergency, overdue, alerts; found " + kind);
  }

  private static void requireReader(Jwt jwt) {
    if (roles(jwt).stream().noneMatch(READERS::contains)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "READERS_ONLY",
          new Bilingual(
              "報告書は管理者・監査担当・CISO が閲覧できます", "reports are for administrators, auditors and the CISO"),
          "GV-6");
    }
  }

  // ---------------------------------------------------------------- helpers

  private Checkout visible(long id, Jwt jwt) {
    Checkout c =
        access
            .checkout(id)
            .orElseThrow(() ->
                new Refused(
                    Refused.Fault.NOT_FOUND,
                    "NOT_FOUND",
                    new Bilingual("申請 " + id + " はありません", "no checkout " + id),
                    "PR-1"));
    String me = user(jwt);
    boolean allowed =
        c.requester().equals(me)
            || roles(jwt).stream().anyMatch(READERS::contains)
            || access.account(c.accountId()).map(a -> a.approvers().contains(me)).orElse(false);
    if (!allowed) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_YOURS",
          new Bilingual(
              "この申請を見られるのは申請者・承認者・管理者・監査担当です",
              "only the requester, the approvers, administrators and auditors see this checkout"),
          "PR-1");
    }
    return c;
  }

  /**
   * The checkout as the API shows it; {@code reportOverdue} is read against the wall clock, as it
   * always was here.
   */
  private static CheckoutView view(Checkout c) {
    return CheckoutView.of(c, Instant.now());
  }

  private static String user(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> roles(Jwt jwt) {
    Object access = jwt.getClaim("realm_access");
    if (access instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> roles) {
      return (Collection<String>) roles;
    }
    return List.of();
  }

  private static void requireRole(Jwt jwt, String role) {
    if (!roles(jwt).contains(role)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "ADMIN_ONLY",
          new Bilingual(
              "特権ID台帳の変更は ID 管理者 (" + role + ") だけができます",
              "only ID administrators (" + role + ") change the privileged-ID registry"),
          "PR-1");
    }
  }

  private static PrivilegedAccount.Kind kind(String value) {
    try {
      return PrivilegedAccount.Kind.valueOf(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw invalid("kind: expected DIRECTORY or KEYCLOAK_ROLE, found " + value);
    }
  }

  private static Duration duration(String value, String field) {
    try {
      return Duration.parse(String.valueOf(value));
    } catch (DateTimeParseException e) {
      throw invalid(field + ": expected an ISO-8601 duration such as PT2H, found " + value);
    }
  }

  /**
   * Usernames from a JSON list or from one text separated by commas or white space (Jackson reads a
   * lone text as a list of one); each element is split the same way, blanks and nulls dropped.
   */
  private static Set<String> names(List<String> value) {
    Set<String> names = new LinkedHashSet<>();
    if (value != null) {
      for (String v : value) {
        if (v != null) {
          names.addAll(Arrays.asList(v.strip().split("[\\s,]+")));
        }
      }
    }
    names.removeIf(String::isBlank);
    return names;
  }

  private static Refused invalid(String message) {
    return new Refused(
        Refused.Fault.INVALID,
        "INVALID",
        new Bilingual("入力が正しくありません: " + message, message),
        "GV-7");
  }
}
