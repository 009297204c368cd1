package jp.mamori.authz.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.privileged.PrivilegedAccess;
import jp.mamori.authz.realm.RealmDriftCheck;
import jp.mamori.authz.settings.HrSample;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.authz.sync.StartupSync;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFileException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * At start-up: writes the policy into the Keycloak realm (always, so that drift left while the
 * service was down is corrected — and recorded, see {@link RealmDriftCheck}), then — if {@code
 * mamori.sync-on-start} — runs the lifecycle sync once ({@link StartupSync}: a stored plan, applied
 * unless held) and prints where to log in. Only under the {@code demo} profile does it issue and
 * print a few joiners' temporary passwords and the demo administrators' step-up enrolment codes
 * (standard output, not the log): under systemd or in a container standard output is the log, and a
 * careless production configuration must not write credentials there. The demo (embedded) also
 * registers its sample privileged ID ({@link DemoPrivileged}) and prints a guide ({@link
 * DemoGuide}).
 */
@Component
@Order(0)
@ConditionalOnExpression("'${mamori.cli.command:}'.isEmpty()") // the service's start, not a command
class StackStartup implements ApplicationRunner {

  /** Who the demo's credentials are recorded as issued by (PW-4). */
  static final String DEMO_ISSUER = "mamori-demo-startup";

  private static final ZoneId MUNICIPALITY = ZoneId.of("Asia/Tokyo");

  private final StackEndpoints endpoints;
  private final MamoriSettings settings;
  private final StartupSync sync;
  private final List<RealmDriftCheck> drift;
  private final org.keycloak.admin.client.Keycloak keycloakAdmin;
  private final HrCsvReader reader;
  private final Environment environment;
  private final EnrolmentCodes enrolmentCodes;
  private final TemporaryPasswords passwords;
  private final ObjectProvider<PrivilegedAccess> privileged;
  private final Clock clock;

  StackStartup(
      StackEndpoints endpoints,
      MamoriSettings settings,
      StartupSync sync,
      List<RealmDriftCheck> drift,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      HrCsvReader reader,
      Environment environment,
      EnrolmentCodes enrolmentCodes,
      TemporaryPasswords passwords,
      ObjectProvider<PrivilegedAccess> privileged,
      Clock clock) {
    this.privileged = privileged;
    this.environment = environment;
    this.enrolmentCodes = enrolmentCodes;
    this.keycloakAdmin = keycloakAdmin;
    this.reader = reader;
    this.endpoints = endpoints;
    this.settings = settings;
    this.sync = sync;
    this.drift = drift;
    this.passwords = passwords;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) throws HrFileException {
    // writes the policy into the staff and the privileged realm; a difference found is recorded
    drift.forEach(check -> check.run("startup"));

    if (settings.syncOnStart()) {
      Path file = settings.hr().file() != null ? settings.hr().file() : HrSample.file();
      StartupSync.Result result = sync.run(file, LocalDate.now(clock.withZone(MUNICIPALITY)));
      List<DemoRoles.Assigned> roles =
          settings.hr().file() == null
              ? DemoRoles.assign(
                  keycloakAdmin, endpoints.keycloak().realm(), reader.read(file).records())
              : List.of();
      boolean demo = environment.matchesProfiles("demo");
      Optional<DemoGuide> guide = Optional.empty();
      if (demo && settings.mode() == MamoriSettings.Mode.EMBEDDED && settings.hr().file() == null) {
        DemoPrivileged.register(privileged.getObject(), endpoints.directory());
        guide = Optional.of(new DemoGuide(endpoints.console().consoleBaseUrl()));
      }
      // written whole once the credentials are issued, so that no log line cuts through it
      java.io.ByteArrayOutputStream banner = new java.io.ByteArrayOutputStream();
      StartupBanner.print(
          new PrintStream(banner, true, StandardCharsets.UTF_8),
          endpoints.console().consoleBaseUrl(),
          endpoints.keycloak().issuer(),
          result,
          roles,
          demo ? Optional.of(demoCredentials()) : Optional.empty(),
          guide);
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.print(banner.toString(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** Issued as an administrator would: recorded, the password never stored (PW-4). */
  private StartupBanner.DemoCredentials demoCredentials() {
    Map<String, String> issued = new HashMap<>(); // one password per joiner, even if asked twice
    return new StartupBanner.DemoCredentials() {
      @Override
      public String temporaryPassword(String username) {
        return issued.computeIfAbsent(
            username,
            u -> {
              TemporaryPasswords.Issued password =
                  passwords.issue(u, DEMO_ISSUER, TemporaryPasswords.Handover.IN_PERSON);
              return password.password().reveal();
            });
      }

      @Override
      public String enrolmentCode(String username) {
        return enrolmentCodes
            .issue(username, "demo-desk", "デモ: 架空の職員 / demo: fictional staff")
            .code();
      }
    };
  }
}
