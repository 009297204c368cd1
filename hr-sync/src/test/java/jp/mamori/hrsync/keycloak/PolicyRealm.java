package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.core.Response;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Fixture: a realm of the shared Keycloak configured from the policy as Mamori configures it, with
 * a public direct-grant client for the tests' logins, and users created in it.
 */
final class PolicyRealm {

  private PolicyRealm() {}

  /** Configures {@code realm} from {@code policy} and adds {@code client}; its token endpoint. */
  static TokenEndpoint configure(Keycloak admin, String realm, Policy policy, String client) {
    new KeycloakRealmConfigurator(admin, realm)
        .configure(
            policy,
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18080", "mamori-api"));
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(client);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    direct.setStandardFlowEnabled(false);
    admin.realm(realm).clients().create(direct).close();
    return new TokenEndpoint(EmbeddedKeycloak.shared().baseUrl(), realm);
  }

  /** A user without a password; its ID. */
  static String user(Keycloak admin, String realm, String username) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("試験");
    user.setLastName("利用者");
    user.setEnabled(true);
    try (Response response = admin.realm(realm).users().create(user)) {
      return CreatedResponseUtil.getCreatedId(response);
    }
  }

  /** Sets a permanent password as an administrator would (the realm's policy applies). */
  static void password(Keycloak admin, String realm, String id, String password) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(password);
    admin.realm(realm).users().get(id).resetPassword(credential);
  }
}
