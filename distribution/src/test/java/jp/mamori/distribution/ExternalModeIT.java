package jp.mamori.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mamori.authz.stack.EmbeddedPostgres;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The archive in production (external) mode, installed as docs/install.md says: unpacked, the
 * production example of the shipped {@code config/application.yml} switched on and given this
 * site's addresses (nothing else changed), the secrets in the environment under the names the docs
 * give, a Keycloak administrator created in {@code master} as docs/keycloak.md says, the audit
 * signing key made with {@code bin/mamori audit keygen}, the HR file checked with {@code bin/mamori
 * check-hr}; then {@code bin/mamori serve} against a Keycloak, a PostgreSQL and an OpenLDAP ({@code
 * slapd}) started separately. Checked: readiness on the management port, a plan made and applied
 * with {@code bin/mamori plan} / {@code apply} while the service runs, and an SSO login of the
 * person the plan created to the console's staff page.
 */
class ExternalModeIT {

  private static final String ADMIN = "mamori-admin";
  private static final String ADMIN_PASSWORD = "Kanri-" + Long.toHexString(System.nanoTime());
  private static final String CONSOLE_SECRET = "console-" + Long.toHexString(System.nanoTime());
  private static final String REALM = "mamori-ext";
  private static final String EMPLOYEE = "710001";
  private static final String JOINER = "710002";
  private static final String HR_HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n";

  private static Installation installation;
  private static EmbeddedKeycloak keycloak;
  private static EmbeddedPostgres postgres;
  private static TestSlapd slapd;
  private static Path site;
  private static Map<String, String> environment;
  private static Process mamori;
  private static int port;
  private static int managementPort;

  @BeforeAll
  static void install() throws Exception {
    keycloak = EmbeddedKeycloak.shared();
    postgres = EmbeddedPostgres.start();
    slapd = TestSlapd.startOwn();
    Path into = Path.of("target", "it-install-external").toAbsolutePath();
    Installation.deleteTree(into); // an earlier run's signing key would not be overwritten
    // the secrets as docs/install.md names them (systemd: the unit's EnvironmentFile)
    environment =
        Map.of(
            "MAMORI_KEYCLOAK_ADMINPASSWORD",
            ADMIN_PASSWORD,
            "MAMORI_KEYCLOAK_CONSOLECLIENTSECRET",
            CONSOLE_SECRET,
            "MAMORI_DIRECTORY_BINDPASSWORD",
            slapd.settings().bindPassword(),
            "SPRING_DATASOURCE_PASSWORD",
            "unused-trust-authentication");
    installation = Installation.unpack(into.resolve("opt"), environment);
    Path home = installation.home;
    site = Files.createDirectories(into.resolve("site"));

    // docs/keycloak.md: an administrative account in master for Mamori
    try (Keycloak admin = keycloak.adminClient()) {
      RealmResource master = admin.realm("master");
      UserRepresentation user = new UserRepresentation();
      user.setUsername(ADMIN);
      user.setEnabled(true);
      String id;
      try (var response = master.users().create(user)) {
        id = CreatedResponseUtil.getCreatedId(response);
      }
      master.users().get(id).resetPassword(password(ADMIN_PASSWORD));
      master
          .users()
          .get(id)
          .roles()
          .realmLevel()
          .add(List.of(master.roles().get("admin").toRepresentation()));
    }

    Path hr =
        Files.writeString(
            site.resolve("staff.csv"),
            HR_HEADER + EMPLOYEE + ",外部 花子,ガイブ ハナコ,K01,市民課,主事,01,01,2024-04-01,\n");
    Path sections = Files.writeString(site.resolve("sections.csv"), "所属コード,所属名\nK01,市民課\n");
    port = Installation.freePort();
    managementPort = Installation.freePort();
    String config = Files.readString(home.resolve("config/application.yml"));
    String production = productionExample(config);
    production = replaceValue(production, "policy-file", null);
    production = replaceValue(production, "instance-name", "mamori-it-1");
    production =
        replaceValue(production, "signing-key", site.resolve("signing-key.jwk").toString());
    production = replaceValue(production, "checkpoint-dir", site.resolve("checkpoints").toString());
    production = replaceValue(production, "base-url", "http://localhost:" + port);
    production = replaceValue(production, "file", hr.toString());
    production = replaceValue(production, "sections", sections.toString());
    production = replaceValue(production, "server-url", keycloak.baseUrl());
    production = replaceValue(production, "admin-username", ADMIN);
    production = replaceValue(production, "realm", REALM);
    production = replaceValue(production, "host", "127.0.0.1");
    production = replaceValue(production, "port", Integer.toString(slapd.port()));
    production = replaceValue(production, "use-tls", "false");
    production = replaceValue(production, "trust-store", null);
    production = replaceValue(production, "bind-dn", TestSlapd.MAMORI_DN);
    production = replaceValue(production, "people-dn", TestSlapd.PEOPLE_DN);
    production = replaceValue(production, "url", postgres.jdbcUrl());
    production = replaceValue(production, "username", postgres.username());
    production =
        production.replaceFirst(
            "(?m)^(management:\\n  server:\\n(?:    #.*\\n)*    port: )\\d+",
            "$1" + managementPort);
    Files.writeString(home.resolve("config/application.yml"), config + "\n" + production);
  }

  @AfterAll
  static void stop() throws Exception {
    Installation.stop(mamori);
    if (postgres != null) {
      postgres.close();
    }
    if (slapd != null) {
      slapd.close();
    }
  }

  @Test
  void productionExampleWhenFollowedAsDocumentedThenReadyPlansAndLogsIn() throws Exception {
    // the audit signing key, made by the command docs/install.md names
    Installation.Result keygen =
        installation.run(
            List.of("audit", "keygen", "--file", site.resolve("signing-key.jwk").toString()),
            Duration.ofMinutes(2));
    assertThat(keygen.exit()).as(keygen.out()).isZero();
    Installation.Result check =
        installation.run(
            List.of("check-hr", "--file", site.resolve("staff.csv").toString()),
            Duration.ofMinutes(2));
    assertThat(check.exit()).as(check.out()).isZero();

    Path log = Path.of("target", "external-serve.log").toAbsolutePath();
    mamori = installation.serve(List.of("--server.port=" + port), log);
    Installation.awaitReady(
        mamori,
        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"),
        log,
        Duration.ofMinutes(4));

    // the daily run is on (schedule-enabled, as in the example): at its first start the service
    // catches up the latest due time before it reports ready, and the person is created
    assertThat(peopleWith(EMPLOYEE)).as("the account the daily run's catch-up created").isOne();

    // a joiner arrives in the next export: an administrator plans and applies it by hand
    Files.writeString(
        site.resolve("staff.csv"),
        JOINER + ",新人 一郎,シンジン イチロウ,K01,市民課,主事,01,01,2024-04-01,\n",
        StandardOpenOption.APPEND);
    Installation.Result plan =
        installation.run(
            List.of("plan", "--file", site.resolve("staff.csv").toString()), Duration.ofMinutes(3));
    assertThat(plan.exit()).as(plan.out()).isZero();
    Matcher id = Pattern.compile("計画 ID: (\\d+) \\(READY\\)").matcher(plan.out());
    assertThat(id.find()).as("a ready plan's ID in:\n" + plan.out()).isTrue();
    assertThat(plan.out()).contains(JOINER).doesNotContain(EMPLOYEE);
    Installation.Result apply =
        installation.run(List.of("apply", "--plan-id", id.group(1)), Duration.ofMinutes(3));
    assertThat(apply.exit()).as(apply.out()).isZero();
    assertThat(apply.out()).contains("状態 APPLIED");
    assertThat(peopleWith(JOINER)).as("the account the applied plan created").isOne();

    // the person logs in to the console through Keycloak's login page (SSO)
    String password = "Gaibu-Hanako-2027";
    try (Keycloak admin = keycloak.adminClient()) {
      RealmResource realm = admin.realm(REALM);
      String userId = realm.users().searchByUsername(EMPLOYEE, true).getFirst().getId();
      realm.users().get(userId).resetPassword(password(password));
    }
    String page = login("http://localhost:" + port + "/me", EMPLOYEE, password);
    assertThat(page).contains("外部 花子").contains("市民課");
  }

  private static int peopleWith(String employeeNumber) throws Exception {
    try (LDAPConnection root = slapd.root()) {
      return root.search(
              TestSlapd.PEOPLE_DN, SearchScope.SUB, "(employeeNumber=" + employeeNumber + ")")
          .getEntryCount();
    }
  }

  /** Follows the console's OIDC login like a browser: the login form, the POST, the redirects. */
  private static String login(String url, String username, String password) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new LocalhostCookies())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> form =
        browser.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Matcher action =
        Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(form.body());
    if (!action.find()) {
      action = Pattern.compile("action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"").matcher(form.body());
      assertThat(action.find())
          .as("Keycloak's login form at " + form.uri() + ":\n" + form.body())
          .isTrue();
    }
    String body =
        "username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&credentialId=";
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(page.uri().toString())
        .as("landed on the console after the login; the page shown:\n" + page.body())
        .startsWith(url);
    assertThat(page.statusCode()).isEqualTo(200);
    return page.body();
  }

  /**
   * Cookies as a browser keeps them for {@code http://localhost}: Keycloak marks its login cookies
   * {@code Secure}, which a browser accepts and sends back on localhost (a secure context) but
   * Java's cookie manager would never send over http.
   */
  private static final class LocalhostCookies extends CookieManager {
    @Override
    public void put(URI uri, Map<String, List<String>> headers) throws IOException {
      Map<String, List<String>> kept = new java.util.HashMap<>();
      headers.forEach((name, values) ->
          kept.put(
              name,
              name != null && name.equalsIgnoreCase("Set-Cookie")
                  ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList()
                  : values));
      super.put(uri, kept);
    }
  }

  /** The production example of the shipped file, uncommented. */
  private static String productionExample(String config) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : config.split("\n", -1)) {
      if (line.contains("本番の例 / production example")) {
        in = true;
        continue;
      }
      if (in && line.startsWith("# ───")) {
        if (!out.isEmpty()) {
          break;
        }
        continue;
      }
      if (in) {
        out.add(line.startsWith("# ") ? line.substring(2) : line.equals("#") ? "" : line);
      }
    }
    return String.join("\n", out);
  }

  /** The first uncommented {@code key: value} line of that key given a new value, or removed. */
  private static String replaceValue(String yaml, String key, String value) {
    Pattern line = Pattern.compile("(?m)^( *)" + Pattern.quote(key) + ": .*$");
    Matcher m = line.matcher(yaml);
    assertThat(m.find()).as("the production example sets " + key + ":\n" + yaml).isTrue();
    return value == null
        ? yaml.substring(0, m.start()) + yaml.substring(Math.min(yaml.length(), m.end() + 1))
        : yaml.substring(0, m.start()) + m.group(1) + key + ": " + value + yaml.substring(m.end());
  }

  private static CredentialRepresentation password(String value) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setValue(value);
    credential.setTemporary(false);
    return credential;
  }
}
