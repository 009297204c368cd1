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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import jp.mamori.testing.Poll;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Headless Debian Chromium driven over the W3C WebDriver protocol by Debian's chromedriver, with
 * the JDK's HTTP client: no Selenium, nothing downloaded at run time.
 *
 * <p>Each browser gets its own chromedriver on a free loopback port and a fresh profile in a
 * temporary directory, so no cookie, password or WebAuthn credential outlives the test; {@link
 * #close()} stops both processes and removes the directory. The binaries default to {@code
 * /usr/bin/chromedriver} and {@code /usr/bin/chromium}; override them with the system properties
 * {@code mamori.chromedriver} / {@code mamori.chromium} or the environment variables {@code
 * CHROMEDRIVER} / {@code CHROMIUM}.
 *
 * <p>Every WebDriver error becomes an {@link IllegalStateException} naming the command, the W3C
 * error code and chromedriver's message. Every wait goes through {@link Poll}; one that times out
 * throws an {@link IllegalStateException} with the URL and the page's visible text. Not
 * thread-safe: one test thread per browser.
 *
 * <p>What {@link #click} and {@link #open} guarantee: chromedriver waits for a navigation that the
 * command itself started (a link, a plain form) to load. It does not wait for what the page's
 * script does later: a fetch, a WebAuthn step-up that submits its form when the authenticator has
 * answered, a form sent after a confirmation dialog. After such a click, wait for something only
 * the new page has ({@link #waitFor}, {@link #waitForUrl}), or mark the page first ({@link
 * #markPage()}) and {@link #waitForNewPage} when the new page has the same elements as the old.
 */
public final class Browser implements AutoCloseable {

  /**
   * The W3C web element identifier (WebDriver §12.2), which chromedriver 156 returns. The key
   * {@code element-6066-11e4-a52e-4a5c4a5c4a5c} that circulates in some notes is not it.
   */
  private static final String ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DRIVER_READY = Duration.ofSeconds(20);

  /** Longer than the session's page-load timeout, so chromedriver reports a slow page itself. */
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  private static final List<String> CHROMIUM_ARGS =
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
          "--lang=ja");

  // HTTP/1.1: the JDK's default HTTP/2 upgrade attempt is useless against chromedriver.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Path directory;
  private final Process driver;
  private final String base;
  private final Thread reaper;
  private String session;
  private boolean closed;

  private Browser(Path directory, Process driver, String base) {
    this.directory = directory;
    this.driver = driver;
    this.base = base;
    // If a test forgets close() or the JVM is stopped, leave no Chromium and no profile behind.
    this.reaper =
        new Thread(
            () -> {
              stopProcesses();
              deleteRecursively(directory);
            },
            "browser-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts chromedriver and a headless Chromium session (Japanese UI and {@code Accept-Language:
   * ja}, as staff's browsers are set).
   *
   * @throws IllegalStateException if a binary is missing, or chromedriver is not ready within 20 s
   */
  public static Browser start() {
    String chromedriver = setting("mamori.chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
    String chromium = setting("mamori.chromium", "CHROMIUM", "/usr/bin/chromium");
    for (String binary : List.of(chromedriver, chromium)) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(
            "Expected an executable "
                + binary
                + " for the browser tests; found none. Install Debian's browser with"
                + " `apt-get install chromium chromium-driver`, or point -Dmamori.chromedriver /"
                + " -Dmamori.chromium (CHROMEDRIVER / CHROMIUM) at other binaries.");
      }
    }
    Path directory = createTempDirectory();
    Browser browser = null;
    try {
      browser = launch(chromedriver, directory);
      browser.session = browser.newSession(chromium);
      return browser;
    } catch (RuntimeException e) {
      if (browser != null) {
        browser.close();
      } else {
        deleteRecursively(directory);
      }
      throw e;
    }
  }

  /** Navigates and waits for the page to load (the session's page-load timeout is 60 s). */
  public void open(String url) {
    command("POST", "/url", Map.of("url", url));
  }

  public String currentUrl() {
    return command("GET", "/url", null).asString();
  }

  public String title() {
    return command("GET", "/title", null).asString();
  }

  public String pageSource() {
    return command("GET", "/source", null).asString();
  }

  /**
   * Clears the editable element matched by {@code cssSelector}, then types {@code text}. If the
   * page was replaced between finding the element and typing (a navigation that had not quite
   * finished), the element is looked up once more on the new page.
   */
  public void type(String cssSelector, String text) {
    try {
      typeOnce(cssSelector, text);
    } catch (IllegalStateException e) {
      if (e.getMessage() == null || !e.getMessage().contains("stale element reference")) {
        throw e;
      }
      typeOnce(cssSelector, text);
    }
  }

  private void typeOnce(String cssSelector, String text) {
    String element = find(cssSelector);
    command("POST", "/element/" + element + "/clear", Map.of());
    command("POST", "/element/" + element + "/value", Map.of("text", text));
  }

  /** Chooses {@code file} in the file input matched by {@code cssSelector}, as a user would. */
  public void upload(String cssSelector, java.nio.file.Path file) {
    command(
        "POST",
        "/element/" + find(cssSelector) + "/value",
        Map.of("text", file.toAbsolutePath().toString()));
  }

  /** Clicks the centre of the element, as a user would; fails if something else covers it. */
  public void click(String cssSelector) {
    command("POST", "/element/" + find(cssSelector) + "/click", Map.of());
  }

  /** The element's rendered (visible) text, stripped of leading and trailing white space. */
  public String text(String cssSelector) {
    // a page replaced between finding the element and reading it (a redirect still arriving)
    // leaves a stale reference: the element is found again on the page now shown, a few times
    for (int attempt = 1; ; attempt++) {
      try {
        return command("GET", "/element/" + find(cssSelector) + "/text", null).asString().strip();
      } catch (IllegalStateException e) {
        if (attempt >= 5 || e.getMessage() == null || !e.getMessage().contains("stale element")) {
          throw e;
        }
      }
    }
  }

  /** Whether the current page has an element matching {@code cssSelector}, visible or not. */
  public boolean isPresent(String cssSelector) {
    return !command("POST", "/elements", locator(cssSelector)).isEmpty();
  }

  /**
   * Waits until an element matches {@code cssSelector}.
   *
   * @throws IllegalStateException on timeout, with the URL and the page's visible text
   */
  public void waitFor(String cssSelector, Duration timeout) {
    waitUntil("an element matching " + cssSelector, () -> isPresent(cssSelector), timeout);
  }

  /**
   * Waits until the current URL satisfies {@code condition}.
   *
   * @throws IllegalStateException on timeout, with the URL and the page's visible text
   */
  public void waitForUrl(Predicate<String> condition, Duration timeout) {
    waitUntil("a URL matching the condition", () -> condition.test(currentUrl()), timeout);
  }

  /**
   * Waits until the page's visible text contains {@code text}.
   *
   * @throws IllegalStateException on timeout, with the URL and the page's visible text
   */
  public void waitForText(String text, Duration timeout) {
    waitUntil("the page to show \"" + text + "\"", () -> visibleText().contains(text), timeout);
  }

  /**
   * Marks the document shown now, so that {@link #waitForNewPage} can tell when another has
   * replaced it: for a click whose navigation a script or a dialog starts later, when the new page
   * has the same elements as this one (a {@code #done} notice on both).
   */
  public void markPage() {
    executeScript("document.documentElement.setAttribute('data-mamori-marked', '')");
  }

  /**
   * Waits until the document marked by {@link #markPage()} has been replaced by another.
   *
   * @throws IllegalStateException on timeout, with the URL and the page's visible text
   */
  public void waitForNewPage(Duration timeout) {
    waitUntil(
        "a new page in place of the marked one",
        () -> isPresent("html:not([data-mamori-marked])"),
        timeout);
  }

  /**
   * Waits with {@link Poll} until {@code condition} holds. WebDriver errors while the page is
   * between documents (a stale element, a script run during a navigation) count as "not yet"; the
   * last one goes into the failure message, in case it was the cause (an invalid selector).
   *
   * @param what what is awaited, as the failure message should name it
   * @throws IllegalStateException on timeout, with the URL and the page's visible text
   */
  public void waitUntil(String what, Poll.Condition condition, Duration timeout) {
    String[] lastError = {"none"};
    try {
      Poll.until(
          what,
          timeout,
          () -> {
            try {
              return condition.holds();
            } catch (IllegalStateException e) {
              lastError[0] = e.getMessage();
              return false;
            } catch (AssertionError e) {
              throw new ConditionFailed(e); // the condition's own failure, not a timeout
            }
          });
    } catch (ConditionFailed e) {
      throw e.failure;
    } catch (AssertionError e) {
      throw new IllegalStateException(
          "Waited %d ms for %s (last WebDriver error: %s); %s"
              .formatted(timeout.toMillis(), what, lastError[0], whereAndWhat()),
          e);
    }
  }

  /** The text the page shows (its body's {@code innerText}). */
  public String visibleText() {
    return String.valueOf(executeScript("return document.body ? document.body.innerText : '';"));
  }

  /**
   * Runs {@code script} as the body of a function in the page; {@code arguments[i]} are {@code
   * args}. JSON results come back as {@link String}, {@link Number}, {@link Boolean}, {@link List},
   * {@link Map} or {@code null}.
   */
  public Object executeScript(String script, Object... args) {
    // Arrays.asList, not List.of: a null argument is legitimate.
    JsonNode result =
        command("POST", "/execute/sync", Map.of("script", script, "args", Arrays.asList(args)));
    return result.isNull() ? null : JSON.treeToValue(result, Object.class);
  }

  /**
   * Waits for a dialog (confirm, alert, prompt) and returns its text; the dialog stays open for
   * {@link #acceptDialog()} or {@link #dismissDialog()}. (A dialog nobody answers is accepted by
   * the next command: the session's {@code unhandledPromptBehavior}.)
   *
   * @throws IllegalStateException when no dialog opens within {@code timeout}
   */
  public String waitForDialog(Duration timeout) {
    String[] text = new String[1];
    waitUntil(
        "a dialog",
        () -> {
          text[0] = command("GET", "/alert/text", null).asString();
          return true;
        },
        timeout);
    return text[0];
  }

  /** Answers the open dialog with OK, as a person would. */
  public void acceptDialog() {
    command("POST", "/alert/accept", Map.of());
  }

  /** Answers the open dialog with Cancel, as a person would. */
  public void dismissDialog() {
    command("POST", "/alert/dismiss", Map.of());
  }

  /** A PNG of the viewport. */
  public byte[] screenshotPng() {
    return Base64.getDecoder().decode(command("GET", "/screenshot", null).asString());
  }

  /** Writes a PNG of the viewport to {@code file}, creating its directories. */
  public void screenshot(Path file) {
    byte[] png = screenshotPng();
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the screenshot " + file, e);
    }
  }

  /**
   * Adds a virtual CTAP2 platform authenticator (Web Authentication Level 3 §11.3) that holds
   * discoverable credentials and verifies users, as a fingerprint reader would. It always reports
   * user presence; {@code userVerified} says whether it also reports the user verified (UV), so
   * {@code false} lets a test show that a relying party requiring UV refuses the ceremony.
   *
   * @return the authenticator's ID, for the other WebAuthn methods
   */
  public String addVirtualAuthenticator(boolean userVerified) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("protocol", "ctap2");
    options.put("transport", "internal");
    options.put("hasResidentKey", true);
    options.put("hasUserVerification", true);
    options.put("isUserConsenting", true);
    options.put("isUserVerified", userVerified);
    return command("POST", "/webauthn/authenticator", options).asString();
  }

  /**
   * Sends every later request of this browser with {@code headers} added, as a proxy in front of
   * the service would (Chrome DevTools Protocol through chromedriver).
   */
  public void addRequestHeaders(Map<String, String> headers) {
    command("POST", "/goog/cdp/execute", Map.of("cmd", "Network.enable", "params", Map.of()));
    command(
        "POST",
        "/goog/cdp/execute",
        Map.of("cmd", "Network.setExtraHTTPHeaders", "params", Map.of("headers", headers)));
  }

  /** Removes the authenticator and every credential it holds. */
  public void removeVirtualAuthenticator(String authenticatorId) {
    command("DELETE", "/webauthn/authenticator/" + authenticatorId, null);
  }

  /**
   * The credentials the authenticator holds, as WebDriver's Credential Parameters ({@code
   * credentialId}, {@code isResidentCredential}, {@code rpId}, {@code privateKey}, {@code
   * userHandle}, {@code signCount}). They include the private key: never log them.
   */
  public List<JsonNode> credentials(String authenticatorId) {
    List<JsonNode> result = new ArrayList<>();
    command("GET", "/webauthn/authenticator/" + authenticatorId + "/credentials", null)
        .forEach(result::add);
    return List.copyOf(result);
  }

  /** Changes whether the authenticator reports the user verified in later ceremonies. */
  public void setUserVerified(String authenticatorId, boolean verified) {
    command(
        "POST",
        "/webauthn/authenticator/" + authenticatorId + "/uv",
        Map.of("isUserVerified", verified));
  }

  /** Ends the session, stops chromedriver and Chromium, and removes the profile. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (session != null && driver.isAlive()) {
      try {
        send("DELETE", base + "/session/" + session, null, Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        // Chromium is stopped below whether or not it quit cleanly.
      }
    }
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the hook runs anyway
    }
    deleteRecursively(directory);
  }

  private static Browser launch(String chromedriver, Path directory) {
    Path log = directory.resolve("chromedriver.log");
    // A port found free can be taken before chromedriver binds it; a second port settles that.
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Process process;
      try {
        process =
            new ProcessBuilder(chromedriver, "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start " + chromedriver, e);
      }
      Browser browser = new Browser(directory, process, "http://127.0.0.1:" + port);
      try {
        browser.awaitReady(log);
        return browser;
      } catch (IllegalStateException e) {
        browser.stopProcesses();
        Runtime.getRuntime().removeShutdownHook(browser.reaper);
        if (attempt == 2) {
          throw e;
        }
      }
    }
  }

  private void awaitReady(Path log) {
    try {
      Poll.until(
          "chromedriver to report ready at " + base + "/status",
          DRIVER_READY,
          () -> {
            if (!driver.isAlive()) {
              throw new IllegalStateException(
                  "chromedriver exited with code "
                      + driver.exitValue()
                      + "; its log:\n"
                      + tail(log));
            }
            try {
              return send("GET", base + "/status", null, Duration.ofSeconds(2))
                  .path("ready")
                  .asBoolean();
            } catch (RuntimeException e) {
              return false; // not listening yet
            }
          });
    } catch (AssertionError e) {
      throw new IllegalStateException(
          "chromedriver did not report ready at "
              + base
              + "/status within "
              + DRIVER_READY.toSeconds()
              + " s; its log:\n"
              + tail(log),
          e);
    }
  }

  private String newSession(String chromium) {
    List<String> args = new ArrayList<>(CHROMIUM_ARGS);
    args.add("--user-data-dir=" + directory.resolve("profile"));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("binary", chromium);
    options.put("args", args);
    // Keycloak picks its language from Accept-Language.
    options.put("prefs", Map.of("intl.accept_languages", "ja,en"));
    Map<String, Object> capabilities =
        Map.of(
            "browserName",
            "chrome",
            "goog:chromeOptions",
            options,
            "timeouts",
            Map.of("pageLoad", 60_000, "script", 30_000),
            // Keycloak's WebAuthn registration asks for the authenticator's label in a prompt:
            // accepted with its suggested label, as a person pressing OK would
            "unhandledPromptBehavior",
            "accept");
    JsonNode created =
        send(
            "POST",
            base + "/session",
            Map.of("capabilities", Map.of("alwaysMatch", capabilities)),
            COMMAND_TIMEOUT);
    return created.path("sessionId").asString();
  }

  private String find(String cssSelector) {
    JsonNode element = command("POST", "/element", locator(cssSelector));
    String id = element.path(ELEMENT_KEY).asString("");
    if (id.isEmpty()) {
      throw new IllegalStateException(
          "Expected a W3C element reference for " + cssSelector + "; found " + element);
    }
    return id;
  }

  private static Map<String, String> locator(String cssSelector) {
    return Map.of("using", "css selector", "value", cssSelector);
  }

  /** Where the browser is and what it shows, for a failure message. */
  private String whereAndWhat() {
    String url;
    String visible;
    try {
      url = currentUrl();
      visible = visibleText();
    } catch (RuntimeException e) {
      url = "(unknown)";
      visible = "(unavailable: " + e.getMessage() + ")";
    }
    return "the browser is at %s showing:%n%s"
        .formatted(url, visible.substring(0, Math.min(2000, visible.length())));
  }

  /** Carries a condition's own assertion failure through {@link Poll}, which ends the wait. */
  private static final class ConditionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final AssertionError failure;

    ConditionFailed(AssertionError failure) {
      super(failure);
      this.failure = failure;
    }
  }

  /** Sends a session command; returns the response's {@code value}. */
  private JsonNode command(String method, String path, Object body) {
    if (closed || session == null) {
      throw new IllegalStateException("Expected an open browser for " + method + " " + path);
    }
    return send(method, base + "/session/" + session + path, body, COMMAND_TIMEOUT);
  }

  private JsonNode send(String method, String url, Object body, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("WebDriver " + method + " " + url + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during WebDriver " + method + " " + url, e);
    }
    JsonNode value;
    try {
      value = JSON.readTree(response.body()).path("value");
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "WebDriver %s %s answered %d with no JSON: %.200s"
              .formatted(method, url, response.statusCode(), response.body()));
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "WebDriver %s %s failed (%d %s): %s"
              .formatted(
                  method,
                  url,
                  response.statusCode(),
                  value.path("error").asString(),
                  value.path("message").asString()));
    }
    return value;
  }

  /** Stops chromedriver and everything it started (the Chromium wrapper, browser, renderers). */
  private void stopProcesses() {
    List<ProcessHandle> processes = new ArrayList<>(driver.descendants().toList());
    processes.add(driver.toHandle());
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property, System.getenv(env));
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("mamori-browser-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary profile directory", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.isBlank() ? "(empty)" : text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover directory under java.io.tmpdir is harmless
    }
  }
}
