package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * The realm's user profile, roles, client scope and Mamori's own clients (the API audience and the
 * console), created or brought in line with what Mamori needs.
 */
final class RealmClients {

  private RealmClients() {}

  /**
   * Staff records carry no e-mail address, and Keycloak's default profile would otherwise send each
   * new user to an "update your profile" page before the password change. HR attributes (employee
   * number, section) are kept as attributes only administrators edit.
   */
  static void configureUserProfile(RealmResource realm) {
    UPConfig config = realm.users().userProfile().getConfiguration();
    UPAttribute email = config.getAttribute("email");
    if (email != null) {
      email.setRequired(null);
    }
    config.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
    realm.users().userProfile().update(config);
  }

  /**
   * A default client scope that puts the user's groups ({@code section-<code>}, claim {@code
   * groups}) and the authentication methods of the login (claim {@code amr}, RFC 8176) into access
   * tokens, so that an access decision needs no call back to Keycloak (ZN-1, MF-2).
   */
  static void ensureSectionsScope(RealmResource realm) {
    boolean present =
        realm.clientScopes().findAll().stream()
            .anyMatch(c -> KeycloakRealmConfigurator.SECTIONS_SCOPE.equals(c.getName()));
    if (present) {
      return;
    }
    org.keycloak.representations.idm.ClientScopeRepresentation scope =
        new org.keycloak.representations.idm.ClientScopeRepresentation();
    scope.setName(KeycloakRealmConfigurator.SECTIONS_SCOPE);
    scope.setProtocol("openid-connect");
    scope.setDescription("所属 (groups) と認証方式 (amr) / sections and authentication methods");
    ProtocolMapperRepresentation groups = new ProtocolMapperRepresentation();
    groups.setName("sections");
    groups.setProtocol("openid-connect");
    groups.setProtocolMapper("oidc-group-membership-mapper");
    groups.setConfig(
        Map.of(
            "claim.name", "groups",
            "full.path", "false",
            "access.token.claim", "true",
            "id.token.claim", "false",
            "userinfo.token.claim", "false"));
    ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
    amr.setName("authentication-methods");
    amr.setProtocol("openid-connect");
    amr.setProtocolMapper("oidc-amr-mapper");
    amr.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true"));
    scope.setProtocolMappers(List.of(groups, amr));
    String id;
    try (Response response = realm.clientScopes().create(scope)) {
      if (response.getStatus() != 201) {
        throw new KeycloakException(
            "Keycloak refused the client scope "
                + KeycloakRealmConfigurator.SECTIONS_SCOPE
                + ": "
                + KeycloakRealmConfigurator.describe(response),
            response.getStatus(),
            null);
      }
      id = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }
    realm.addDefaultDefaultClientScope(id); // clients created from now on
    for (ClientRepresentation client : realm.clients().findAll()) {
      // Mamori's own clients of a realm configured by an earlier version; Keycloak's built-in
      // clients are left as they are
      if (client.getClientId().startsWith("mamori-")) {
        realm.clients().get(client.getId()).addDefaultClientScope(id);
      }
    }
  }

  static void ensureRealmRole(RealmResource realm, String name, String description) {
    boolean exists = realm.roles().list().stream().anyMatch(r -> r.getName().equals(name));
    if (!exists) {
      org.keycloak.representations.idm.RoleRepresentation role =
          new org.keycloak.representations.idm.RoleRepresentation();
      role.setName(name);
      role.setDescription(description);
      realm.roles().create(role);
    }
  }

  /** PW-4: the required action behind a temporary password must be on. */
  static void enableUpdatePassword(RealmResource realm) {
    RequiredActionProviderRepresentation action =
        realm.flows().getRequiredAction("UPDATE_PASSWORD");
    if (!action.isEnabled()) {
      action.setEnabled(true);
      realm.flows().updateRequiredAction("UPDATE_PASSWORD", action);
    }
  }

  static void ensureApiClient(RealmResource realm, String audience) {
    ClientRepresentation api = new ClientRepresentation();
    api.setClientId(audience);
    api.setName("Mamori API");
    api.setPublicClient(false);
    api.setBearerOnly(false);
    api.setStandardFlowEnabled(false);
    api.setImplicitFlowEnabled(false);
    api.setDirectAccessGrantsEnabled(false);
    api.setServiceAccountsEnabled(false);
    upsertClient(realm, api);
  }

  static void ensureConsoleClient(RealmResource realm, ConsoleClient console) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(console.clientId());
    client.setName("Mamori console");
    client.setProtocol("openid-connect");
    client.setPublicClient(false);
    client.setSecret(console.secret());
    client.setStandardFlowEnabled(true);
    client.setImplicitFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(false);
    client.setServiceAccountsEnabled(false);
    client.setRootUrl(console.consoleBaseUrl());
    client.setBaseUrl(console.consoleBaseUrl() + "/");
    client.setRedirectUris(List.of(console.redirectUri()));
    client.setWebOrigins(List.of("+"));
    // back-channel logout: when Keycloak ends a person's sessions (disabled, locked, sanctioned,
    // "これは私ではありません"), it tells the console, which ends that person's console session at once
    // instead of keeping the roles it read at login until the idle timeout
    client.setFrontchannelLogout(false);
    client.setAttributes(
        Map.of(
            "pkce.code.challenge.method",
            "S256",
            "post.logout.redirect.uris",
            console.consoleBaseUrl() + "/*",
            "backchannel.logout.url",
            console.backChannelLogoutUri(),
            "backchannel.logout.session.required",
            "true",
            "backchannel.logout.revoke.offline.tokens",
            "false"));
    ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
    audience.setName("mamori-api-audience");
    audience.setProtocol("openid-connect");
    audience.setProtocolMapper("oidc-audience-mapper");
    audience.setConfig(
        Map.of(
            "included.client.audience", console.apiAudience(),
            "access.token.claim", "true",
            "id.token.claim", "false"));
    client.setProtocolMappers(new ArrayList<>(List.of(audience)));
    upsertClient(realm, client);
  }

  /**
   * A business system as a confidential client (code flow with PKCE S256 only). Its tier's flow
   * binding and minimum level, if any, are written afterwards by {@link KeycloakTierFlows}.
   */
  static void ensureSystemClient(RealmResource realm, SystemClient system) {
    List<ClientRepresentation> existing = realm.clients().findByClientId(system.clientId());
    ClientRepresentation client =
        existing.isEmpty() ? new ClientRepresentation() : existing.getFirst();
    client.setClientId(system.clientId());
    client.setName(system.name());
    client.setProtocol("openid-connect");
    client.setPublicClient(false);
    client.setSecret(system.secret());
    client.setStandardFlowEnabled(true);
    client.setImplicitFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(false);
    client.setServiceAccountsEnabled(false);
    client.setBaseUrl(system.baseUrl());
    client.setRedirectUris(List.of(system.redirectUri()));
    client.setWebOrigins(List.of("+"));
    Map<String, String> attributes =
        client.getAttributes() == null
            ? new java.util.HashMap<>()
            : new java.util.HashMap<>(client.getAttributes());
    attributes.put("pkce.code.challenge.method", "S256");
    attributes.put("post.logout.redirect.uris", system.baseUrl() + "*");
    client.setAttributes(attributes);
    if (existing.isEmpty()) {
      upsertClient(realm, client);
    } else {
      // keeps what the tier's configuration wrote (flow binding, minimum level)
      realm.clients().get(client.getId()).update(client);
    }
  }

  static void upsertClient(RealmResource realm, ClientRepresentation desired) {
    List<ClientRepresentation> existing = realm.clients().findByClientId(desired.getClientId());
    if (existing.isEmpty()) {
      try (Response response = realm.clients().create(desired)) {
        if (response.getStatus() != 201) {
          throw new KeycloakException(
              "Keycloak refused to create client "
                  + desired.getClientId()
                  + ": "
                  + KeycloakRealmConfigurator.describe(response),
              response.getStatus(),
              null);
        }
      }
      return;
    }
    ClientRepresentation current = existing.getFirst();
    desired.setId(current.getId());
    List<ProtocolMapperRepresentation> mappers = desired.getProtocolMappers();
    desired.setProtocolMappers(null);
    realm.clients().get(current.getId()).update(desired);
    if (mappers != null) {
      var mapperResource = realm.clients().get(current.getId()).getProtocolMappers();
      for (ProtocolMapperRepresentation mapper : mappers) {
        boolean present =
            mapperResource.getMappers().stream()
                .anyMatch(m -> m.getName().equals(mapper.getName()));
        if (!present) {
          mapperResource.createMapper(mapper).close();
        }
      }
    }
  }
}
