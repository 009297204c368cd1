package jp.mamori.authz;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.cli.CliCatalogue;
import jp.mamori.authz.hr.HrCheckContext;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Mamori service: API, console, scheduled jobs. */
@SpringBootApplication
public class MamoriApplication {

  private static final String COMMAND = "--mamori.cli.command=";

  /**
   * Starts the service; with {@code --mamori.cli.command=NAME} (see {@link CliCatalogue}) runs that
   * command without a web server and exits with its code (see {@code CliRunner}); with {@code
   * --mamori.cli.help} prints the help of that command, or the list of commands, and starts
   * nothing. {@code check-hr} runs in a context of its own that starts and contacts nothing ({@link
   * HrCheckContext}).
   */
  public static void main(String[] args) {
    if (Arrays.stream(args).anyMatch(a -> a.equals("--mamori.cli.help"))) {
      System.exit(help(command(args), new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    }
    Optional<String> command = command(args);
    if (command.isPresent() && CliCatalogue.find(command.get()).isEmpty()) {
      System.exit(help(command, new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    }
    if (HrCheckContext.handles(args)) {
      System.exit(HrCheckContext.run(args));
    }
    if (command.isPresent()) {
      System.exit(SpringApplication.exit(commandLine().run(args)));
    }
    new SpringApplication(MamoriApplication.class).run(args);
  }

  /**
   * The application as the command line runs it: no web server, no start-up work of the service
   * (the realm is not written, nothing is synchronised, the policy is not recorded, no scheduled
   * job, no health checks or metrics), and every bean lazy — a command starts only what it uses
   * ({@code audit-verify} the database; a command that changes accounts the directory and Keycloak
   * as well).
   */
  public static SpringApplication commandLine() {
    SpringApplication app = new SpringApplication(MamoriApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLazyInitialization(true);
    // no health endpoint and no metrics for a command: the health checks and the meter binders
    // would make what they watch (Keycloak, the directory, the database) at start-up, lazy or not
    app.setDefaultProperties(
        Map.of(
            "management.endpoint.health.validate-group-membership",
            "false",
            "management.endpoints.access.default",
            "none",
            "spring.jmx.enabled",
            "false",
            "spring.autoconfigure.exclude",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task"
                + ".TaskExecutorMetricsAutoConfiguration,"
                + "org.springframework.boot.jdbc.autoconfigure.metrics"
                + ".DataSourcePoolMetricsAutoConfiguration"));
    return app;
  }

  /** Prints the help of {@code command} (or the list without one); exit code 0, 1 if unknown. */
  static int help(Optional<String> command, PrintStream out) {
    if (command.isEmpty()) {
      out.print(CliCatalogue.overview());
      return 0;
    }
    Optional<CliCatalogue.Entry> entry = CliCatalogue.find(command.get());
    if (entry.isEmpty()) {
      out.println("不明なコマンド / unknown command: " + command.get());
      out.print(CliCatalogue.overview());
      return 1;
    }
    out.print(CliCatalogue.help(entry.get()));
    return 0;
  }

  private static Optional<String> command(String[] args) {
    return Arrays.stream(args)
        .filter(a -> a.startsWith(COMMAND))
        .map(a -> a.substring(COMMAND.length()))
        .filter(name -> !name.isBlank())
        .findFirst();
  }
}
