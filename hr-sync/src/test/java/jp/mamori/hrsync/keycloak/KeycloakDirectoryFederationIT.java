package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.mamori.hrsync.directory.DirectoryAccount;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;

/**
 * The directory holds the password, with the real Keycloak federating the real OpenLDAP (slapd with
 * ppolicy): Mamori configures the federation and finds drift in it; a temporary password issued
 * into the directory is refused for use by the directory and forced to change at the SSO login; the
 * password chosen at Keycloak's form lands in the directory and works for an LDAP bind, and the
 * temporary one no longer does (PW-3, PW-4, AU-5).
 */
class KeycloakDirectoryFederationIT {

  private static final String REALM = "federation-it";
  private static final String CLIENT = "it-browser";
  private static final String REDIRECT = "http://localhost/it-callback";
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);

  private static EmbeddedKeycloak keycloak;
  private static Keycloak admin;
  private static KeycloakDirectoryFederation federation;
  private static final TestSlapd slapd = TestSlapd.instance();

  @BeforeAll
  static void configure() {
    keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    Policy policy = PolicyLoader.loadDefault();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            policy,
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api"));
    ClientRepresentation browser = new ClientRepresentation();
    browser.setClientId(CLIENT);
    browser.setPublicClient(true);
    browser.setStandardFlowEnabled(true);
    browser.setRedirectUris(List.of(REDIRECT));
    admin.realm(REALM).clients().create(browser).close();
    federation = new KeycloakDirectoryFederation(admin, REALM);
    federation.configure(slapd.settings());
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void driftWhenFederationChangedByHandThenReportedAndConfigureRestoresIt() {
    assertThat(federation.drift(slapd.settings())).isEmpty();
    ComponentRepresentation live = federation.find().orElseThrow();
    assertThat(live.getConfig().getFirst("editMode")).isEqualTo("WRITABLE");
    // someone lets Keycloak create directory accounts, outside Mamori's reconciliation
    live.getConfig().putSingle("syncRegistrations", "true");
    admin.realm(REALM).components().component(live.getId()).update(live);

    assertThat(federation.drift(slapd.settings()))
        .extracting(RealmDrift::describe)
        .containsExactly(
            "userFederation mamori-directory syncRegistrations: expected false, found true"
                + " (PW-1, PW-4, LG-1)");
    federation.configure(slapd.settings());
    assertThat(federation.drift(slapd.settings())).isEmpty();
  }

  @Test
  void temporaryPasswordInTheDirectoryIsChangedAtSsoAndTheNewOneWorksForLdap() throws Exception {
    String number = Long.toString(400000 + Math.floorMod(System.nanoTime(), 99999L));
    DirectoryAccount account;
    try (LdapDirectory directory = LdapDirectory.connect(slapd.settings())) {
      jp.mamori.testing.TestAccounts.create(
          directory, jp.mamori.testing.TestAccounts.staff(number, "連携 四郎", DAY), DAY);
      account = directory.findByEmployeeNumber(number).orElseThrow();
      String temporary = "Tmp-" + number + "-kq7Wz2x";
      new DirectoryCredentials(directory).issueTemporary(account.dn(), temporary.toCharArray());
      assertThat(federation.requirePasswordChange(account.loginName())).isTrue();
      assertThat(slapd.bind(account.dn(), temporary).mustChangePassword()).isTrue();

      FormLogin login = new FormLogin(keycloak.baseUrl());
      String page = login.start();
      page =
          login.submit(
              page,
              "kc-form-login",
              Map.of("username", account.loginName(), "password", temporary));
      assertThat(page).as("Keycloak asks for a new password").contains("password-new");

      String chosen = "Chosen-" + number + "-Mv3pLx";
      login.submit(
          page,
          "kc-passwd-update-form",
          Map.of("password-new", chosen, "password-confirm", chosen));
      assertThat(login.location())
          .as("logged in: redirected with a code")
          .startsWith(REDIRECT)
          .contains("code=");

      assertThat(slapd.bind(account.dn(), chosen)).matches(BindResult::usable);
      assertThat(slapd.bind(account.dn(), temporary).succeeded()).isFalse();
    }
  }

  /** A login through Keycloak's HTML forms, with the cookies a browser would keep. */
  private static final class FormLogin {
    private static final Pattern FORM =
        Pattern.compile("<form[^>]*id=\"([^\"]+)\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);
    private final HttpClient http =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String location = "";

    FormLogin(String base) {
      this.base = base;
    }

    String start() throws Exception {
      return send(
          HttpRequest.newBuilder(
                  URI.create(
                      base
                          + "/realms/"
                          + REALM
                          + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                          + "&client_id="
                          + CLIENT
                          + "&redirect_uri="
                          + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)))
              .GET());
    }

    String submit(String page, String formId, Map<String, String> fields) throws Exception {
      String action = null;
      Matcher m = FORM.matcher(page);
      while (m.find()) {
        if (m.group(1).equals(formId)) {
          action = m.group(2).replace("&amp;", "&");
        }
      }
      assertThat(action).as("form %s in the page: %s", formId, page).isNotNull();
      String body =
          fields.entrySet().stream()
              .map(e ->
                  URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                      + "="
                      + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return send(
          HttpRequest.newBuilder(URI.create(action))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    String location() {
      return location;
    }

    private String send(HttpRequest.Builder request) throws Exception {
      if (!cookies.isEmpty()) {
        request.header(
            "Cookie",
            cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; ")));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String header : response.headers().allValues("set-cookie")) {
        // one header may carry several cookies, joined by commas before the next NAME=
        for (String cookie : header.split(",\\s*(?=[A-Za-z0-9_\\-]+=)")) {
          String pair = cookie.split(";", 2)[0];
          int eq = pair.indexOf('=');
          if (eq > 0) {
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
              cookies.remove(name);
            } else {
              cookies.put(name, value);
            }
          }
        }
      }
      location = response.headers().firstValue("location").orElse("");
      if (response.statusCode() == 302 && location.startsWith(base)) {
        return send(HttpRequest.newBuilder(URI.create(location)).GET());
      }
      return response.body();
    }
  }
}
