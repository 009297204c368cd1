package jp.mamori.authz.stack;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import jp.mamori.hrsync.sync.ProvisioningOutcome;
import jp.mamori.hrsync.sync.SyncReport;

/**
 * What the service prints on standard output after the start-up sync. Credentials (temporary
 * passwords, enrolment codes) only for the demo: under systemd or in a container standard output is
 * the log, which never carries a credential.
 */
final class StartupBanner {

  private static final int SAMPLE_CREDENTIALS_SHOWN = 5;

  private StartupBanner() {}

  /**
   * Where to log in and what the sync did; with {@code credentials} (the demo profile only: it
   * issues a one-time step-up enrolment code for a username, as the desk would) a few temporary
   * passwords and, for the demo's administrators, an enrolment code each (a first key needs one).
   */
  static void print(
      PrintStream out,
      String consoleUrl,
      String issuer,
      SyncReport report,
      List<DemoRoles.Assigned> roles,
      Optional<UnaryOperator<String>> credentials) {
    boolean showCredentials = credentials.isPresent();
    List<ProvisioningOutcome.Created> withPassword =
        report.created().stream().filter(c -> c.password().isPresent()).toList();
    out.println();
    out.println("================================================================================");
    out.println(" Mamori デモ環境が起動しました / the Mamori demo stack is up");
    out.println("================================================================================");
    out.println(" コンソール / console : " + consoleUrl + "/");
    out.println(" Keycloak            : " + issuer);
    out.printf(
        " 人事データ同期 / HR sync: 登録 %d 件, 変更なし %d 件, 対象外 %d 件, 失敗 %d 件, 不正行 %d 件%n",
        report.count(ProvisioningOutcome.Created.class),
        report.count(ProvisioningOutcome.Unchanged.class),
        report.count(ProvisioningOutcome.Skipped.class),
        report.count(ProvisioningOutcome.Failed.class),
        report.rejectedRows().size());
    out.println();
    if (!showCredentials) {
      out.println(
          " 仮パスワードと登録コードは demo プロファイルでのみ表示します。管理画面から発行してください"
              + " / temporary passwords and enrolment codes are shown in the demo profile only:"
              + " issue them from the console");
      out.println(
          "================================================================================");
      return;
    }
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
          if (a.roles().contains(jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator.ADMIN_ROLE)) {
            out.printf(
                "          本人確認用認証器の登録コード / step-up enrolment code (/me/step-up): %s%n",
                credentials.get().apply(a.username()));
          }
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
