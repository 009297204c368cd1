package jp.mamori.policy.access;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an access decision: a value, never an exception. {@link Deny} is the default: a
 * request no rule permits is denied.
 */
public sealed interface AccessDecision {

  /** The requirements the decision enforced, e.g. ZN-1, MF-2. */
  List<String> requirementIds();

  /** Permitted, with what was checked. */
  record Permit(List<String> checked, List<String> requirementIds) implements AccessDecision {
    public Permit {
      checked = List.copyOf(checked);
      requirementIds = List.copyOf(requirementIds);
    }
  }

  /**
   * Denied, with every reason (Japanese and English) and what would lift it, if anything can.
   *
   * @param obligations what the client can do to be permitted (e.g. step up to WebAuthn); empty
   *     when nothing the user can do helps
   */
  record Deny(List<Reason> reasons, List<Obligation> obligations, List<String> requirementIds)
      implements AccessDecision {
    public Deny {
      reasons = List.copyOf(reasons);
      obligations = List.copyOf(obligations);
      requirementIds = List.copyOf(requirementIds);
    }
  }

  /** Why a request was denied, in both languages, with the requirement behind it. */
  record Reason(String code, String ja, String en, String requirementId) {
    public Reason {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(ja, "ja");
      Objects.requireNonNull(en, "en");
      Objects.requireNonNull(requirementId, "requirementId");
    }
  }

  /** What the client may do to be permitted. */
  enum Obligation {
    /** Authenticate again with WebAuthn and user verification (biometric or PIN). */
    STEP_UP_WEBAUTHN
  }

  /** Whether this is a permit. */
  default boolean permitted() {
    return this instanceof Permit;
  }
}
