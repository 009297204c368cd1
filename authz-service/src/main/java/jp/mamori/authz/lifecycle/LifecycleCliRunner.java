package jp.mamori.authz.lifecycle;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Runs {@link LifecycleCli} when the service is started with {@code --mamori.cli.command=…}. */
@Component
@Order(10)
@ConditionalOnProperty(name = "mamori.cli.command")
class LifecycleCliRunner implements ApplicationRunner, ExitCodeGenerator {

  private final LifecycleService lifecycle;
  private final Environment environment;
  private final Clock clock;
  private int exitCode;

  LifecycleCliRunner(LifecycleService lifecycle, Environment environment, Clock clock) {
    this.lifecycle = lifecycle;
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    Map<String, String> options = new HashMap<>();
    for (String name :
        new String[] {"file", "plan-id", "fingerprint", "approver", "date", "lang"}) {
      String value = environment.getProperty("mamori.cli." + name);
      if (value != null) {
        options.put(name, value);
      }
    }
    exitCode =
        new LifecycleCli(lifecycle, clock)
            .execute(
                environment.getProperty("mamori.cli.command"), options, LifecycleCli.console());
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
