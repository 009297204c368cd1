package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import jp.mamori.hrsync.directory.DirectoryAccount;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
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
  private static final String CLIENT = BrowserRealm.CLIENT;
  private static final String REDIRECT = BrowserRealm.REDIRECT;
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);

  private static EmbeddedKeycloak keycloak;
  private static Keycloak admin;
  private static KeycloakDirectoryFederation federation;
  private static final TestSlapd slapd = TestSlapd.instance();

  @BeforeAll
  static void configure() {
    keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    BrowserRealm.configure(admin, REALM);
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
      TestAccounts.create(directory, TestAccounts.staff(number, "連携 四郎", DAY), DAY);
      account = directory.findByEmployeeNumber(number).orElseThrow();
      String temporary = "Tmp-" + number + "-kq7Wz2x";
      new DirectoryCredentials(directory).issueTemporary(account.dn(), temporary.toCharArray());
      assertThat(federation.requirePasswordChange(account.loginName())).isTrue();
      assertThat(slapd.bind(account.dn(), temporary).mustChangePassword()).isTrue();

      FormLogin login = new FormLogin(keycloak.baseUrl(), REALM, CLIENT, REDIRECT);
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
}
