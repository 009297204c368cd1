package jp.mamori.hrsync.keycloak;

import java.util.Objects;

/**
 * A business system (業務システム) registered as a confidential OIDC client of the staff realm
 * (authorization code + PKCE S256). Municipalities register their own systems in Keycloak; Mamori
 * registers one only when asked to, such as the demo's sample applications. A system named in the
 * policy's tiers is bound to its tier's login flow like any other client of that name.
 *
 * @param clientId client ID in the realm (the policy's system name)
 * @param name what Keycloak's pages call it
 * @param secret client secret; never shown by {@link #toString()}
 * @param baseUrl the system's home page
 * @param redirectUri where Keycloak sends the authorization code
 */
public record SystemClient(
    String clientId, String name, String secret, String baseUrl, String redirectUri) {

  public SystemClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(redirectUri, "redirectUri");
    if (secret.length() < 16) {
      throw new IllegalArgumentException(
          "system client secret: expected at least 16 characters, found " + secret.length());
    }
  }

  @Override
  public String toString() {
    return "SystemClient[clientId="
        + clientId
        + ", name="
        + name
        + ", secret=***, baseUrl="
        + baseUrl
        + ", redirectUri="
        + redirectUri
        + "]";
  }
}
