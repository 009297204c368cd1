package jp.mamori.authz.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jp.mamori.authz.governance.PolicyExceptions;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.hrsync.keycloak.KeycloakTierFlows;
import jp.mamori.policy.Tier;
import jp.mamori.policy.access.AccessDecision;
import jp.mamori.policy.access.AccessPolicy;
import jp.mamori.policy.access.AccessRequest;
import jp.mamori.policy.access.Governance;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The access decision for a verified token (issue 5, defence in depth): the subject, its sections
 * (claim {@code groups}, {@code section-<code>}) and roles come from the token; how it
 * authenticated from {@code amr} (RFC 8176), {@code acr} (level {@code mfa} of Mamori's tier flow)
 * and {@code auth_time}; the terminal from the registry, recognised only if the address it connects
 * from is inside its registered ranges (MF-4); whether the account is still active, and the tiers
 * it may not use while its owner is absent (育児休業 etc., LC-2), from Mamori's account states in one
 * read, cached together for {@link #STATUS_TTL}, and the terminal cached for {@link
 * Terminals#CACHE_TTL}, so that a decision costs no call to Keycloak or the database in the common
 * case.
 */
public class AccessDecisions {

  /**
   * How long an account's "active" and its tiers refused for an absence are trusted without asking
   * Keycloak again: a suspension or a tier restriction also ends the person's sessions, so a
   * decision is at most this late only for a token still unexpired.
   */
  static final Duration STATUS_TTL = Duration.ofSeconds(30);

  /** RFC 8176 values that mean the user was verified on the authenticator (PIN or biometric). */
  private static final Set<String> USER_VERIFICATION = Set.of("pin", "fpt", "face", "iris", "vbm");

  private final AccessPolicy policy;
  private final Terminals terminals;
  private final Function<String, Standing> standings;
  private final Clock clock;
  private final Map<String, Cached> statuses = new ConcurrentHashMap<>();

  /**
   * What the decision needs of the account, looked up once per user and cache period.
   *
   * @param active whether the account may log in (not locked, suspended, disabled or dormant)
   * @param suspendedTiers the tiers refused while the owner is absent ({@code ABSENT_FROM_TIER})
   */
  public record Standing(boolean active, Set<Tier> suspendedTiers) {
    public Standing {
      suspendedTiers = Set.copyOf(suspendedTiers);
    }

    /** An active account, absent from no tier. */
    public static final Standing ACTIVE = new Standing(true, Set.of());

    /** No such account, or one that cannot be used: denied whatever the tier. */
    public static final Standing INACTIVE = new Standing(false, Set.of());
  }

  private record Cached(Standing standing, Instant at) {}

  /** Refusal code when the account's state cannot be read (fail closed). */
  public static final String STATE_UNAVAILABLE = "ACCOUNT_STATE_UNAVAILABLE";

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(AccessDecisions.class);

  private final java.util.function.Supplier<List<PolicyExceptions.PolicyException>> exceptions;

  private final java.util.function.Function<String, List<Sanctions.Sanction>> sanctions;

  /**
   * @param standings the account's standing by username, read once (one Keycloak call) and cached
   *     for {@link #STATUS_TTL}; {@link Standing#INACTIVE} for no such account
   * @param exceptions the exceptions to the policy in force (GV-3), consulted only when the policy
   *     denies
   * @param sanctions a person's sanctions not lifted (GV-4): one that takes away the account, the
   *     system's tier or the system denies, and no exception lifts it
   */
  public AccessDecisions(
      AccessPolicy policy,
      Terminals terminals,
      Function<String, Standing> standings,
      java.util.function.Supplier<List<PolicyExceptions.PolicyException>> exceptions,
      java.util.function.Function<String, List<Sanctions.Sanction>> sanctions,
      Clock clock) {
    this.sanctions = sanctions;
    this.policy = policy;
    this.terminals = terminals;
    this.standings = standings;
    this.exceptions = exceptions;
    this.clock = clock;
  }

  /**
   * @param jwt the user's verified access token
   * @param system the business system (Keycloak client ID)
   * @param terminalId the terminal's registered ID, if the system knows it
   * @param terminalAddress the address the terminal connects from, as the system sees it
   */
  public AccessDecision decide(
      Jwt jwt, String system, Optional<String> terminalId, Optional<String> terminalAddress) {
    return decide(jwt, system, terminalId, terminalAddress, false);
  }

  /**
   * The decision a business system asks for over the API: only about itself. The user's token was
   * issued to the system that asks ({@code azp}); a token issued to one system and presented for
   * another — one system's token replayed to open a second one — is refused before anything else.
   */
  public AccessDecision decideForCaller(
      Jwt jwt,
      String system,
      Optional<String> terminalId,
      Optional<String> terminalAddress,
      boolean external) {
    String caller = jwt.getClaimAsString("azp");
    if (!system.equals(caller)) {
      return new AccessDecision.Deny(
          List.of(
              new AccessDecision.Reason(
                  "TOKEN_FOR_ANOTHER_SYSTEM",
                  "このトークンはシステム " + caller + " 向けに発行されたもので、" + system + " の判定には使えません",
                  "the token was issued to system " + caller + " and cannot ask about " + system,
                  "ZN-1")),
          List.of(),
          List.of("ZN-1"));
    }
    return decide(jwt, system, terminalId, terminalAddress, external);
  }

  /**
   * @param external the request comes from outside the municipality's networks (ZN-2), as the
   *     remote-access gateway that asks says
   */
  public AccessDecision decide(
      Jwt jwt,
      String system,
      Optional<String> terminalId,
      Optional<String> terminalAddress,
      boolean external) {
    Instant now = clock.instant();
    String username = jwt.getClaimAsString("preferred_username");
    Set<String> sections = new HashSet<>();
    List<String> groups = jwt.getClaimAsStringList("groups");
    if (groups != null) {
      for (String g : groups) {
        String name = g.startsWith("/") ? g.substring(1) : g;
        if (name.startsWith("section-")) {
          sections.add(name.substring("section-".length()));
        }
      }
    }
    Set<String> roles = new HashSet<>();
    Object access = jwt.getClaim("realm_access");
    if (access instanceof Map<?, ?> map && map.get("roles") instanceof java.util.Collection<?> c) {
      c.forEach(r -> roles.add(String.valueOf(r)));
    }
    List<String> amr = jwt.getClaimAsStringList("amr");
    Set<String> methods = amr == null ? Set.of() : Set.copyOf(amr);
    // acr "mfa" is reached only through the tier's flow, whose WebAuthn step the realm's policy
    // makes user-verifying (KeycloakTierFlows, drift-checked)
    boolean verified =
        methods.stream().anyMatch(USER_VERIFICATION::contains)
            || KeycloakTierFlows.ACR_MFA.equals(jwt.getClaimAsString("acr"));
    Instant authTime =
        jwt.getClaim("auth_time") instanceof Number n
            ? Instant.ofEpochSecond(n.longValue())
            : Instant.EPOCH; // unknown: as old as can be, so a step-up is asked
    Optional<AccessRequest.Terminal> terminal =
        terminalId
            .flatMap(terminals::lookUp)
            .filter(t -> terminalAddress.map(t::connectsFrom).orElse(false))
            .map(t -> new AccessRequest.Terminal(t.id(), t.tier(), t.active()));
    Standing standing;
    try {
      standing = standing(username, now);
    } catch (RuntimeException unreadable) {
      // Keycloak (or its database) cannot say whether the account may be used: refuse, and say
      // why — an error answer could be taken for a yes by a careless caller (fail closed)
      log.warn(
          "Access decision for {} on {}: the account's state cannot be read ({}); refused",
          username,
          system,
          unreadable.toString());
      return new AccessDecision.Deny(
          List.of(
              new AccessDecision.Reason(
                  STATE_UNAVAILABLE,
                  "アカウントの状態を確認できないため利用できません (Keycloak に接続できません)",
                  "the account's state cannot be read (Keycloak unreachable): refused",
                  "LC-2")),
          List.of(),
          List.of("LC-2"));
    }
    return policy.decide(
        new AccessRequest(
            new AccessRequest.Subject(
                username, sections, roles, standing.active(), standing.suspendedTiers()),
            new AccessRequest.Authentication(methods, verified, authTime),
            terminal,
            system,
            now,
            external,
            governance(username, terminalId)));
  }

  /**
   * The person's sanctions not lifted (GV-4) and the exceptions in force (GV-3), as inputs of the
   * policy's decision ({@link AccessPolicy#decide}).
   */
  private Governance governance(String username, Optional<String> terminalId) {
    List<Governance.Sanction> against =
        sanctions.apply(username).stream()
            .filter(s -> s.status() != Sanctions.Status.LIFTED)
            .map(s ->
                new Governance.Sanction(
                    s.id(),
                    Governance.Sanction.Right.valueOf(s.right().name()),
                    s.rightValue(),
                    s.describeJa(),
                    s.describeEn()))
            .toList();
    List<Governance.RuleException> inForce =
        exceptions.get().stream()
            .filter(e -> e.status() == PolicyExceptions.Status.IN_FORCE)
            .map(e ->
                new Governance.RuleException(
                    e.id(),
                    e.rule(),
                    Governance.RuleException.Scope.valueOf(e.scope().name()),
                    e.scopeValue(),
                    e.endsAt()))
            .toList();
    return new Governance(against, inForce, terminalId);
  }

  /** The refusal code of a sanction; never excepted (GV-3 lifts rules, not sanctions). */
  public static final String SANCTIONED = AccessPolicy.SANCTIONED;

  private Standing standing(String username, Instant now) {
    Cached cached = statuses.get(username);
    if (cached != null && cached.at().plus(STATUS_TTL).isAfter(now)) {
      return cached.standing();
    }
    Standing standing = standings.apply(username);
    statuses.put(username, new Cached(standing, now));
    return standing;
  }
}
