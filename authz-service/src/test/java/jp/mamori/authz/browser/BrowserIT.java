package jp.mamori.authz.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link Browser} against real headless Chromium and pages served by the JDK's HTTP server: form
 * input and navigation, diagnosable waits, screenshots, and the virtual WebAuthn authenticator.
 */
class BrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final String FORM =
      """
      <!doctype html>
      <html lang="ja"><head><meta charset="utf-8"><title>名前の入力</title></head>
      <body>
        <form action="/done" method="get">
          <label>名前 <input id="name" name="name"></label>
          <button id="send" type="submit">送信</button>
        </form>
      </body></html>
      """;

  /**
   * Registers a credential on a button click, requiring user verification as Mamori's relying party
   * does, and writes {@code ok <credential ID>} or the DOMException's name into {@code #result}.
   */
  private static final String REGISTER =
      """
      <!doctype html>
      <html lang="ja"><head><meta charset="utf-8"><title>WebAuthn</title></head>
      <body>
        <button id="register">登録</button>
        <div id="result"></div>
        <script>
          const random = (n) => crypto.getRandomValues(new Uint8Array(n));
          document.getElementById('register').addEventListener('click', async () => {
            const result = document.getElementById('result');
            try {
              const credential = await navigator.credentials.create({publicKey: {
                rp: {name: 'Mamori'},
                user: {id: random(16), name: '30001', displayName: '北条 真理'},
                challenge: random(32),
                pubKeyCredParams: [{type: 'public-key', alg: -7}, {type: 'public-key', alg: -257}],
                authenticatorSelection: {authenticatorAttachment: 'platform',
                    residentKey: 'required', userVerification: 'required'},
                timeout: 10000,
              }});
              result.textContent = 'ok ' + credential.id;
            } catch (e) {
              result.textContent = e.name;
            }
          });
        </script>
      </body></html>
      """;

  private static HttpServer server;
  private static Browser browser;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/form", exchange -> respond(exchange, FORM));
    server.createContext("/webauthn", exchange -> respond(exchange, REGISTER));
    server.createContext(
        "/done",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          String name =
              URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8);
          respond(
              exchange,
              "<!doctype html><html lang=ja><meta charset=utf-8><title>完了</title>"
                  + "<p id=greeting>こんにちは, "
                  + escape(name)
                  + "</p>");
        });
    server.start();
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    server.stop(0);
  }

  @Test
  void submitWhenNameTypedThenGreetingPageShowsIt() throws IOException {
    browser.open(url("127.0.0.1", "/form"));
    assertThat(browser.title()).isEqualTo("名前の入力");
    browser.type("#name", "placeholder");
    browser.type("#name", "北条 真理");

    browser.click("#send");

    browser.waitForUrl(url -> url.contains("/done?name="), WAIT);
    browser.waitFor("#greeting", WAIT);
    assertThat(browser.text("#greeting")).isEqualTo("こんにちは, 北条 真理");
    assertThat(browser.currentUrl()).endsWith("/done?name=%E5%8C%97%E6%9D%A1+%E7%9C%9F%E7%90%86");
    assertThat(browser.pageSource()).contains("id=\"greeting\"");
    Path png = Path.of("target/screenshots/browser-test.png");
    browser.screenshot(png);
    assertThat(Files.readAllBytes(png))
        .startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')
        .hasSizeGreaterThan(1000);
  }

  @Test
  void executeScriptWhenArgumentsGivenThenReturnsJsonValues() {
    browser.open(url("127.0.0.1", "/form"));

    assertThat(browser.executeScript("return [arguments[0] + 1, arguments[1], null];", 41, "札幌"))
        .isEqualTo(Arrays.asList(42, "札幌", null));
    assertThat(browser.executeScript("return document.documentElement.lang;")).isEqualTo("ja");
  }

  @Test
  void waitForWhenElementNeverAppearsThenFailureShowsUrlAndVisibleText() {
    browser.open(url("127.0.0.1", "/form"));

    assertThatThrownBy(() -> browser.waitFor("#never", Duration.ofMillis(300)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("#never")
        .hasMessageContaining(url("127.0.0.1", "/form"))
        .hasMessageContaining("送信");
  }

  @Test
  void clickWhenNothingMatchesThenFailureNamesCommandAndWebDriverError() {
    browser.open(url("127.0.0.1", "/form"));

    assertThat(browser.isPresent("#missing")).isFalse();
    assertThatThrownBy(() -> browser.click("#missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POST")
        .hasMessageContaining("/element")
        .hasMessageContaining("no such element");
  }

  @Test
  void createWhenAuthenticatorVerifiesUserThenCredentialIsStoredOnIt() {
    try (Browser webauthn = Browser.start()) {
      String authenticator = webauthn.addVirtualAuthenticator(true);
      // A host name, not 127.0.0.1: an RP ID cannot be an IP address.
      webauthn.open(url("localhost", "/webauthn"));

      webauthn.click("#register");

      webauthn.waitFor("#result:not(:empty)", WAIT);
      String result = webauthn.text("#result");
      assertThat(result).startsWith("ok ");
      List<JsonNode> credentials = webauthn.credentials(authenticator);
      assertThat(credentials).hasSize(1);
      assertThat(credentials.getFirst().path("rpId").asString()).isEqualTo("localhost");
      assertThat(credentials.getFirst().path("isResidentCredential").asBoolean()).isTrue();
      assertThat(credentials.getFirst().path("credentialId").asString())
          .isEqualTo(result.substring("ok ".length()));
      webauthn.removeVirtualAuthenticator(authenticator);
    }
  }

  @Test
  void createWhenAuthenticatorCannotVerifyUserThenNotAllowed() {
    try (Browser webauthn = Browser.start()) {
      String authenticator = webauthn.addVirtualAuthenticator(false);
      webauthn.open(url("localhost", "/webauthn"));

      webauthn.click("#register");

      webauthn.waitFor("#result:not(:empty)", Duration.ofSeconds(20));
      assertThat(webauthn.text("#result")).isEqualTo("NotAllowedError");
      assertThat(webauthn.credentials(authenticator)).isEmpty();

      webauthn.setUserVerified(authenticator, true);
      webauthn.executeScript("document.getElementById('result').textContent = '';");
      webauthn.click("#register");
      webauthn.waitFor("#result:not(:empty)", WAIT);
      assertThat(webauthn.text("#result")).startsWith("ok ");
      assertThat(webauthn.credentials(authenticator)).hasSize(1);
    }
  }

  private static String url(String host, String path) {
    return "http://" + host + ":" + server.getAddress().getPort() + path;
  }

  private static void respond(HttpExchange exchange, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
