package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.sync.ProvisioningOutcome;
import jp.mamori.hrsync.sync.SyncReport;
import jp.mamori.hrsync.sync.TemporaryPassword;
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
    String printed = print(Optional.empty());

    assertThat(printed).contains("人事データ同期 / HR sync: 登録 1 件");
    assertThat(printed).doesNotContain(PASSWORD).doesNotContain(CODE);
    assertThat(printed).contains("demo プロファイルでのみ表示します");
  }

  @Test
  void bannerWhenTheDemoThenTemporaryPasswordsAndTheAdministratorsEnrolmentCode() {
    String printed = print(Optional.of(username -> username.equals("10029") ? CODE : "?"));

    assertThat(printed).contains(PASSWORD, "step-up enrolment code (/me/step-up): " + CODE);
  }

  private static String print(Optional<UnaryOperator<String>> credentials) {
    SyncReport report =
        new SyncReport(
            Path.of("sample.csv"),
            Instant.parse("2027-04-01T00:00:00Z"),
            Instant.parse("2027-04-01T00:00:01Z"),
            List.of(
                new ProvisioningOutcome.Created(
                    "10029",
                    "10029",
                    "K20",
                    true,
                    "uid=10029",
                    true,
                    "id-10029",
                    Optional.of(new TemporaryPassword(PASSWORD.toCharArray())))),
            List.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StartupBanner.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "http://localhost:8080",
        "http://localhost:8081/realms/mamori",
        report,
        List.of(
            new DemoRoles.Assigned(
                "10029", "情報 一郎", "情報システム課課長", List.of(KeycloakRealmConfigurator.ADMIN_ROLE))),
        credentials);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
