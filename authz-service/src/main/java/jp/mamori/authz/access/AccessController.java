package jp.mamori.authz.access;

import java.util.List;
import java.util.Optional;
import jp.mamori.authz.operations.RateLimiter;
import jp.mamori.authz.security.ApiSettings;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The access-decision API (a business system asks with the user's token — issued to that system —
 * before serving a request: always 200 with PERMIT or DENY, reasons and obligations) and the
 * terminal registry (administrators register and retire; administrators, auditors and the CISO
 * read).
 */
@RestController
class AccessController {

  private final AccessDecisions decisions;
  private final Terminals terminals;
  private final RateLimiter limit;

  AccessController(
      AccessDecisions decisions, Terminals terminals, ApiSettings api, java.time.Clock clock) {
    this.decisions = decisions;
    this.terminals = terminals;
    this.limit =
        new RateLimiter("mamori.api.decisions-per-minute", api.decisionsPerMinute(), clock);
  }

  @PostMapping("/api/access-decisions")
  AccessDecisionAnswer decide(
      @RequestBody AccessDecisionRequest body, @AuthenticationPrincipal Jwt jwt) {
    String caller = jwt.getClaimAsString("azp") + "/" + jwt.getSubject();
    limit.acquire(caller, "access decisions for " + caller);
    String system = body.system();
    if (system == null || system.isBlank()) {
      throw new Terminals.Refused(
          Fault.INVALID, "system: expected the Keycloak client ID of the system");
    }
    String network = body.network() == null ? "internal" : body.network();
    if (!network.equals("internal") && !network.equals("external")) {
      throw new Terminals.Refused(
          Fault.INVALID,
          "network: expected internal (default) or external (the request comes from outside the"
              + " municipality's networks), found '"
              + network
              + "'");
    }
    AccessDecision decision =
        decisions.decideForCaller(
            jwt,
            system,
            Optional.ofNullable(body.terminal()),
            Optional.ofNullable(body.terminalAddress()),
            network.equals("external"));
    return AccessDecisionAnswer.of(decision);
  }

  @GetMapping("/api/terminals")
  List<Terminals.Registered> list() {
    return terminals.list();
  }

  @PostMapping("/api/terminals")
  ResponseEntity<Terminals.Registered> register(
      @RequestBody TerminalRegistration body, @AuthenticationPrincipal Jwt jwt) {
    Tier tier;
    try {
      tier = Tier.valueOf(String.valueOf(body.tier()));
    } catch (IllegalArgumentException e) {
      throw new Terminals.Refused(
          Fault.INVALID, "tier: expected one of MYNUMBER, LGWAN, INTERNET, found " + body.tier());
    }
    Terminals.Registered registered =
        terminals.register(
            body.id(),
            tier,
            Optional.ofNullable(body.section()),
            body.networks(),
            jwt.getClaimAsString("preferred_username"));
    return ResponseEntity.status(HttpStatus.CREATED).body(registered);
  }

  @PostMapping("/api/terminals/{id}/retire")
  Terminals.Registered retire(
      @PathVariable String id,
      @RequestBody TerminalRetirement body,
      @AuthenticationPrincipal Jwt jwt) {
    return terminals.retire(id, jwt.getClaimAsString("preferred_username"), body.reason());
  }
}
