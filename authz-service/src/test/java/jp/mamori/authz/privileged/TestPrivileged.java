package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Fixtures for the pure rules: records already filled with valid values, to change one at a time.
 */
final class TestPrivileged {

  static final Instant NOW = Instant.parse("2027-04-01T01:00:00Z");

  private TestPrivileged() {}

  /** An active directory account: p-requester may ask, p-approver may approve, 2 h at most. */
  static PrivilegedAccount account() {
    return new PrivilegedAccount(
        "srv-admin",
        PrivilegedAccount.Kind.DIRECTORY,
        "uid=srv-admin,ou=admins,dc=mamori,dc=example",
        "server administrator",
        "owner",
        Set.of("p-requester"),
        Set.of("p-approver"),
        Duration.ofHours(2),
        true,
        true,
        NOW.minus(Duration.ofDays(100)),
        "registrar",
        Optional.empty(),
        Optional.empty());
  }

  static PrivilegedAccount retired(PrivilegedAccount a) {
    return new PrivilegedAccount(
        a.id(),
        a.kind(),
        a.target(),
        a.description(),
        a.owner(),
        a.eligible(),
        a.approvers(),
        a.maxDuration(),
        a.exclusive(),
        a.emergencyAllowed(),
        a.registeredAt(),
        a.registeredBy(),
        Optional.of(NOW.minus(Duration.ofDays(1))),
        a.lastRotatedAt());
  }

  static PrivilegedAccount rotatedAt(PrivilegedAccount a, Instant at) {
    return new PrivilegedAccount(
        a.id(),
        a.kind(),
        a.target(),
        a.description(),
        a.owner(),
        a.eligible(),
        a.approvers(),
        a.maxDuration(),
        a.exclusive(),
        a.emergencyAllowed(),
        a.registeredAt(),
        a.registeredBy(),
        a.retiredAt(),
        Optional.of(at));
  }

  static PrivilegedAccount role() {
    PrivilegedAccount a = account();
    return new PrivilegedAccount(
        "juki-admin-role",
        PrivilegedAccount.Kind.KEYCLOAK_ROLE,
        "juki-admin",
        a.description(),
        a.owner(),
        a.eligible(),
        a.approvers(),
        a.maxDuration(),
        false,
        false,
        a.registeredAt(),
        a.registeredBy(),
        Optional.empty(),
        Optional.empty());
  }

  /** A request of {@link #account()} by p-requester, waiting for approval. */
  static Checkout checkout() {
    return checkout(Checkout.State.REQUESTED, false);
  }

  static Checkout checkout(Checkout.State state, boolean emergency) {
    return new Checkout(
        7,
        "srv-admin",
        "p-requester",
        "月次パッチ適用",
        "CHG-0042",
        emergency,
        state,
        NOW,
        NOW,
        Duration.ofHours(1),
        NOW.plus(Duration.ofHours(1)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
