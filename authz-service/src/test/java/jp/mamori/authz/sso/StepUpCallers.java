package jp.mamori.authz.sso;

import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.stepup.EnrolmentCodes;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * The callers of an API IT whose calls need a step-up: an administrator holding a registered
 * step-up key and a staff member without the role, each with an access token of the IT's own
 * direct-grant client (so that ITs sharing the stack keep out of each other's way).
 */
record StepUpCallers(String adminToken, String staffToken, SoftwareAuthenticator adminKey) {

  /**
   * Creates the IT's client, the administrator, the staff member and the {@code others} (plain
   * staff, all with {@code password}), takes both tokens and registers the administrator's key.
   */
  static StepUpCallers create(
      Keycloak admin,
      StackEndpoints endpoints,
      EnrolmentCodes enrolmentCodes,
      String client,
      String password,
      String administrator,
      String staff,
      String... others)
      throws Exception {
    RealmResource realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, client, true);
    TestKeycloak.userWithRole(realm, administrator, password, KeycloakRealmConfigurator.ADMIN_ROLE);
    TestKeycloak.user(realm, staff, password);
    for (String other : others) {
      TestKeycloak.user(realm, other, password);
    }
    String issuer = endpoints.keycloak().issuer();
    StepUpCallers callers =
        new StepUpCallers(
            TestKeycloak.accessToken(issuer, client, administrator, password),
            TestKeycloak.accessToken(issuer, client, staff, password),
            new SoftwareAuthenticator());
    TestApi.registerStepUpKey(enrolmentCodes, callers.adminToken(), callers.adminKey());
    return callers;
  }

  /** No tokens in a test's output. */
  @Override
  public String toString() {
    return "StepUpCallers[tokens=***]";
  }
}
