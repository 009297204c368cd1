package jp.mamori.authz.cli;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Runs the command named by {@code mamori.cli.command} and makes its result the exit code. */
@Component
@Order(10)
@ConditionalOnProperty(name = "mamori.cli.command")
class CliRunner implements ApplicationRunner, ExitCodeGenerator {

  /** Exit code when no command of that name exists. */
  static final int UNKNOWN = 1;

  private final List<CliCommand> commands;
  private final Environment environment;
  private int exitCode;

  CliRunner(List<CliCommand> commands, Environment environment) {
    this.commands = commands;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    String name = environment.getProperty("mamori.cli.command");
    java.io.PrintStream out = new java.io.PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (CliCommand command : commands) {
      if (command.commands().contains(name)) {
        Map<String, String> options = new HashMap<>();
        for (String option : command.options()) {
          String value = environment.getProperty("mamori.cli." + option);
          if (value != null) {
            options.put(option, value);
          }
        }
        exitCode = command.execute(name, options, out);
        return;
      }
    }
    TreeSet<String> known = new TreeSet<>();
    commands.forEach(c -> known.addAll(c.commands()));
    out.println("不明なコマンド / unknown command: " + name + " (expected one of " + known + ")");
    exitCode = UNKNOWN;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
