package jp.mamori.hrsync.keycloak;

import java.util.List;
import jp.mamori.policy.PolicyLoader;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

/** A realm configured from the shipped policy with a public browser client, for login forms. */
final class BrowserRealm {

  static final String CLIENT = "it-browser";
  static final String REDIRECT = "http://localhost/it-callback";

  private BrowserRealm() {}

  static void configure(Keycloak admin, String realm) {
    new KeycloakRealmConfigurator(admin, realm)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api"));
    ClientRepresentation browser = new ClientRepresentation();
    browser.setClientId(CLIENT);
    browser.setPublicClient(true);
    browser.setStandardFlowEnabled(true);
    browser.setRedirectUris(List.of(REDIRECT));
    admin.realm(realm).clients().create(browser).close();
  }
}
