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

  StackStartup(
      StackEndpoints endpoints,
      MamoriSettings settings,
      SyncService sync,
      java.util.List<RealmDriftCheck> drift) {
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
      printDemoBanner(report);
    }
  }

  private void printDemoBanner(SyncReport report) {
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
    out.println(" 停止するには Ctrl+C / press Ctrl+C to stop");
    out.println("================================================================================");
    out.println();
  }
}
