package jp.mamori.authz.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs the command named by {@code mamori.cli.command} and makes its result the exit code.
 *
 * <p>Only that command's bean is made: the others are found by their {@link CliCommand.Names}
 * without being created, so that with lazy beans (the command line) a command starts only what it
 * needs — {@code audit-verify} the database, not Keycloak.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "mamori.cli.command")
class CliRunner implements ApplicationRunner, ExitCodeGenerator {

  /** Exit code when no command of that name exists. */
  static final int UNKNOWN = 1;

  private final ListableBeanFactory beans;
  private final Environment environment;
  private int exitCode;

  CliRunner(ListableBeanFactory beans, Environment environment) {
    this.beans = beans;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    String name = environment.getProperty("mamori.cli.command");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    TreeSet<String> known = new TreeSet<>();
    for (String bean : beans.getBeanNamesForType(CliCommand.class, true, false)) {
      CliCommand.Names names = beans.findAnnotationOnBean(bean, CliCommand.Names.class);
      if (names == null) {
        throw new IllegalStateException(
            "expected @CliCommand.Names on the command bean "
                + bean
                + " (its class or @Bean method); found none");
      }
      known.addAll(Arrays.asList(names.value()));
      if (Arrays.asList(names.value()).contains(name)) {
        CliCommand command = beans.getBean(bean, CliCommand.class);
        if (!command.commands().contains(name)) {
          throw new IllegalStateException(
              "expected the command bean "
                  + bean
                  + " to handle "
                  + name
                  + " as its @CliCommand.Names says; it handles "
                  + command.commands());
        }
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
    out.println("不明なコマンド / unknown command: " + name + " (expected one of " + known + ")");
    exitCode = UNKNOWN;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
