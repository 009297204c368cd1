package jp.mamori.authz.stack;

import jp.mamori.policy.InvalidPolicyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid policy into a start-up report with one line per problem. */
class InvalidPolicyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPolicyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPolicyException cause) {
    return new FailureAnalysis(
        "ポリシー文書が不正なため起動できません / the policy document is invalid:\n" + cause.getMessage(),
        "mamori.policy-file で指定したファイルを修正してください / correct the keys above in the file"
            + " named by mamori.policy-file (or remove the override to use the shipped default).",
        cause);
  }
}
