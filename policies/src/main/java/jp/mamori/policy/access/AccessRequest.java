package jp.mamori.policy.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.Tier;

/**
 * "May this user, on this terminal, use this system now?" — everything the decision needs, already
 * verified by the caller (the token's signature, issuer and audience; the terminal's registration).
 *
 * @param subject who asks
 * @param authentication how and when they authenticated (from the verified token)
 * @param terminal the terminal the request comes from, if it is a registered one (MF-4); empty for
 *     an unknown device
 * @param system the business system, by its Keycloak client ID
 * @param now the time of the decision
 * @param external whether the request comes from outside the municipality's networks (remote work,
 *     a vendor's maintenance), as the remote-access gateway that asks reports it; allowed only to
 *     people registered for it with a reason, an approver and an end date (ZN-2)
 */
public record AccessRequest(
    Subject subject,
    Authentication authentication,
    Optional<Terminal> terminal,
    String system,
    Instant now,
    boolean external,
    Governance governance) {

  /** A request with no sanction or exception in force ({@link Governance#NONE}). */
  public AccessRequest(
      Subject subject,
      Authentication authentication,
      Optional<Terminal> terminal,
      String system,
      Instant now,
      boolean external) {
    this(subject, authentication, terminal, system, now, external, Governance.NONE);
  }

  /** A request from inside the municipality's networks. */
  public AccessRequest(
      Subject subject,
      Authentication authentication,
      Optional<Terminal> terminal,
      String system,
      Instant now) {
    this(subject, authentication, terminal, system, now, false);
  }

  public AccessRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(governance, "governance");
  }

  /**
   * @param username the login name
   * @param sections section codes (所属; 兼務: several)
   * @param roles realm roles
   * @param active whether the account may log in (not locked, suspended, disabled or dormant)
   * @param suspendedTiers the tiers the person may not use while absent (育児休業 etc., policy {@code
   *     lifecycle.absences}), as recorded on the account; empty when at work
   */
  public record Subject(
      String username,
      Set<String> sections,
      Set<String> roles,
      boolean active,
      Set<Tier> suspendedTiers) {

    /** A subject not absent from any tier. */
    public Subject(String username, Set<String> sections, Set<String> roles, boolean active) {
      this(username, sections, roles, active, Set.of());
    }

    public Subject {
      Objects.requireNonNull(username, "username");
      sections = Set.copyOf(sections);
      roles = Set.copyOf(roles);
      suspendedTiers = Set.copyOf(suspendedTiers);
    }
  }

  /**
   * @param methods authentication methods of the login (OIDC {@code amr}, RFC 8176: {@code pwd},
   *     {@code hwk}, {@code webauthn} …)
   * @param userVerified whether the authenticator verified the user (biometric or PIN)
   * @param authTime when the user authenticated (OIDC {@code auth_time})
   */
  public record Authentication(Set<String> methods, boolean userVerified, Instant authTime) {
    public Authentication {
      methods = Set.copyOf(methods);
      Objects.requireNonNull(authTime, "authTime");
    }
  }

  /**
   * A registered terminal.
   *
   * @param id the terminal ID
   * @param tier the network tier it sits in
   * @param active false once retired
   */
  public record Terminal(String id, Tier tier, boolean active) {
    public Terminal {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(tier, "tier");
    }
  }
}
