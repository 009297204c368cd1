package jp.mamori.authz.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jp.mamori.authz.realm.RealmDriftCheck;
import jp.mamori.authz.sync.SyncService;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.sync.ProvisioningOutcome;
import jp.mamori.hrsync.sync.SyncReport;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start-up: writes the policy into the Keycloak realm (always, so that drift left while the
 * service was down is corrected — and recorded, see {@link RealmDriftCheck}), then — if {@code
 * mamori.sync-on-start} — runs the HR sync and, for the demo, prints where to log in and a few
 * sample temporary passwords on the console (standard output, not the log: the log never carries a
 * password).
 */
@Component
@Order(0)
class StackStartup implements ApplicationRunner {

  private static final int SAMPLE_CREDENTIALS_SHOWN = 5;

  private final StackEndpoints endpoints;
  private final MamoriSettings settings;
  private final SyncService sync;
  private final java.util.List<RealmDriftCheck> drift;
  private final org.keycloak.admin.client.Keycloak keycloakAdmin;
  private final jp.mamori.hrsync.hr.HrCsvReader reader;

  StackStartup(
      StackEndpoints endpoints,
      MamoriSettings settings,
      SyncService sync,
      java.util.List<RealmDriftCheck> drift,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      jp.mamori.hrsync.hr.HrCsvReader reader) {
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
      printDemoBanner(report, roles);
    }
  }

  private void printDemoBanner(SyncReport report, List<DemoRoles.Assigned> roles) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<ProvisioningOutcome.Created> withPassword =
        report.created().stream().filter(c -> c.password().isPresent()).toList();
    out.println();
    out.println("================================================================================");
    out.println(" Mamori デモ環境が起動しました / the Mamori demo stack is up");
    out.println("================================================================================");
    out.println(" コンソール / console : " + endpoints.console().consoleBaseUrl() + "/");
    out.println(" Keycloak            : " + endpoints.keycloak().issuer());
    out.printf(
        " 人事データ同期 / HR sync: 登録 %d 件, 変更なし %d 件, 対象外 %d 件, 失敗 %d 件, 不正行 %d 件%n",
        report.count(ProvisioningOutcome.Created.class),
        report.count(ProvisioningOutcome.Unchanged.class),
        report.count(ProvisioningOutcome.Skipped.class),
        report.count(ProvisioningOutcome.Failed.class),
        report.rejectedRows().size());
    out.println();
    if (withPassword.isEmpty()) {
      out.println(" 新しい仮パスワードはありません (no new temporary passwords were issued).");
    } else {
      out.println(" サンプル職員の仮パスワード (初回ログイン時に変更が必要です)");
      out.println(" Sample staff temporary passwords (must be changed at first login):");
      withPassword.stream()
          .limit(SAMPLE_CREDENTIALS_SHOWN)
          .forEach(c ->
              out.printf(
                  "   ユーザー名 / username: %-8s 仮パスワード / temporary password: %s%n",
                  c.username(), c.password().orElseThrow().reveal()));
    }
    if (!roles.isEmpty()) {
      out.println();
      out.println(" デモの役割 (架空の職員) / demo roles (fictional staff):");
      for (DemoRoles.Assigned a : roles) {
        if (a.roles().contains(jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator.ADMIN_ROLE)
            || a.roles().contains(jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator.CISO_ROLE)
            || a.roles()
                .contains(jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator.AUDITOR_ROLE)) {
          String password =
              report.created().stream()
                  .filter(c -> c.username().equals(a.username()))
                  .findFirst()
                  .flatMap(ProvisioningOutcome.Created::password)
                  .map(p -> p.reveal())
                  .orElse("-");
          out.printf(
              "   %-6s %s (%s) %s  仮パスワード / temporary password: %s%n",
              a.username(), a.fullName(), a.title(), a.roles(), password);
        }
      }
      out.println("   各課長は所属長 (mamori-section-head) / every 課長 is a section head");
      out.println(
          "   管理画面 /admin, 報告書 /admin/reports, ID棚卸 /inventory / admin console, reports,"
              + " ID inventory");
    }
    out.println(" 停止するには Ctrl+C / press Ctrl+C to stop");
    out.println("================================================================================");
    out.println();
  }
}
