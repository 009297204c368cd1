package jp.mamori.authz.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.realm.RealmDriftCheck;
import jp.mamori.authz.sync.SyncService;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.sync.SyncReport;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start-up: writes the policy into the Keycloak realm (always, so that drift left while the
 * service was down is corrected — and recorded, see {@link RealmDriftCheck}), then — if {@code
 * mamori.sync-on-start} — runs the HR sync and prints where to log in. Only under the {@code demo}
 * profile does it print a few sample temporary passwords and the demo administrators' step-up
 * enrolment codes (standard output, not the log): under systemd or in a container standard output
 * is the log, and a careless production configuration must not write credentials there.
 */
@Component
@Order(0)
class StackStartup implements ApplicationRunner {

  private final StackEndpoints endpoints;
  private final MamoriSettings settings;
  private final SyncService sync;
  private final java.util.List<RealmDriftCheck> drift;
  private final org.keycloak.admin.client.Keycloak keycloakAdmin;
  private final jp.mamori.hrsync.hr.HrCsvReader reader;
  private final org.springframework.core.env.Environment environment;
  private final jp.mamori.authz.stepup.EnrolmentCodes enrolmentCodes;

  StackStartup(
      StackEndpoints endpoints,
      MamoriSettings settings,
      SyncService sync,
      java.util.List<RealmDriftCheck> drift,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      jp.mamori.hrsync.hr.HrCsvReader reader,
      org.springframework.core.env.Environment environment,
      jp.mamori.authz.stepup.EnrolmentCodes enrolmentCodes) {
    this.environment = environment;
    this.enrolmentCodes = enrolmentCodes;
    this.keycloakAdmin = keycloakAdmin;
    this.reader = reader;
    this.endpoints = endpoints;
    this.settings = settings;
    this.sync = sync;
    this.drift = drift;
  }

  @Override
  public void run(ApplicationArguments args) throws HrFileException {
    // writes the policy into the staff and the privileged realm; a difference found is recorded
    drift.forEach(check -> check.run("startup"));

    if (settings.syncOnStart()) {
      Path file = settings.hr().file() != null ? settings.hr().file() : SyncService.sampleFile();
      SyncReport report = sync.run(file);
      List<DemoRoles.Assigned> roles =
          settings.hr().file() == null
              ? DemoRoles.assign(
                  keycloakAdmin, endpoints.keycloak().realm(), reader.read(file).records())
              : List.of();
      StartupBanner.print(
          new PrintStream(System.out, true, StandardCharsets.UTF_8),
          endpoints.console().consoleBaseUrl(),
          endpoints.keycloak().issuer(),
          report,
          roles,
          environment.matchesProfiles("demo")
              ? Optional.of(username ->
                  enrolmentCodes
                      .issue(username, "demo-desk", "デモ: 架空の職員 / demo: fictional staff")
                      .code())
              : Optional.empty());
    }
  }
}
