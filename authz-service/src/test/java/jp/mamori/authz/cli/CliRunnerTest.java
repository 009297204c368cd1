package jp.mamori.authz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

class CliRunnerTest {

  private final List<Map<String, String>> seen = new ArrayList<>();
  private final AtomicInteger otherMade = new AtomicInteger();

  @CliCommand.Names("issue-joiners")
  static final class Joiners implements CliCommand {
    private final List<Map<String, String>> seen;

    Joiners(List<Map<String, String>> seen) {
      this.seen = seen;
    }

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
  }

  /** A command whose making would start something heavy (Keycloak). */
  @CliCommand.Names("apply")
  static final class Apply implements CliCommand {
    @Override
    public List<String> commands() {
      return List.of("apply");
    }

    @Override
    public List<String> options() {
      return List.of();
    }

    @Override
    public int execute(String name, Map<String, String> options, PrintStream out) {
      return 0;
    }
  }

  private DefaultListableBeanFactory beans() {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerBeanDefinition(
        "joiners", new RootBeanDefinition(Joiners.class, () -> new Joiners(seen)));
    beans.registerBeanDefinition(
        "apply",
        new RootBeanDefinition(
            Apply.class,
            () -> {
              otherMade.incrementAndGet();
              return new Apply();
            }));
    return beans;
  }

  @Test
  void runWhenCommandIsKnownThenItsOptionsArePassedItsResultIsTheExitCodeAndNoOtherIsMade() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("mamori.cli.command", "issue-joiners")
            .withProperty("mamori.cli.issuer", "情報システム課 田中")
            .withProperty("mamori.cli.plan-id", "7");
    CliRunner runner = new CliRunner(beans(), env);

    runner.run(new DefaultApplicationArguments());

    assertThat(runner.getExitCode()).isEqualTo(3);
    assertThat(seen).containsExactly(Map.of("issuer", "情報システム課 田中"));
    assertThat(otherMade).as("the apply command's bean made for issue-joiners").hasValue(0);
  }

  @Test
  void runWhenCommandIsUnknownThenExitOneAndNothingRuns() {
    CliRunner runner =
        new CliRunner(beans(), new MockEnvironment().withProperty("mamori.cli.command", "plna"));

    runner.run(new DefaultApplicationArguments());

    assertThat(runner.getExitCode()).isEqualTo(CliRunner.UNKNOWN);
    assertThat(seen).isEmpty();
    assertThat(otherMade).hasValue(0);
  }
}
