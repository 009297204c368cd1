package jp.mamori.bench;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** What the logins benchmark sets up in its realms through the admin API. */
final class LoginRealms {

  private LoginRealms() {}

  /** The flow of a plain password + WebAuthn login: cookie, or password then WebAuthn. */
  static final String PLAIN_MFA_FLOW = "bench-password-webauthn";

  private static final Pattern HASH_TERM =
      Pattern.compile("(hashAlgorithm|hashIterations)\\([^)]*\\)");

  /**
   * The hashing terms of a password policy ({@code hashAlgorithm(…)}, {@code hashIterations(…)}).
   */
  static String hashingTerms(String passwordPolicy) {
    List<String> terms = new ArrayList<>();
    Matcher m = HASH_TERM.matcher(passwordPolicy == null ? "" : passwordPolicy);
    while (m.find()) {
      terms.add(m.group());
    }
    return String.join(" and ", terms);
  }

  /** A public OIDC client with the standard flow, PKCE (S256) required, the bench's callback. */
  static void publicClient(RealmResource realm, String clientId) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setPublicClient(true);
    client.setStandardFlowEnabled(true);
    client.setDirectAccessGrantsEnabled(false);
    client.setRedirectUris(List.of(BrowserLogin.REDIRECT_URI));
    client.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
    try (Response response = realm.clients().create(client)) {
      if (response.getStatus() != 201) {
        throw new IllegalStateException(
            "expected client " + clientId + " created (201), found HTTP " + response.getStatus());
      }
    }
  }

  /**
   * Creates {@code usernames} with a permanent password in one request each ({@code workers} at
   * once), in {@code group} unless null.
   */
  static void users(
      RealmResource realm, List<String> usernames, String password, String group, int workers)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      List<Future<?>> done = new ArrayList<>();
      for (String username : usernames) {
        done.add(
            pool.submit(() -> {
              UserRepresentation user = new UserRepresentation();
              user.setUsername(username);
              user.setFirstName("花子");
              user.setLastName("試験");
              user.setEmail(username + "@bench.example.jp");
              user.setEmailVerified(true);
              user.setEnabled(true);
              CredentialRepresentation credential = new CredentialRepresentation();
              credential.setType(CredentialRepresentation.PASSWORD);
              credential.setTemporary(false);
              credential.setValue(password);
              user.setCredentials(List.of(credential));
              if (group != null) {
                user.setGroups(List.of("/" + group));
              }
              try (Response response = realm.users().create(user)) {
                if (response.getStatus() != 201) {
                  throw new IllegalStateException(
                      "expected user "
                          + username
                          + " created (201), found HTTP "
                          + response.getStatus()
                          + " "
                          + response.readEntity(String.class));
                }
              }
              return null;
            }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  /**
   * The stored password hash's algorithm and iterations of {@code username}, as Keycloak keeps
   * them.
   */
  static String storedHashing(RealmResource realm, String username) {
    String id = realm.users().searchByUsername(username, true).getFirst().getId();
    String data =
        realm.users().get(id).credentials().stream()
            .filter(c -> CredentialRepresentation.PASSWORD.equals(c.getType()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("expected a password credential for " + username))
            .getCredentialData();
    Matcher algorithm = Pattern.compile("\"algorithm\"\\s*:\\s*\"([^\"]+)\"").matcher(data);
    Matcher iterations = Pattern.compile("\"hashIterations\"\\s*:\\s*(\\d+)").matcher(data);
    return (algorithm.find() ? algorithm.group(1) : "?")
        + ", "
        + (iterations.find() ? iterations.group(1) : "?")
        + " iterations";
  }

  /**
   * A plain password + WebAuthn browser flow (Keycloak's own authenticators, no condition): the
   * cookie, or the password form then WebAuthn. Returns its id.
   */
  static String plainMfaFlow(RealmResource realm) {
    AuthenticationManagementResource flows = realm.flows();
    AuthenticationFlowRepresentation top = new AuthenticationFlowRepresentation();
    top.setAlias(PLAIN_MFA_FLOW);
    top.setDescription("bench: password and WebAuthn");
    top.setProviderId("basic-flow");
    top.setTopLevel(true);
    top.setBuiltIn(false);
    flows.createFlow(top).close();
    execution(flows, PLAIN_MFA_FLOW, "auth-cookie", "ALTERNATIVE");
    String forms = PLAIN_MFA_FLOW + " forms";
    flows.addExecutionFlow(
        PLAIN_MFA_FLOW,
        Map.of(
            "alias",
            forms,
            "type",
            "basic-flow",
            "provider",
            "registration-page-form",
            "description",
            forms));
    AuthenticationExecutionInfoRepresentation sub =
        flows.getExecutions(PLAIN_MFA_FLOW).stream()
            .filter(e -> forms.equals(e.getDisplayName()))
            .findFirst()
            .orElseThrow();
    sub.setRequirement("ALTERNATIVE");
    flows.updateExecutions(PLAIN_MFA_FLOW, sub);
    execution(flows, forms, "auth-username-password-form", "REQUIRED");
    execution(flows, forms, "webauthn-authenticator", "REQUIRED");
    return flows.getFlows().stream()
        .filter(f -> PLAIN_MFA_FLOW.equals(f.getAlias()))
        .findFirst()
        .orElseThrow()
        .getId();
  }

  private static void execution(
      AuthenticationManagementResource flows, String parent, String provider, String requirement) {
    flows.addExecution(parent, Map.of("provider", provider));
    AuthenticationExecutionInfoRepresentation added =
        flows.getExecutions(parent).stream()
            .filter(e -> e.getLevel() == 0 && provider.equals(e.getProviderId()))
            .reduce((a, b) -> b)
            .orElseThrow();
    added.setRequirement(requirement);
    flows.updateExecutions(parent, added);
  }

  /** Binds {@code clientId}'s browser logins to the flow {@code flowId}. */
  static void bindBrowserFlow(RealmResource realm, String clientId, String flowId) {
    ClientRepresentation client = realm.clients().findByClientId(clientId).getFirst();
    Map<String, String> overrides =
        client.getAuthenticationFlowBindingOverrides() == null
            ? new HashMap<>()
            : new HashMap<>(client.getAuthenticationFlowBindingOverrides());
    overrides.put("browser", flowId);
    client.setAuthenticationFlowBindingOverrides(overrides);
    realm.clients().get(client.getId()).update(client);
  }

  /** Turns a required action on or off. */
  static void requiredAction(RealmResource realm, String alias, boolean enabled) {
    RequiredActionProviderRepresentation action = realm.flows().getRequiredAction(alias);
    action.setEnabled(enabled);
    realm.flows().updateRequiredAction(alias, action);
  }

  /** Removes (or adds back) a default client scope of a client. */
  static void defaultScope(RealmResource realm, String clientId, String scope, boolean present) {
    String client = realm.clients().findByClientId(clientId).getFirst().getId();
    String scopeId =
        realm.clientScopes().findAll().stream()
            .filter(s -> scope.equals(s.getName()))
            .findFirst()
            .orElseThrow()
            .getId();
    if (present) {
      realm.clients().get(client).addDefaultClientScope(scopeId);
    } else {
      realm.clients().get(client).removeDefaultClientScope(scopeId);
    }
  }
}
