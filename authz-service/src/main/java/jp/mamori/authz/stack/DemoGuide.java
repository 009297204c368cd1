package jp.mamori.authz.stack;

import java.io.PrintStream;
import java.util.List;

/**
 * The demo's walk-through, printed in the start-up banner (demo profile only): what to try, in
 * which order, as which fictional member of staff. The same walk-through is in docs/demo.md.
 *
 * @param baseUrl where the console and the sample systems are served
 */
record DemoGuide(String baseUrl) {

  /** 市民課 主任: in the My Number tier (K01), one of the first joiners. */
  static final String TIER_USER = "10001";

  /** 土木課 技師: outside the My Number tier (D01), an LGWAN-tier user like everyone. */
  static final String OUTSIDE_USER = "10042";

  void print(PrintStream out, List<String> created, StartupBanner.DemoCredentials credentials) {
    String tierPassword = password(TIER_USER, created, credentials);
    String outsidePassword = password(OUTSIDE_USER, created, credentials);
    out.println();
    out.println(" デモの手順 (架空の職員) / What to try (fictional staff)");
    out.println(" 1. SSO ログインと初回のパスワード変更 / SSO login and the first password change");
    out.printf(
        "    %s/me に %s (山田 太郎, 市民課) と仮パスワード %s でログインし、新しいパスワードを決める%n",
        baseUrl, TIER_USER, tierPassword);
    out.printf(
        "    log in at %s/me as %s with temporary password %s and choose a new password%n",
        baseUrl, TIER_USER, tierPassword);
    out.println(" 2. マイナンバー利用事務系の住民記録システム (サンプル) / My Number tier: resident records (sample)");
    out.printf(
        "    %s/demo/juki を %s で開く: パスワードの後、生体認証または PIN で本人確認するパスキー/セキュリティキーを登録%n",
        baseUrl, TIER_USER);
    out.println(
        "    open it as "
            + TIER_USER
            + ": after the password, register a passkey or security key that verifies you"
            + " (fingerprint, face or PIN); the page shows acr=mfa");
    out.println(" 3. 層の外の職員は拒否される / staff outside the tier are refused");
    out.printf(
        "    %s (藤原 康介, 土木課) 仮パスワード / temporary password: %s%n", OUTSIDE_USER, outsidePassword);
    out.printf(
        "    %s/demo/juki は拒否、%s/demo/lgwan (グループウェア, LGWAN接続系) はパスワードだけで開く%n", baseUrl, baseUrl);
    out.println(
        "    the resident records are refused; the groupware (LGWAN tier) opens with the password");
    out.printf(
        " 4. 特権ID %s (ディレクトリ管理者) / privileged ID %s (directory administrator)%n",
        DemoPrivileged.ID, DemoPrivileged.ID);
    out.printf(
        "    %s と %s は上の登録コードで %s/me/step-up に認証器を登録してから: %s が %s/privileged で申請 → %s"
            + " が承認 → %s が払い出し (パスワードは 1 度だけ表示) → 返却するとパスワードが変わる%n",
        DemoPrivileged.DEPUTY,
        DemoPrivileged.HEAD,
        baseUrl,
        DemoPrivileged.DEPUTY,
        baseUrl,
        DemoPrivileged.HEAD,
        DemoPrivileged.DEPUTY);
    out.printf(
        "    %s and %s first register a step-up key at /me/step-up with the enrolment codes above;"
            + " %s requests it at /privileged, %s approves, %s takes it (the password is shown"
            + " once) and checks it in (the password is changed)%n",
        DemoPrivileged.DEPUTY,
        DemoPrivileged.HEAD,
        DemoPrivileged.DEPUTY,
        DemoPrivileged.HEAD,
        DemoPrivileged.DEPUTY);
    out.println(" 5. 管理画面 / console");
    out.printf(
        "    %s (管理者) %s/admin, %s (CISO) 例外措置と処分, %s (監査) 報告書 %s/admin/reports%n",
        DemoPrivileged.HEAD, baseUrl, "10035", "10036", baseUrl);
    out.println(
        "    administrator: accounts, sync plans; CISO: exceptions and sanctions; auditor: reports");
    out.println("    詳しくは docs/demo.md / the walk-through in full: docs/demo.md");
  }

  private static String password(
      String username, List<String> created, StartupBanner.DemoCredentials credentials) {
    return created.contains(username)
        ? credentials.temporaryPassword(username)
        : "- (作成済み / set earlier)";
  }
}
