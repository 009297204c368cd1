package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.mamori.authz.MamoriApplication;
import jp.mamori.policy.InvalidPolicyException;
import jp.mamori.policy.PolicyProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * An invalid policy stops the service before anything is started, with one line per problem that
 * names the key, the value and the allowed range.
 */
class InvalidPolicyStartupTest {

  @Test
  void startWhenPolicyIsInvalidThenRefusesBeforeStartingAnythingAndNamesEachProblem(
      @TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "lockout:\n  maxFailures: 0\nsession:\n  idleTimeout: PT9H\n");
    SpringApplication app = new SpringApplication(MamoriApplication.class);

    assertThatThrownBy(() ->
            app.run(
                "--mamori.policy-file=" + policy,
                "--server.port=0",
                "--spring.main.banner-mode=off"))
        .hasRootCauseInstanceOf(InvalidPolicyException.class)
        .rootCause()
        .hasMessageContaining("lockout.maxFailures: found 0, expected an integer 1–100")
        .hasMessageContaining("session.idleTimeout: found \"PT9H\"");
  }

  @Test
  void analyzeWhenInvalidPolicyThenDescriptionListsProblemsInJapaneseAndEnglish() {
    InvalidPolicyException cause =
        new InvalidPolicyException(
            "policy.yaml",
            java.util.List.of(new PolicyProblem("lockout.maxFailures", "0", "an integer 1–100")));

    FailureAnalysis analysis = new InvalidPolicyFailureAnalyzer().analyze(cause, cause);

    assertThat(analysis.getDescription())
        .contains("ポリシー文書が不正")
        .contains("lockout.maxFailures: found 0, expected an integer 1–100");
    assertThat(analysis.getAction()).contains("mamori.policy-file");
  }
}
