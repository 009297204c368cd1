package jp.mamori.authz.sso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.authz.browser.Browser;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Scope;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.hrsync.hr.HrFileException;

/** Fixtures shared by the tests that run the whole service on the embedded stack. */
final class TestStack {

  /** One port for the whole test JVM, so that every Spring context of the run is the same one. */
  static final int PORT = freePort();

  private static final Duration WAIT = Duration.ofSeconds(30);

  static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";

  private TestStack() {}

  /**
   * Logs {@code username} in to the console through Keycloak's login page (a permanent password)
   * and waits for the staff page.
   */
  static void login(Browser browser, String username, String password) {
    browser.open(baseUrl() + "/me");
    browser.waitFor("#username", WAIT);
    browser.type("#username", username);
    browser.type("#password", password);
    browser.click("#kc-login");
    browser.waitForUrl(url -> url.startsWith(baseUrl() + "/me"), WAIT);
  }

  /**
   * Waits until the page in {@code browser} is the console's refusal: Spring Boot's error page for
   * 403 Forbidden ("type=Forbidden, status=403"), which the console shows to someone whose roles do
   * not open a screen. A test that then checks what the page lacks checks the refusal, not a page
   * still loading.
   */
  static void awaitForbidden(Browser browser) {
    browser.waitForText("status=403", WAIT);
  }

  static String baseUrl() {
    return "http://localhost:" + PORT;
  }

  /**
   * Onboards the one person of {@code hrFile} as the daily run does: a plan for that person alone
   * (the shared test realm holds other tests' accounts, which a plan for everyone would report as
   * missing from HR), applied; then a temporary password issued by a desk as an administrator would
   * (PW-4), returned for the first login.
   */
  static String onboard(
      LifecycleService lifecycle, TemporaryPasswords passwords, Path hrFile, String employeeNumber)
      throws HrFileException {
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    LifecycleService.StoredPlan plan =
        lifecycle.plan(hrFile, today, Scope.of(java.util.Set.of(employeeNumber)));
    org.assertj.core.api.Assertions.assertThat(plan.status())
        .as("the plan for %s alone", employeeNumber)
        .isEqualTo(Status.READY);
    org.assertj.core.api.Assertions.assertThat(lifecycle.apply(plan.id(), today).status())
        .as("the plan for %s applied", employeeNumber)
        .isEqualTo(Status.APPLIED);
    return passwords
        .issue(employeeNumber, "it-desk", TemporaryPasswords.Handover.IN_PERSON)
        .password()
        .reveal();
  }

  /** Writes a one-person HR export (fictional, GV-8) in UTF-8. */
  static Path hrFile(
      Path dir,
      String employeeNumber,
      String name,
      String kana,
      String sectionCode,
      String sectionName) {
    try {
      Path file = dir.resolve("hr-" + employeeNumber + ".csv");
      Files.writeString(
          file,
          HEADER
              + "\n"
              + String.join(
                  ",",
                  employeeNumber,
                  name,
                  kana,
                  sectionCode,
                  sectionName,
                  "主事",
                  "01",
                  "01",
                  "2026-04-01",
                  "")
              + "\n",
          StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A free port below Linux's ephemeral range (32768–60999), so that no other part started later
   * (Keycloak, PostgreSQL, LDAP all take ephemeral ports) can be handed the same port before the
   * web server binds it.
   */
  private static int freePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = 20_000 + random.nextInt(10_000);
      try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port found in 20000–29999 for the test server");
  }
}
