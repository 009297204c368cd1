package jp.mamori.authz.stack;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.authz.sync.StartupSync;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;

/**
 * What the service prints on standard output after the start-up sync. Credentials (temporary
 * passwords, enrolment codes) only for the demo: under systemd or in a container standard output is
 * the log, which never carries a credential.
 */
final class StartupBanner {

  private static final int SAMPLE_CREDENTIALS_SHOWN = 5;

  private StartupBanner() {}

  /**
   * The demo's credentials, each issued when asked for through the same procedure an administrator
   * uses (recorded with its issuer, PW-4).
   */
  interface DemoCredentials {
    /** Issues a temporary password for a joiner just onboarded. */
    String temporaryPassword(String username);

    /** Issues a one-time step-up enrolment code, as the desk would. */
    String enrolmentCode(String username);
  }

  /**
   * Where to log in and what the start-up sync did; with {@code credentials} (the demo profile
   * only) a few joiners' temporary passwords and the demo administrators' passwords and enrolment
   * codes (a first key needs one).
   */
  static void print(
      PrintStream out,
      String consoleUrl,
      String issuer,
      StartupSync.Result sync,
      List<DemoRoles.Assigned> roles,
      Optional<DemoCredentials> credentials) {
    print(out, consoleUrl, issuer, sync, roles, credentials, Optional.empty());
  }

  /** As above, with the demo's walk-through ({@code guide}) when there are credentials. */
  static void print(
      PrintStream out,
      String consoleUrl,
      String issuer,
      StartupSync.Result sync,
      List<DemoRoles.Assigned> roles,
      Optional<DemoCredentials> credentials,
      Optional<DemoGuide> guide) {
    out.println();
    out.println("================================================================================");
    out.println(" Mamori が起動しました / Mamori is up");
    out.println("================================================================================");
    out.println(" コンソール / console : " + consoleUrl + "/");
    out.println(" Keycloak            : " + issuer);
    out.printf(
        " 人事データ同期 / HR sync: 同期計画 #%d %s — 登録 %d 人, 変更 %d 件 (適用 %d 件), 不正行 %d 件%n",
        sync.planId(),
        status(sync.status()),
        sync.joiners().size(),
        sync.changes(),
        sync.applied(),
        sync.rejectedRows());
    out.println(
        "   詳細は管理画面の「同期計画」/ details: the console's sync plans (" + consoleUrl + "/admin/sync)");
    sync.heldBecause().forEach(r -> out.println("   保留の理由 / held because: " + r));
    sync.failure().ifPresent(f -> out.println("   中断 / stopped at: " + f));
    out.println();
    if (credentials.isEmpty()) {
      out.println(
          " 仮パスワードと登録コードは demo プロファイルでのみ表示します。管理画面から発行してください"
              + " / temporary passwords and enrolment codes are shown in the demo profile only:"
              + " issue them from the console");
      out.println(
          "================================================================================");
      return;
    }
    List<String> created = sync.status() == Status.APPLIED ? sync.joiners() : List.of();
    if (created.isEmpty()) {
      out.println(" 新しい仮パスワードはありません (no new temporary passwords were issued).");
    } else {
      out.println(" サンプル職員の仮パスワード (初回ログイン時に変更が必要です)");
      out.println(" Sample staff temporary passwords (must be changed at first login):");
      created.stream()
          .limit(SAMPLE_CREDENTIALS_SHOWN)
          .forEach(username ->
              out.printf(
                  "   ユーザー名 / username: %-8s 仮パスワード / temporary password: %s%n",
                  username, credentials.get().temporaryPassword(username)));
    }
    if (!roles.isEmpty()) {
      out.println();
      out.println(" デモの役割 (架空の職員) / demo roles (fictional staff):");
      for (DemoRoles.Assigned a : roles) {
        if (a.roles().contains(KeycloakRealmConfigurator.ADMIN_ROLE)
            || a.roles().contains(KeycloakRealmConfigurator.CISO_ROLE)
            || a.roles().contains(KeycloakRealmConfigurator.AUDITOR_ROLE)) {
          String password =
              created.contains(a.username())
                  ? credentials.get().temporaryPassword(a.username())
                  : "-";
          out.printf(
              "   %-6s %s (%s) %s  仮パスワード / temporary password: %s%n",
              a.username(), a.fullName(), a.title(), a.roles(), password);
          if (a.roles().contains(KeycloakRealmConfigurator.ADMIN_ROLE)) {
            out.printf(
                "          本人確認用認証器の登録コード / step-up enrolment code (/me/step-up): %s%n",
                credentials.get().enrolmentCode(a.username()));
          }
        }
      }
      out.println("   各課長は所属長 (mamori-section-head) / every 課長 is a section head");
      out.println(
          "   管理画面 /admin, 報告書 /admin/reports, ID棚卸 /inventory / admin console, reports,"
              + " ID inventory");
    }
    guide.ifPresent(g -> g.print(out, created, credentials.get()));
    out.println(" 停止するには Ctrl+C / press Ctrl+C to stop");
    out.println("================================================================================");
    out.println();
  }

  private static String status(Status status) {
    return switch (status) {
      case APPLIED -> "適用済み / applied";
      case PARTIAL -> "一部適用 (再適用で完了します) / partly applied (apply again to complete)";
      case HELD -> "保留: 管理者の承認が必要です / held: an administrator must approve it";
      case EMPTY -> "変更なし / nothing to change";
      default -> status.name();
    };
  }
}
