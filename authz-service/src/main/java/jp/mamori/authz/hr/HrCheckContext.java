package jp.mamori.authz.hr;

import java.util.Arrays;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.settings.MamoriSettings;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The application context {@code check-hr} runs in: the settings ({@code mamori.*}, from the same
 * configuration files and profiles as the service), the command runner and {@link HrCheckCli} —
 * nothing else. The service's own context would start the embedded database, directory and
 * Keycloak, or, in external mode, write the policy into Keycloak at start-up; a check of an HR
 * export must not touch any of them, and must work before they are configured.
 *
 * <p>Deliberately not a {@code @Configuration}: the service's component scan must not pick it up.
 */
@EnableConfigurationProperties(MamoriSettings.class)
@ComponentScan(basePackageClasses = CliCommand.class)
public class HrCheckContext {

  @Bean
  HrCheckCli hrCheckCli(MamoriSettings settings) {
    return new HrCheckCli(settings.hr());
  }

  /** Whether the arguments name the {@code check-hr} command. */
  public static boolean handles(String... args) {
    return Arrays.asList(args).contains("--mamori.cli.command=check-hr");
  }

  /** Runs {@code check-hr} with these arguments and returns its exit code. */
  public static int run(String... args) {
    SpringApplication app = new SpringApplication(HrCheckContext.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    return SpringApplication.exit(app.run(args));
  }
}
