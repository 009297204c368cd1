package jp.mamori.authz;

import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Test fixture: a realm of the shared real Keycloak configured from the policy as Mamori's own is,
 * with a public client allowed the password grant. Returns the realm's issuer URL.
 */
public final class TestRealm {

  private TestRealm() {}

  public static String configure(Keycloak admin, String realm, Policy policy, String directClient) {
    new KeycloakRealmConfigurator(admin, realm)
        .configure(
            policy,
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api"));
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(directClient);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    admin.realm(realm).clients().create(direct).close();
    return EmbeddedKeycloak.shared().baseUrl() + "/realms/" + realm;
  }
}
