package jp.mamori.policy.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.policy.Classification;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import jp.mamori.policy.access.AccessDecision.Deny;
import jp.mamori.policy.access.AccessDecision.Obligation;
import jp.mamori.policy.access.AccessDecision.Permit;
import jp.mamori.policy.access.AccessDecision.Reason;

/**
 * The access decision of the three-tier model (三層分離), pure and without I/O: may this user, on this
 * terminal, use this system now? Defence in depth behind Keycloak's login flow — a system asks
 * before it serves a request, and the answer is a value with reasons and requirement IDs.
 *
 * <p>Rules, all checked so that a denial lists every reason:
 *
 * <ol>
 *   <li>the system must be listed in a tier ({@code tiers.<TIER>.systems}); an unknown system is
 *       denied and nothing else is looked at (deny by default, ZN-1);
 *   <li>the account must be active: not locked, suspended, disabled or dormant (LC-2);
 *   <li>the person must not be absent from the system's tier: an absence the policy lets keep the
 *       account ({@code lifecycle.absences}, e.g. 育児休業 {@code [MYNUMBER]}) still refuses the tiers
 *       it lists until HR says the person is back; no step-up lifts it (LC-2);
 *   <li>the user must be allowed in the tier by section or role (ZN-1);
 *   <li>the request must come from a registered, active terminal of the same tier: no device of
 *       another tier reaches the tier's systems (MF-4, MF-2);
 *   <li>where the tier requires multi-factor authentication: the login used WebAuthn (or another
 *       hardware key, RFC 8176 {@code hwk}) with user verification, no longer ago than {@code
 *       tiers.<TIER>.stepUpMaxAge} (MF-2). A lower tier's login never satisfies it; failing only
 *       here, the denial carries the obligation {@link Obligation#STEP_UP_WEBAUTHN};
 *   <li>a system classified at or above {@code classification.multiFactorFromLevel} (機密性3) needs
 *       the same multi-factor authentication whatever its tier (GV-1), with the same obligation.
 * </ol>
 *
 * <p>Thread-safe and immutable; build once per policy.
 */
@Enforces(
    value = {"ZN-1", "ZN-2", "MF-2", "MF-4", "GV-1", "LC-2"},
    ja = "ネットワーク区分ごとに許可された所属・端末・認証方法・情報資産の分類だけを許可し、外部からの接続は登録された者に限り、休業中の職員には止められた層を使わせない",
    en =
        "Permits only the sections, terminals, authentication and classification each network tier"
            + " allows, access from outside only to those registered for it, and no tier an"
            + " absence stops")
public final class AccessPolicy {

  /** The refusal of access from outside without a registered need (ZN-2). */
  public static final String EXTERNAL_ACCESS = "EXTERNAL_ACCESS_NOT_GRANTED";

  /** The refusal of a tier the person may not use while absent (育児休業 etc., LC-2). */
  public static final String ABSENT_FROM_TIER = "ABSENT_FROM_TIER";

  // Hash tables rather than the immutable collections of the policy records: their open addressing
  // probes further on a miss as they grow, and a decision looks up misses (other sections) too.
  private final HashMap<String, Tier> systems;
  private final Map<Tier, TierRules> tiers;
  private final Map<Tier, java.util.HashSet<String>> sections;
  private final Map<Tier, java.util.HashSet<String>> roles;
  private final Classification classification;

  public AccessPolicy(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    HashMap<String, Tier> index = new HashMap<>();
    Map<Tier, TierRules> rules = new EnumMap<>(Tier.class);
    Map<Tier, java.util.HashSet<String>> sectionIndex = new EnumMap<>(Tier.class);
    Map<Tier, java.util.HashSet<String>> roleIndex = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      TierRules r = policy.tier(tier);
      rules.put(tier, r);
      sectionIndex.put(tier, new java.util.HashSet<>(r.allowedSections()));
      roleIndex.put(tier, new java.util.HashSet<>(r.allowedRoles()));
      for (String system : r.systems()) {
        index.put(system, tier); // one tier per system: the policy guarantees it
      }
    }
    this.systems = index; // never changed after construction: safe to share between threads
    this.tiers = rules;
    this.sections = sectionIndex;
    this.roles = roleIndex;
    this.classification = policy.classification();
  }

  /** The tier of a system, or null if no tier lists it. */
  public Tier tierOf(String system) {
    return systems.get(system);
  }

  /** The refusal code of a sanction (GV-4); no exception lifts it (GV-3 lifts rules). */
  public static final String SANCTIONED = "SANCTIONED";

  /**
   * The whole decision: the policy's rules, then the person's sanctions (a sanction denies whatever
   * the rules say, and no step-up lifts it), then the exceptions in force (a refusal every reason
   * of which an exception covers becomes a permit that names them; a sanction is never covered).
   */
  public AccessDecision decide(AccessRequest request) {
    AccessDecision byRules = byRules(request);
    AccessDecision sanctioned = sanctioned(byRules, request);
    return sanctioned instanceof Deny deny ? excepted(deny, request) : sanctioned;
  }

  private AccessDecision sanctioned(AccessDecision decision, AccessRequest request) {
    Tier tier = systems.get(request.system());
    List<Reason> reasons = new ArrayList<>();
    for (Governance.Sanction s : request.governance().sanctions()) {
      if (s.blocks(request.system(), tier)) {
        reasons.add(
            new Reason(
                SANCTIONED,
                "処分 #" + s.id() + " により利用できません: " + s.ja(),
                "not allowed under sanction #" + s.id() + ": " + s.en(),
                "GV-4"));
      }
    }
    if (reasons.isEmpty()) {
      return decision;
    }
    List<String> requirements = new ArrayList<>(decision.requirementIds());
    requirements.add("GV-4");
    if (decision instanceof Deny deny) {
      List<Reason> all = new ArrayList<>(deny.reasons());
      all.addAll(reasons);
      return new Deny(all, List.of(), requirements); // no step-up lifts a sanction
    }
    return new Deny(reasons, List.of(), requirements);
  }

  private AccessDecision excepted(Deny deny, AccessRequest request) {
    List<Governance.RuleException> inForce = request.governance().exceptions();
    if (deny.reasons().isEmpty() || inForce.isEmpty()) {
      return deny;
    }
    List<String> used = new ArrayList<>();
    for (Reason reason : deny.reasons()) {
      Optional<Governance.RuleException> lifting =
          inForce.stream()
              .filter(e ->
                  e.covers(
                      reason.code(),
                      request.governance().terminalAsked(),
                      request.subject().username(),
                      request.system(),
                      request.now()))
              .findFirst();
      if (lifting.isEmpty()) {
        return deny;
      }
      used.add(
          "例外措置 #"
              + lifting.get().id()
              + " ("
              + reason.code()
              + ", 期限 "
              + lifting.get().endsAt()
              + ") / exception #"
              + lifting.get().id());
    }
    List<String> requirements = new ArrayList<>(deny.requirementIds());
    requirements.add("GV-3");
    return new Permit(used, requirements);
  }

  private AccessDecision byRules(AccessRequest request) {
    Tier tier = systems.get(request.system());
    if (tier == null) {
      return new Deny(
          List.of(
              new Reason(
                  "UNKNOWN_SYSTEM",
                  "システム " + request.system() + " はどのネットワーク層にも登録されていません",
                  "system " + request.system() + " is in no tier of the policy",
                  "ZN-1")),
          List.of(),
          List.of("ZN-1"));
    }
    TierRules rules = tiers.get(tier);
    List<Reason> reasons = new ArrayList<>(2);
    boolean onlyStepUp = true;
    AccessRequest.Subject subject = request.subject();
    if (!subject.active()) {
      reasons.add(
          new Reason(
              "ACCOUNT_NOT_ACTIVE", "アカウントが利用可の状態ではありません", "the account is not active", "LC-2"));
      onlyStepUp = false;
    }
    boolean absent = subject.suspendedTiers().contains(tier);
    if (absent) {
      reasons.add(
          new Reason(
              ABSENT_FROM_TIER,
              "休業・休職中のため " + tier + " 層の業務システムは利用できません (復職後に利用できます)",
              "absent (leave): the "
                  + tier
                  + " tier's systems may not be used until the person is back",
              "LC-2"));
      onlyStepUp = false;
    }
    if (!member(tier, subject)) {
      reasons.add(
          new Reason(
              "NOT_IN_TIER",
              tier + " 層の利用を認められた所属・役割ではありません",
              "not allowed in the " + tier + " tier by section or role",
              "ZN-1"));
      onlyStepUp = false;
    }
    if (request.external()) {
      // ZN-2: from outside, nobody by default; a registered need (an exception of this rule for
      // the person, with reason, approver and end date) lifts it
      reasons.add(
          new Reason(
              EXTERNAL_ACCESS,
              "外部からの接続は、理由・承認者・期限を定めて登録された職員に限られます",
              "access from outside is only for staff registered for it with a reason, an approver"
                  + " and an end date",
              "ZN-2"));
      onlyStepUp = false;
    }
    if (request.terminal().isEmpty()) {
      reasons.add(
          new Reason(
              "UNKNOWN_TERMINAL", "登録されていない端末からの利用です", "the terminal is not registered", "MF-4"));
      onlyStepUp = false;
    } else {
      AccessRequest.Terminal terminal = request.terminal().get();
      if (!terminal.active()) {
        reasons.add(
            new Reason(
                "TERMINAL_RETIRED",
                "端末 " + terminal.id() + " は廃止されています",
                "terminal " + terminal.id() + " is retired",
                "MF-4"));
        onlyStepUp = false;
      }
      if (terminal.tier() != tier) {
        reasons.add(
            new Reason(
                "TERMINAL_OF_ANOTHER_TIER",
                "端末 "
                    + terminal.id()
                    + " は "
                    + terminal.tier()
                    + " 層の端末です ("
                    + tier
                    + " 層の業務には使えません)",
                "terminal "
                    + terminal.id()
                    + " belongs to the "
                    + terminal.tier()
                    + " tier, not "
                    + tier,
                "MF-2"));
        onlyStepUp = false;
      }
    }
    boolean stepUpMissing = false;
    boolean classified =
        !rules.multiFactorRequired() && classification.needsMultiFactor(request.system());
    if (rules.multiFactorRequired() || classified) {
      AccessRequest.Authentication auth = request.authentication();
      boolean strong =
          (auth.methods().contains("webauthn") || auth.methods().contains("hwk"))
              && auth.userVerified();
      Duration age = Duration.between(auth.authTime(), request.now());
      if (!strong && classified) {
        reasons.add(
            new Reason(
                "CLASSIFIED_MULTI_FACTOR_REQUIRED",
                "システム "
                    + request.system()
                    + " は機密性"
                    + classification.levelOf(request.system())
                    + "のため、生体認証等 (WebAuthn、本人確認あり) による多要素認証が必要です",
                "system "
                    + request.system()
                    + " holds confidentiality-"
                    + classification.levelOf(request.system())
                    + " information and needs multi-factor authentication with WebAuthn and user"
                    + " verification",
                "GV-1"));
        stepUpMissing = true;
      } else if (!strong) {
        reasons.add(
            new Reason(
                "MULTI_FACTOR_REQUIRED",
                tier + " 層では生体認証等 (WebAuthn、本人確認あり) による多要素認証が必要です",
                "the "
                    + tier
                    + " tier needs multi-factor authentication with WebAuthn and user"
                    + " verification",
                "MF-2"));
        stepUpMissing = true;
      } else if (age.compareTo(rules.stepUpMaxAge()) > 0) {
        reasons.add(
            new Reason(
                "MULTI_FACTOR_TOO_OLD",
                "多要素認証から " + rules.stepUpMaxAge().toMinutes() + " 分を過ぎています: 再認証してください",
                "the multi-factor authentication is older than "
                    + rules.stepUpMaxAge().toMinutes()
                    + " minutes: authenticate again",
                "MF-2"));
        stepUpMissing = true;
      }
    }
    List<String> requirements =
        new ArrayList<>(
            rules.multiFactorRequired()
                ? List.of("ZN-1", "MF-4", "MF-2", "GV-1")
                : classified
                    ? List.of("ZN-1", "MF-4", "GV-1", "MF-2")
                    : List.of("ZN-1", "MF-4", "GV-1"));
    if (request.external()) {
      requirements.add("ZN-2");
    }
    if (absent) {
      requirements.add("LC-2");
    }
    if (reasons.isEmpty()) {
      return new Permit(
          rules.multiFactorRequired() || classified
              ? List.of("system", "account", "tier", "terminal", "classification", "multi-factor")
              : List.of("system", "account", "tier", "terminal", "classification"),
          requirements);
    }
    return new Deny(
        reasons,
        stepUpMissing && onlyStepUp ? List.of(Obligation.STEP_UP_WEBAUTHN) : List.of(),
        requirements);
  }

  private boolean member(Tier tier, AccessRequest.Subject subject) {
    java.util.HashSet<String> allowed = sections.get(tier);
    boolean every = allowed.contains(TierRules.EVERY_SECTION);
    for (String section : subject.sections()) {
      if (section != null && (every || allowed.contains(section))) {
        return true;
      }
    }
    java.util.HashSet<String> allowedRoles = roles.get(tier);
    for (String role : subject.roles()) {
      if (role != null && allowedRoles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
