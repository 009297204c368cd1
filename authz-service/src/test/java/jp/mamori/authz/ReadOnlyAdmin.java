package jp.mamori.authz;

import java.util.List;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Test fixture: an admin client of the real Keycloak that may read a realm and its users but change
 * nothing (a service account with {@code view-realm} and {@code view-users} only): every change is
 * refused by Keycloak itself (403), while reading the state before and after works — a Keycloak
 * that fails between the two.
 */
public final class ReadOnlyAdmin {

  private ReadOnlyAdmin() {}

  /** A client {@code clientId} in {@code realm} allowed to read only; close it when done. */
  public static Keycloak create(Keycloak admin, String realm, String clientId) {
    RealmResource resource = admin.realm(realm);
    String secret = "read-only-secret-0123456789";
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setPublicClient(false);
    client.setSecret(secret);
    client.setServiceAccountsEnabled(true);
    client.setStandardFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(false);
    resource.clients().create(client).close();
    String id = resource.clients().findByClientId(clientId).getFirst().getId();
    String serviceAccount = resource.clients().get(id).getServiceAccountUser().getId();
    String management = resource.clients().findByClientId("realm-management").getFirst().getId();
    List<RoleRepresentation> roles =
        List.of(
            resource.clients().get(management).roles().get("view-realm").toRepresentation(),
            resource.clients().get(management).roles().get("view-users").toRepresentation());
    resource.users().get(serviceAccount).roles().clientLevel(management).add(roles);
    return KeycloakBuilder.builder()
        .serverUrl(EmbeddedKeycloak.shared().baseUrl())
        .realm(realm)
        .grantType("client_credentials")
        .clientId(clientId)
        .clientSecret(secret)
        .build();
  }
}
