package jp.mamori.authz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

class CliRunnerTest {

  private final List<Map<String, String>> seen = new ArrayList<>();

  private final CliCommand command =
      new CliCommand() {
        @Override
        public List<String> commands() {
          return List.of("issue-joiners");
        }

        @Override
        public List<String> options() {
          return List.of("issuer", "output");
        }

        @Override
        public int execute(String name, Map<String, String> options, PrintStream out) {
          seen.add(options);
          return 3;
        }
      };

  @Test
  void runWhenCommandIsKnownThenItsOptionsArePassedAndItsResultIsTheExitCode() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("mamori.cli.command", "issue-joiners")
            .withProperty("mamori.cli.issuer", "情報システム課 田中")
            .withProperty("mamori.cli.plan-id", "7");
    CliRunner runner = new CliRunner(List.of(command), env);

    runner.run(new DefaultApplicationArguments());

    assertThat(runner.getExitCode()).isEqualTo(3);
    assertThat(seen).containsExactly(Map.of("issuer", "情報システム課 田中"));
  }

  @Test
  void runWhenCommandIsUnknownThenExitOneAndNothingRuns() {
    CliRunner runner =
        new CliRunner(
            List.of(command), new MockEnvironment().withProperty("mamori.cli.command", "plna"));

    runner.run(new DefaultApplicationArguments());

    assertThat(runner.getExitCode()).isEqualTo(CliRunner.UNKNOWN);
    assertThat(seen).isEmpty();
  }
}
