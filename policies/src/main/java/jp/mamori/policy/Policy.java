package jp.mamori.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A municipality's information-security policy (情報セキュリティポリシー) as far as identities, authentication
 * and access go: one validated, immutable value. Read it with {@link PolicyLoader}; the service
 * reads it once at start-up and refuses to start if it is invalid.
 *
 * <p>Besides each part's own checks, the policy as a whole guarantees that a generated temporary
 * password is a valid password ({@code temporaryPassword.length} within {@code password.minLength}
 * and {@code password.maxLength}), that privileged IDs lock no later than staff accounts ({@code
 * privileged.maxFailures ≤ lockout.maxFailures}), and that every {@link Tier} has rules.
 *
 * @param municipality the municipality's name, shown at login and in reports, 1–100 characters
 * @param password password rules (PW-1, PW-2, PW-8)
 * @param lockout login-attempt limit (LG-1, PR-4)
 * @param temporaryPassword temporary passwords (PW-4)
 * @param session session timeouts (LG-1)
 * @param login the login message (LG-1)
 * @param tiers the rules of every {@link Tier}, each under its own key
 * @param privileged privileged IDs (PR-1 … PR-6)
 * @param lifecycle the lifecycle of IDs (LC-1, LC-2, LC-3, LC-7)
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
    LifecycleRules lifecycle,
    Classification classification) {

  static final int MAX_MUNICIPALITY_LENGTH = 100;

  /** A policy with {@link Classification#DEFAULT}. */
  public Policy(
      String municipality,
      PasswordRules password,
      LockoutRules lockout,
      TemporaryPasswordRules temporaryPassword,
      SessionRules session,
      LoginDisplay login,
      Map<Tier, TierRules> tiers,
      PrivilegedAccessRules privileged,
      LifecycleRules lifecycle) {
    this(
        municipality,
        password,
        lockout,
        temporaryPassword,
        session,
        login,
        tiers,
        privileged,
        lifecycle,
        Classification.DEFAULT);
  }

  /**
   * @throws IllegalArgumentException if a part is missing or the parts contradict each other
   */
  public Policy {
    Objects.requireNonNull(municipality, "municipality");
    Checks.requireTexts("municipality", List.of(municipality), 1, MAX_MUNICIPALITY_LENGTH);
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(lockout, "lockout");
    Objects.requireNonNull(temporaryPassword, "temporaryPassword");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(privileged, "privileged");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(classification, "classification");
    tiers = Map.copyOf(Objects.requireNonNull(tiers, "tiers"));
    for (Tier tier : Tier.values()) {
      TierRules rules = tiers.get(tier);
      Checks.require(rules != null, "tiers." + tier, "(missing)", "the rules of the tier");
      Checks.require(
          rules.tier() == tier, "tiers." + tier, "rules of " + rules.tier(), "rules of " + tier);
    }
    checkTemporaryLength(password, temporaryPassword.length(), Checks.THROW);
    checkPrivilegedFailures(lockout, privileged.maxFailures(), Checks.THROW);
  }

  /** A temporary password must itself be a valid password. */
  static void checkTemporaryLength(PasswordRules password, int length, Checks.Sink sink) {
    if (length < password.minLength() || length > password.maxLength()) {
      sink.problem(
          "temporaryPassword.length",
          Integer.toString(length),
          "an integer password.minLength–password.maxLength ("
              + password.minLength()
              + "–"
              + password.maxLength()
              + "), so that a temporary password is a valid password");
    }
  }

  /** Privileged IDs lock no later than staff accounts (8-(2)-②-(エ) セキュリティ機能を強化). */
  static void checkPrivilegedFailures(LockoutRules lockout, int maxFailures, Checks.Sink sink) {
    if (maxFailures > lockout.maxFailures()) {
      sink.problem(
          "privileged.maxFailures",
          Integer.toString(maxFailures),
          "at most lockout.maxFailures (" + lockout.maxFailures() + ")");
    }
  }

  /** The rules of {@code tier}; every tier has rules. */
  public TierRules tier(Tier tier) {
    return tiers.get(Objects.requireNonNull(tier, "tier"));
  }

  /**
   * Every part of the policy that enforces requirements, in document order (tiers in {@link Tier}
   * order), for the traceability matrix.
   */
  public List<Rule> rules() {
    List<Rule> rules =
        new ArrayList<>(List.of(password, lockout, temporaryPassword, session, login));
    for (Tier tier : Tier.values()) {
      rules.add(tiers.get(tier));
    }
    rules.add(privileged);
    rules.add(lifecycle);
    rules.add(classification);
    return List.copyOf(rules);
  }
}
