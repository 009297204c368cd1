package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One privileged ID in the registry (特権ID台帳, PR-1): what it is, who answers for it, who may ask for
 * it and who may approve, how long one checkout may last, and whether it has one holder at a time.
 *
 * @param id the registry's name for it ({@code ldap-admin}, {@code juki-admin-role})
 * @param kind a directory account whose password Mamori sets, or a Keycloak realm role Mamori
 *     grants to the holder's own account
 * @param target the account's DN, or the realm role's name
 * @param owner the system's manager (システム管理者), who answers for the account (PR-2)
 * @param eligible usernames who may request it: the minimum (PR-1); never empty at registration
 * @param approvers usernames who may approve a request (PR-6); never empty at registration
 * @param maxDuration the longest checkout of this account, at most the policy's {@code
 *     privileged.maxCheckout} (PR-5)
 * @param exclusive one holder at a time; always true for directory accounts, whose one password
 *     cannot be two people's
 * @param emergencyAllowed whether emergency use (緊急利用) without prior approval is allowed (reported
 *     and approved afterwards, GV-3)
 */
public record PrivilegedAccount(
    String id,
    Kind kind,
    String target,
    String description,
    String owner,
    Set<String> eligible,
    Set<String> approvers,
    Duration maxDuration,
    boolean exclusive,
    boolean emergencyAllowed,
    Instant registeredAt,
    String registeredBy,
    Optional<Instant> retiredAt,
    Optional<Instant> lastRotatedAt) {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** What kind of privilege. */
  public enum Kind {
    /** An LDAP / Active Directory account: a fresh password per checkout, rotated at check-in. */
    DIRECTORY,
    /** A Keycloak realm role, granted to the holder's own account for the checkout. */
    KEYCLOAK_ROLE
  }

  public PrivilegedAccount {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "id: expected 1–64 of a-z 0-9 . _ - starting with a letter or digit, found " + id);
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind: expected DIRECTORY or KEYCLOAK_ROLE, found none");
    }
    if (target == null || target.isBlank() || target.length() > 500) {
      throw new IllegalArgumentException(
          "target: expected the DN (DIRECTORY) or the realm role (KEYCLOAK_ROLE), found "
              + (target == null ? "none" : "\"" + target + "\""));
    }
    description = description == null ? "" : description.strip();
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException(
          "owner: expected the system manager's username, found none");
    }
    eligible = Set.copyOf(eligible == null ? Set.of() : eligible);
    approvers = Set.copyOf(approvers == null ? Set.of() : approvers);
    if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException(
          "maxDuration: expected a positive ISO-8601 duration, found " + maxDuration);
    }
    if (kind == Kind.DIRECTORY && !exclusive) {
      throw new IllegalArgumentException(
          "exclusive: a DIRECTORY account has one password, so it has one holder at a time;"
              + " expected true, found false");
    }
    retiredAt = retiredAt == null ? Optional.empty() : retiredAt;
    lastRotatedAt = lastRotatedAt == null ? Optional.empty() : lastRotatedAt;
  }

  /**
   * For registration: someone may request it and someone may approve. A registered ID may later
   * have nobody left (its last eligible person left or moved): then nobody can take it until the
   * owner names someone.
   *
   * @throws IllegalArgumentException naming the empty list
   */
  void requireSomeoneEligibleAndAnApprover() {
    if (eligible.isEmpty()) {
      throw new IllegalArgumentException(
          "eligible: expected the usernames who may request this account (PR-1), found none");
    }
    if (approvers.isEmpty()) {
      throw new IllegalArgumentException(
          "approvers: expected the usernames who may approve (PR-6), found none");
    }
  }

  public boolean active() {
    return retiredAt.isEmpty();
  }
}
