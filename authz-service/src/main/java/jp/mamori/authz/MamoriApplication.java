package jp.mamori.authz;

import jp.mamori.authz.hr.HrCheckContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Mamori service: API, console, scheduled jobs. */
@SpringBootApplication
public class MamoriApplication {

  /**
   * Starts the service; with {@code --mamori.cli.command=NAME} (plan, approve, apply,
   * issue-joiners) runs that command without a web server and exits with its code (see {@code
   * CliRunner}). {@code check-hr} runs in a context of its own that starts and contacts nothing
   * ({@link HrCheckContext}).
   */
  public static void main(String[] args) {
    if (HrCheckContext.handles(args)) {
      System.exit(HrCheckContext.run(args));
    }
    boolean cli =
        java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--mamori.cli.command="));
    SpringApplication app = new SpringApplication(MamoriApplication.class);
    if (cli) {
      app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
      app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
      System.exit(SpringApplication.exit(app.run(args)));
    }
    app.run(args);
  }
}
