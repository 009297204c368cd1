package jp.mamori.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one kind of absence ({@link LeaveKind}) stops while the person is away: the whole account
 * ({@code ALL} in the policy) or only some tiers ({@code [MYNUMBER]}).
 *
 * <p>Security: {@link WholeAccount} is the safe choice and the shipped one — the account is
 * suspended in the directory and in Keycloak and every session ends. {@link Tiers} keeps the
 * account usable (the directory logon, Keycloak, the systems of the other tiers) and relies on the
 * access decision to refuse the listed tiers' systems ({@code ABSENT_FROM_TIER}, LC-2); a system
 * that does not ask Mamori's access decision is not covered by it.
 */
public sealed interface AbsenceRule {

  /** {@code ALL}: the account is suspended in every target (LC-2). */
  AbsenceRule ALL = new WholeAccount();

  /** Whether the person may use {@code tier} while away. */
  boolean stops(Tier tier);

  /** {@code ALL}: suspended in every target, as a secondment. */
  record WholeAccount() implements AbsenceRule {
    @Override
    public boolean stops(Tier tier) {
      return true;
    }

    @Override
    public String toString() {
      return "ALL";
    }
  }

  /**
   * A list of tiers: the account stays enabled and only these tiers are refused; the others stay
   * usable (e.g. groupware on the LGWAN tier during childcare leave).
   *
   * @param tiers at least one tier
   */
  record Tiers(Set<Tier> tiers) implements AbsenceRule {
    public Tiers {
      Objects.requireNonNull(tiers, "tiers");
      Checks.require(
          !tiers.isEmpty(),
          "lifecycle.absences.<KIND>",
          "[]",
          "ALL or a list of at least one tier");
      tiers = Collections.unmodifiableSet(EnumSet.copyOf(tiers)); // iterated in tier order
    }

    @Override
    public boolean stops(Tier tier) {
      return tiers.contains(tier);
    }

    /**
     * The tiers in the enumeration's order, as the policy writes them: {@code [MYNUMBER, LGWAN]}.
     */
    @Override
    public String toString() {
      return tiers.toString();
    }
  }
}
