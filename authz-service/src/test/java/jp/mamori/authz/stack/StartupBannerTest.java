package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.authz.sync.StartupSync;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.Test;

/**
 * The start-up banner writes credentials to standard output only in the demo: under systemd or in a
 * container standard output is the log.
 */
class StartupBannerTest {

  private static final String PASSWORD = "Tmp-Pass-Word-7421";
  private static final String CODE = "ENROLCODE2345678";

  @Test
  void bannerWhenNotTheDemoThenNoTemporaryPasswordAndNoEnrolmentCode() {
    List<String> asked = new ArrayList<>();

    String printed = print(applied(), Optional.empty(), asked);

    assertThat(printed)
        .contains("人事データ同期 / HR sync: 同期計画 #7 適用済み / applied — 登録 1 人, 変更 2 件 (適用 2 件)");
    assertThat(printed).doesNotContain(PASSWORD).doesNotContain(CODE);
    assertThat(printed).contains("demo プロファイルでのみ表示します");
    assertThat(asked).as("no credential is even issued outside the demo").isEmpty();
  }

  @Test
  void bannerWhenTheDemoThenTemporaryPasswordsAndTheAdministratorsEnrolmentCode() {
    List<String> asked = new ArrayList<>();

    String printed = print(applied(), Optional.of(credentials(asked)), asked);

    assertThat(printed).contains(PASSWORD, "step-up enrolment code (/me/step-up): " + CODE);
    assertThat(asked)
        .as("one temporary password per joiner, even when printed twice")
        .containsExactly("password 10029", "code 10029");
  }

  @Test
  void bannerWhenThePlanIsHeldThenItsReasonsAndNoPasswordsEvenInTheDemo() {
    List<String> asked = new ArrayList<>();
    StartupSync.Result held =
        new StartupSync.Result(
            8,
            Status.HELD,
            List.of("10029"),
            3,
            0,
            0,
            List.of("アカウントのある職員 3 人が人事ファイルにありません / 3 account holders are missing"),
            Optional.empty());

    String printed = print(held, Optional.of(credentials(asked)), asked);

    assertThat(printed).contains("同期計画 #8 保留: 管理者の承認が必要です", "保留の理由 / held because: アカウントのある職員 3 人");
    assertThat(printed).doesNotContain(PASSWORD);
    assertThat(asked).containsExactly("code 10029");
  }

  @Test
  void bannerWhenTheDemoGuideThenTheWalkThroughWithTheSampleUsersAndSystems() {
    List<String> asked = new ArrayList<>();
    StartupSync.Result sample =
        new StartupSync.Result(
            9,
            Status.APPLIED,
            List.of("10001", "10029", "10042"),
            3,
            3,
            0,
            List.of(),
            Optional.empty());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StartupBanner.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "http://localhost:8080",
        "http://localhost:8081/realms/mamori",
        sample,
        List.of(),
        Optional.of(credentials(asked)),
        Optional.of(new DemoGuide("http://localhost:8080")));
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .contains(
            "デモの手順",
            "What to try",
            "http://localhost:8080/demo/juki",
            "http://localhost:8080/demo/lgwan",
            "10042 (藤原 康介, 土木課) 仮パスワード / temporary password: " + PASSWORD,
            "特権ID demo-admin",
            "docs/demo.md");
    assertThat(printed.indexOf("デモの手順")).isLessThan(printed.indexOf("停止するには"));
    assertThat(asked).contains("password 10001", "password 10042");
  }

  @Test
  void bannerWhenNotTheDemoThenNoGuide() {
    String printed = print(applied(), Optional.empty(), new ArrayList<>());

    assertThat(printed).doesNotContain("デモの手順", "/demo/juki");
  }

  private static StartupSync.Result applied() {
    return new StartupSync.Result(
        7, Status.APPLIED, List.of("10029"), 2, 2, 0, List.of(), Optional.empty());
  }

  private static StartupBanner.DemoCredentials credentials(List<String> asked) {
    java.util.Map<String, String> issued = new java.util.HashMap<>();
    return new StartupBanner.DemoCredentials() {
      @Override
      public String temporaryPassword(String username) {
        return issued.computeIfAbsent(
            username,
            u -> {
              asked.add("password " + u);
              return PASSWORD;
            });
      }

      @Override
      public String enrolmentCode(String username) {
        asked.add("code " + username);
        return CODE;
      }
    };
  }

  private static String print(
      StartupSync.Result result,
      Optional<StartupBanner.DemoCredentials> credentials,
      List<String> asked) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StartupBanner.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "http://localhost:8080",
        "http://localhost:8081/realms/mamori",
        result,
        List.of(
            new DemoRoles.Assigned(
                "10029", "情報 一郎", "情報システム課課長", List.of(KeycloakRealmConfigurator.ADMIN_ROLE))),
        credentials);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
