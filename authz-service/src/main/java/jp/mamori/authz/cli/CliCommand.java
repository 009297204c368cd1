package jp.mamori.authz.cli;

import java.io.PrintStream;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

/**
 * A command of the service's command line ({@code --mamori.cli.command=NAME} with options {@code
 * --mamori.cli.OPTION=VALUE}); each feature contributes its own. Output is a readable summary,
 * Japanese unless {@code lang=en}; the return value is the process's exit code.
 */
public interface CliCommand {

  /**
   * The names of {@link #commands()}, on the command's class or its {@code @Bean} method: the
   * runner finds the one command asked for by it without making the others, so that a command
   * starts only what it needs (the command line runs with lazy beans).
   */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @interface Names {
    String[] value();
  }

  /** The command names this handles. */
  List<String> commands();

  /** The option names it reads. */
  List<String> options();

  int execute(String command, Map<String, String> options, PrintStream out);

  /**
   * Who acts, as recorded: the name typed on the command line is the person's word only, so the
   * operating-system account that ran the command goes on record beside it ({@code 田中 (os:tanaka,
   * cli)}) — an approval or rotation from the command line is tied to a login on the server.
   */
  static String actor(String typed) {
    return typed.strip() + " (os:" + System.getProperty("user.name", "?") + ", cli)";
  }
}
