package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.DirectoryPasswordPolicy;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.federation.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSambaDc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * The directory holds the password on Active Directory (the Samba DC over LDAPS, its CA trusted by
 * Keycloak), Keycloak federating it as configured by Mamori: a temporary password issued into AD
 * ({@code pwdLastSet: 0}) is accepted at the SSO login only to be changed there, the new password
 * is written to AD by Keycloak and works for an LDAP logon, the temporary one no longer does (PW-3,
 * PW-4). Its own Keycloak, started after the DC so that it trusts the DC's CA.
 */
class KeycloakActiveDirectoryFederationIT {

  private static final String REALM = "ad-federation-it";
  private static final String CLIENT = BrowserRealm.CLIENT;
  private static final String REDIRECT = BrowserRealm.REDIRECT;
  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final Policy POLICY = PolicyLoader.loadDefault();

  private static final TestSambaDc dc = TestSambaDc.instance();
  private static EmbeddedKeycloak keycloak;
  private static Keycloak admin;
  private static KeycloakDirectoryFederation federation;

  @BeforeAll
  static void start() {
    keycloak =
        EmbeddedKeycloak.start(
            EmbeddedKeycloak.homeFromEnvironment(), null, List.of(dc.caCertificate()));
    admin = keycloak.adminClient();
    BrowserRealm.configure(admin, REALM);
    federation = new KeycloakDirectoryFederation(admin, REALM);
    federation.configure(dc.settings());
  }

  @AfterAll
  static void stop() {
    admin.close();
    keycloak.close();
  }

  @Test
  void temporaryPasswordInAdIsChangedAtSsoAndTheNewOneWorksForAnAdLogon() throws Exception {
    assertThat(federation.drift(dc.settings())).isEmpty();
    String number = Long.toString(200000 + Math.floorMod(System.nanoTime(), 99999L));
    try (LdapDirectory directory = LdapDirectory.connect(dc.settings())) {
      String dn = TestAccounts.create(directory, TestAccounts.staff(number, "連携 六郎", DAY), DAY);
      DirectoryPasswordPolicy.activeDirectory(
              TestSambaDc.PSO_DN, TestSambaDc.STAFF_GROUP_DN, POLICY.password(), POLICY.lockout())
          .enrol(directory, dn);
      String temporary = "Tmp-" + number + "-kq7Wz2x";
      new DirectoryCredentials(directory).issueTemporary(dn, temporary.toCharArray());
      assertThat(dc.bind(dn, temporary).diagnostic()).contains("data 773");

      FormLogin login = new FormLogin(keycloak.baseUrl(), REALM, CLIENT, REDIRECT);
      String page =
          login.submit(
              login.start(), "kc-form-login", Map.of("username", number, "password", temporary));
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

      assertThat(dc.bind(number + TestSambaDc.UPN_SUFFIX, chosen)).matches(BindResult::usable);
      assertThat(dc.bind(dn, temporary).succeeded()).isFalse();
    }
  }
}
