package jp.mamori.authz.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Headless Debian Chromium driven over the W3C WebDriver protocol by Debian's chromedriver, with
 * the JDK's HTTP client: no Selenium, nothing downloaded at run time.
 *
 * <p>Started with the flags known to work on these machines (see {@code
 * shared/notes/environment.md}) and a fresh profile directory, so that no password is ever saved
 * between tests. Not thread-safe: one test thread per browser.
 */
public final class Browser implements AutoCloseable {

  private static final String ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(100);

  private final Process driver;
  private final Path profile;
  private final String base;
  private final String session;
  private final HttpClient http = HttpClient.newHttpClient();

  private Browser(Process driver, Path profile, String base, String session) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
    this.session = session;
  }

  /** Starts chromedriver and a headless Chromium session. */
  public static Browser start() {
    String chromedriver = setting("mamori.chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
    String chromium = setting("mamori.chromium", "CHROMIUM", "/usr/bin/chromium");
    for (String binary : List.of(chromedriver, chromium)) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(
            "Expected an executable "
                + binary
                + " for the browser tests; found none. Install Debian's browser: apt-get install"
                + " chromium chromium-driver");
      }
    }
    try {
      Path profile = Files.createTempDirectory("mamori-chromium-");
      int port = freePort();
      Process driver =
          new ProcessBuilder(chromedriver, "--port=" + port)
              .redirectErrorStream(true)
              .redirectOutput(profile.resolve("chromedriver.log").toFile())
              .start();
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();
      awaitDriver(http, base, driver);
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("binary", chromium);
      // Japanese first, as staff's browsers are set (Keycloak picks its language from this).
      options.put("prefs", Map.of("intl.accept_languages", "ja,en"));
      options.put(
          "args",
          List.of(
              "--headless=new",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-dev-shm-usage",
              "--password-store=basic",
              "--window-size=1280,1024",
              "--lang=ja",
              "--user-data-dir=" + profile.resolve("profile")));
      Map<String, Object> capabilities =
          Map.of(
              "capabilities",
              Map.of(
                  "alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options)));
      JsonNode created = send(http, "POST", base + "/session", capabilities);
      String session = created.path("value").path("sessionId").asString();
      return new Browser(driver, profile, base, session);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start chromedriver", e);
    }
  }

  public void open(String url) {
    command("POST", "/url", Map.of("url", url));
  }

  public String currentUrl() {
    return command("GET", "/url", null).path("value").asString();
  }

  public String title() {
    return command("GET", "/title", null).path("value").asString();
  }

  public String pageSource() {
    return command("GET", "/source", null).path("value").asString();
  }

  /** Clears the field matched by {@code cssSelector} and types {@code text} into it. */
  public void type(String cssSelector, String text) {
    String element = find(cssSelector);
    command("POST", "/element/" + element + "/clear", Map.of());
    command("POST", "/element/" + element + "/value", Map.of("text", text));
  }

  public void click(String cssSelector) {
    command("POST", "/element/" + find(cssSelector) + "/click", Map.of());
  }

  /** The rendered text of the element, trimmed. */
  public String text(String cssSelector) {
    return command("GET", "/element/" + find(cssSelector) + "/text", null)
        .path("value")
        .asString()
        .strip();
  }

  public boolean isPresent(String cssSelector) {
    JsonNode found =
        command("POST", "/elements", Map.of("using", "css selector", "value", cssSelector));
    return !found.path("value").isEmpty();
  }

  public void waitFor(String cssSelector, Duration timeout) {
    await(() -> isPresent(cssSelector), "an element " + cssSelector, timeout);
  }

  public void waitForUrl(Predicate<String> condition, Duration timeout) {
    await(() -> condition.test(currentUrl()), "a matching URL", timeout);
  }

  public Object executeScript(String script, Object... args) {
    JsonNode result =
        command("POST", "/execute/sync", Map.of("script", script, "args", List.of(args)))
            .path("value");
    return result.isNull() ? null : JSON.treeToValue(result, Object.class);
  }

  public byte[] screenshotPng() {
    return Base64.getDecoder().decode(command("GET", "/screenshot", null).path("value").asString());
  }

  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, screenshotPng());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a CTAP2 platform authenticator with user verification (WebAuthn Level 3 §11.3), as a
   * fingerprint reader would be; {@code userVerified} says whether it reports the user verified.
   *
   * @return the authenticator's ID
   */
  public String addVirtualAuthenticator(boolean userVerified) {
    return command(
            "POST",
            "/webauthn/authenticator",
            Map.of(
                "protocol",
                "ctap2",
                "transport",
                "internal",
                "hasResidentKey",
                true,
                "hasUserVerification",
                true,
                "isUserConsenting",
                true,
                "isUserVerified",
                userVerified))
        .path("value")
        .asString();
  }

  public void removeVirtualAuthenticator(String authenticatorId) {
    command("DELETE", "/webauthn/authenticator/" + authenticatorId, null);
  }

  public List<JsonNode> credentials(String authenticatorId) {
    List<JsonNode> result = new ArrayList<>();
    command("GET", "/webauthn/authenticator/" + authenticatorId + "/credentials", null)
        .path("value")
        .forEach(result::add);
    return result;
  }

  public void setUserVerified(String authenticatorId, boolean verified) {
    command(
        "POST",
        "/webauthn/authenticator/" + authenticatorId + "/uv",
        Map.of("isUserVerified", verified));
  }

  /** Ends the session, stops chromedriver and Chromium, and removes the profile. */
  @Override
  public void close() {
    try {
      send(http, "DELETE", base + "/session/" + session, null);
    } catch (RuntimeException e) {
      // the driver may already be gone; the processes are stopped below in any case
    }
    List<ProcessHandle> children = driver.descendants().toList();
    driver.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      driver.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try (Stream<Path> paths = Files.walk(profile)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private String find(String cssSelector) {
    JsonNode found =
        command("POST", "/element", Map.of("using", "css selector", "value", cssSelector));
    String id = found.path("value").path(ELEMENT_KEY).asString("");
    if (id.isEmpty()) {
      throw new IllegalStateException("No element reference for " + cssSelector + " in " + found);
    }
    return id;
  }

  private void await(java.util.function.BooleanSupplier condition, String what, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (IllegalStateException e) {
        // page in transition (stale element, navigation); try again
      }
      sleep(POLL);
    }
    String visible;
    try {
      Object text = executeScript("return document.body ? document.body.innerText : ''");
      visible = String.valueOf(text);
    } catch (RuntimeException e) {
      visible = "(unavailable: " + e.getMessage() + ")";
    }
    throw new IllegalStateException(
        "Waited "
            + timeout.toSeconds()
            + " s for "
            + what
            + "; the browser is at "
            + currentUrl()
            + " showing:\n"
            + visible.substring(0, Math.min(2000, visible.length())));
  }

  private JsonNode command(String method, String path, Object body) {
    return send(http, method, base + "/session/" + session + path, body);
  }

  private static JsonNode send(HttpClient http, String method, String url, Object body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json; charset=utf-8")
            .method(method, publisher)
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            "WebDriver "
                + method
                + " "
                + url
                + " failed: "
                + json.path("value").path("error").asString()
                + ": "
                + json.path("value").path("message").asString());
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("WebDriver " + method + " " + url + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitDriver(HttpClient http, String base, Process driver) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (!driver.isAlive()) {
        throw new IllegalStateException("chromedriver exited with code " + driver.exitValue());
      }
      try {
        JsonNode status = send(http, "GET", base + "/status", null);
        if (status.path("value").path("ready").asBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      sleep(POLL);
    }
    driver.destroyForcibly();
    throw new IllegalStateException("chromedriver was not ready within 20 s");
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property, System.getenv(env));
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
