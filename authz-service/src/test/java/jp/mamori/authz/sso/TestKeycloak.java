package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.DirectGrant;
import jp.mamori.testing.Poll;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import tools.jackson.databind.ObjectMapper;

/** Fixtures in the real Keycloak for the API tests: direct-grant clients, users, tokens. */
public final class TestKeycloak {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a refused login is asked again before the refusal counts. */
  private static final java.time.Duration LOGIN_SETTLES = java.time.Duration.ofSeconds(15);

  private TestKeycloak() {}

  /**
   * A public client allowed the password grant, with or without the audience mapper that puts
   * {@code mamori-api} into its access tokens. Creating it twice is harmless (409).
   */
  public static void directGrantClient(RealmResource realm, String clientId, boolean apiAudience) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setPublicClient(true);
    client.setStandardFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(true);
    if (apiAudience) {
      ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
      audience.setName("api-audience");
      audience.setProtocol("openid-connect");
      audience.setProtocolMapper("oidc-audience-mapper");
      audience.setConfig(
          Map.of("included.client.audience", "mamori-api", "access.token.claim", "true"));
      client.setProtocolMappers(List.of(audience));
    }
    try (Response ignored = realm.clients().create(client)) {
      // 201, or 409 when another test class of this run created it already
    }
  }

  /** A new user with a permanent password and a realm role; returns its ID. */
  public static String userWithRole(
      RealmResource realm, String username, String password, String role) {
    String id = user(realm, username, password);
    realm
        .users()
        .get(id)
        .roles()
        .realmLevel()
        .add(java.util.List.of(realm.roles().get(role).toRepresentation()));
    return id;
  }

  /** A new user with a permanent password; returns its ID. */
  public static String user(RealmResource realm, String username, String password) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("Test");
    user.setLastName("User");
    user.setEnabled(true);
    String id;
    try (Response response = realm.users().create(user)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    permanentPassword(realm, id, password);
    return id;
  }

  /**
   * A member of staff as the lifecycle run creates one (attribute {@code employeeNumber} = the
   * username), with a permanent {@code password} unless it is null; returns the user's ID.
   */
  public static String staff(
      RealmResource realm, String username, String firstName, String lastName, String password) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName(firstName);
    user.setLastName(lastName);
    user.setEnabled(true);
    user.setAttributes(java.util.Map.of("employeeNumber", List.of(username)));
    String id;
    try (Response response = realm.users().create(user)) {
      id = CreatedResponseUtil.getCreatedId(response);
    }
    if (password != null) {
      CredentialRepresentation credential = new CredentialRepresentation();
      credential.setType(CredentialRepresentation.PASSWORD);
      credential.setTemporary(false);
      credential.setValue(password);
      realm.users().get(id).resetPassword(credential);
    }
    return id;
  }

  /** Replaces the user's password with a permanent one and clears required actions. */
  static void permanentPassword(RealmResource realm, String userId, String password) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(false);
    credential.setValue(password);
    realm.users().get(userId).resetPassword(credential);
    UserRepresentation user = realm.users().get(userId).toRepresentation();
    user.setRequiredActions(List.of());
    realm.users().get(userId).update(user);
  }

  /**
   * An access token by the password grant; fails the test if Keycloak refuses. Keycloak records
   * each login on a thread of its own after answering and refuses, uncounted, a login of the same
   * user that arrives while the previous one is still being recorded: a refusal is asked again for
   * {@link #LOGIN_SETTLES} before it counts.
   */
  public static String accessToken(String issuer, String clientId, String username, String password)
      throws Exception {
    DirectGrant.Answer answer =
        Poll.until(
            "a token for " + username,
            LOGIN_SETTLES,
            () -> DirectGrant.login(issuer, clientId, username, password),
            a -> a.status() == 200);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).path("access_token").asString();
  }
}
