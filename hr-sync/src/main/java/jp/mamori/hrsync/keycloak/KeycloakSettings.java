package jp.mamori.hrsync.keycloak;

import java.util.Objects;

/**
 * Where Mamori's Keycloak is and how Mamori administers it.
 *
 * @param serverUrl base URL, e.g. {@code https://sso.example.lg.jp} (no trailing {@code /realms})
 * @param adminRealm realm of the administrative account, usually {@code master}
 * @param adminClientId client used for the admin login, usually {@code admin-cli}
 * @param adminUsername administrative account Mamori acts as
 * @param adminPassword its password; never shown by {@link #toString()}
 * @param realm the staff realm that Mamori configures from the policy
 * @param timeouts how long the admin client waits to connect and for each answer ({@link
 *     KeycloakTimeouts#DEFAULT}: 5 s and 30 s); they bound how long a run hangs on a Keycloak that
 *     stopped answering
 */
public record KeycloakSettings(
    String serverUrl,
    String adminRealm,
    String adminClientId,
    String adminUsername,
    String adminPassword,
    String realm,
    KeycloakTimeouts timeouts) {

  /** Settings with {@link KeycloakTimeouts#DEFAULT}. */
  public KeycloakSettings(
      String serverUrl,
      String adminRealm,
      String adminClientId,
      String adminUsername,
      String adminPassword,
      String realm) {
    this(
        serverUrl,
        adminRealm,
        adminClientId,
        adminUsername,
        adminPassword,
        realm,
        KeycloakTimeouts.DEFAULT);
  }

  public KeycloakSettings {
    Objects.requireNonNull(serverUrl, "serverUrl");
    if (!serverUrl.startsWith("http://") && !serverUrl.startsWith("https://")) {
      throw new IllegalArgumentException(
          "mamori.keycloak.server-url: expected an http(s) URL, found '" + serverUrl + "'");
    }
    serverUrl =
        serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    requireText(adminRealm, "admin-realm");
    requireText(adminClientId, "admin-client-id");
    requireText(adminUsername, "admin-username");
    requireText(adminPassword, "admin-password");
    requireText(realm, "realm");
    if (!realm.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "mamori.keycloak.realm: expected lower-case letters, digits and '-', found '"
              + realm
              + "'");
    }
    Objects.requireNonNull(
        timeouts, "timeouts must not be null (KeycloakTimeouts.DEFAULT for the defaults)");
  }

  /** The same server, account and realm with other timeouts. */
  public KeycloakSettings withTimeouts(KeycloakTimeouts otherTimeouts) {
    return new KeycloakSettings(
        serverUrl, adminRealm, adminClientId, adminUsername, adminPassword, realm, otherTimeouts);
  }

  /** The realm's issuer URL as it appears in the {@code iss} claim of its tokens. */
  public String issuer() {
    return serverUrl + "/realms/" + realm;
  }

  private static void requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "mamori.keycloak." + key + ": expected a value, found none");
    }
  }

  @Override
  public String toString() {
    return "KeycloakSettings[serverUrl="
        + serverUrl
        + ", adminRealm="
        + adminRealm
        + ", adminUsername="
        + adminUsername
        + ", adminPassword=***, realm="
        + realm
        + (timeouts.equals(KeycloakTimeouts.DEFAULT) ? "" : ", timeouts=" + timeouts)
        + "]";
  }
}
