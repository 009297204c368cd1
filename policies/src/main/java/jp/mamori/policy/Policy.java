package jp.mamori.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A municipality's information-security policy, as far as identities, authentication and access are
 * concerned: one validated, immutable value, read by {@link PolicyLoader}.
 *
 * @param municipality the municipality's name, shown in Keycloak and in reports
 * @param tiers the rules of every {@link Tier}; all three are present
 */
public record Policy(
    String municipality,
    PasswordRules password,
    LockoutRules lockout,
    TemporaryPasswordRules temporaryPassword,
    SessionRules session,
    LoginDisplay login,
    Map<Tier, TierRules> tiers,
    PrivilegedAccessRules privileged,
    LifecycleRules lifecycle) {

  public Policy {
    Objects.requireNonNull(municipality, "municipality");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(lockout, "lockout");
    Objects.requireNonNull(temporaryPassword, "temporaryPassword");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(privileged, "privileged");
    Objects.requireNonNull(lifecycle, "lifecycle");
    tiers = Map.copyOf(tiers);
    if (temporaryPassword.length() < password.minLength()) {
      throw new IllegalArgumentException(
          "temporaryPassword.length: expected at least password.minLength ("
              + password.minLength()
              + "), found "
              + temporaryPassword.length());
    }
  }

  /** The rules of {@code tier}. */
  public TierRules tier(Tier tier) {
    TierRules rules = tiers.get(tier);
    if (rules == null) {
      throw new IllegalStateException("no rules for tier " + tier);
    }
    return rules;
  }
}
