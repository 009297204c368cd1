package jp.mamori.authz.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import jp.mamori.policy.access.AccessDecision;

/**
 * The answer to an access decision: always {@code 200}, with {@code PERMIT} and what was checked,
 * or {@code DENY} with reasons and obligations. The members that do not belong to the decision are
 * absent, not {@code null}: {@code checked} only with PERMIT, {@code reasons} and {@code
 * obligations} only with DENY.
 *
 * @param decision {@code PERMIT} or {@code DENY}
 * @param requirementIds the requirements the decision enforces
 * @param checked what was checked (PERMIT only)
 * @param reasons why access is denied (DENY only)
 * @param obligations the names of what the system must do instead (DENY only)
 */
record AccessDecisionAnswer(
    String decision,
    List<String> requirementIds,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> checked,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<AccessDecision.Reason> reasons,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> obligations) {

  static AccessDecisionAnswer of(AccessDecision decision) {
    return switch (decision) {
      case AccessDecision.Permit p ->
          new AccessDecisionAnswer("PERMIT", p.requirementIds(), p.checked(), null, null);
      case AccessDecision.Deny d ->
          new AccessDecisionAnswer(
              "DENY",
              d.requirementIds(),
              null,
              d.reasons(),
              d.obligations().stream().map(Enum::name).toList());
    };
  }
}
