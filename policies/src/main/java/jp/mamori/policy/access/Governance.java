package jp.mamori.policy.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.policy.Tier;

/**
 * What governance adds to an access decision, as inputs of the decision rather than overrides after
 * it: the sanctions in force against the person (GV-4), which deny whatever the rules say and which
 * nothing lifts, and the exceptions to the rules in force (GV-3), which lift a refusal when every
 * reason of it is covered.
 *
 * @param sanctions the person's sanctions not lifted
 * @param exceptions the exceptions to the policy in force
 * @param terminalAsked the terminal ID the request named, registered or not (an exception may be
 *     for a terminal not yet registered)
 */
public record Governance(
    List<Sanction> sanctions, List<RuleException> exceptions, Optional<String> terminalAsked) {

  /** No sanction, no exception. */
  public static final Governance NONE = new Governance(List.of(), List.of(), Optional.empty());

  public Governance {
    sanctions = List.copyOf(sanctions);
    exceptions = List.copyOf(exceptions);
    Objects.requireNonNull(terminalAsked, "terminalAsked");
  }

  /**
   * A right taken away from the person (GV-4).
   *
   * @param id the sanction's number, named in the refusal
   * @param right what is taken away
   * @param value the tier's name for {@link Right#TIER}, the system for {@link Right#SYSTEM}
   * @param ja what it is, in Japanese ("停止 (ネットワーク MYNUMBER)")
   * @param en the same in English
   */
  public record Sanction(long id, Right right, String value, String ja, String en) {

    /** What a sanction takes away, as far as access decisions are concerned. */
    public enum Right {
      /** The whole account. */
      ACCOUNT,
      /** One network tier. */
      TIER,
      /** One business system. */
      SYSTEM,
      /** Privileged checkouts only: no effect on access decisions. */
      PRIVILEGED
    }

    public Sanction {
      Objects.requireNonNull(right, "right");
      value = value == null ? "" : value;
      Objects.requireNonNull(ja, "ja");
      Objects.requireNonNull(en, "en");
    }

    /** Whether it denies {@code system}, in {@code tier} (null for a system of no tier). */
    public boolean blocks(String system, Tier tier) {
      return switch (right) {
        case ACCOUNT -> true;
        case TIER -> tier != null && value.equals(tier.name());
        case SYSTEM -> tier != null && value.equals(system);
        case PRIVILEGED -> false;
      };
    }
  }

  /**
   * An exception to one rule of the policy (GV-3), in force until {@code endsAt}.
   *
   * @param id the exception's number, named in the permit
   * @param rule the refusal code it lifts (e.g. {@code TERMINAL_UNKNOWN})
   * @param scope for a terminal, a person or a system
   * @param value the terminal ID, username or system
   * @param endsAt when it stops lifting anything
   */
  public record RuleException(long id, String rule, Scope scope, String value, Instant endsAt) {

    /** Whom or what an exception is for. */
    public enum Scope {
      TERMINAL,
      USER,
      SYSTEM
    }

    public RuleException {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(endsAt, "endsAt");
    }

    /** Whether it lifts the refusal {@code code} for this request at {@code now}. */
    public boolean covers(
        String code, Optional<String> terminal, String username, String system, Instant now) {
      if (!now.isBefore(endsAt) || !rule.equals(code)) {
        return false;
      }
      return switch (scope) {
        case TERMINAL -> terminal.map(value::equals).orElse(false);
        case USER -> value.equals(username);
        case SYSTEM -> value.equals(system);
      };
    }
  }
}
