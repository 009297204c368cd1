package jp.mamori.hrsync.keycloak;

import java.util.Objects;

/**
 * The OIDC client through which staff log in to Mamori's pages (authorization code + PKCE S256),
 * and the audience that Mamori's JSON API requires in access tokens.
 *
 * @param clientId client ID in the realm
 * @param secret client secret (confidential client); never shown by {@link #toString()}
 * @param consoleBaseUrl where the console is served, e.g. {@code http://localhost:8080}
 * @param apiAudience the {@code aud} value the API accepts
 */
public record ConsoleClient(
    String clientId, String secret, String consoleBaseUrl, String apiAudience) {

  public ConsoleClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(consoleBaseUrl, "consoleBaseUrl");
    Objects.requireNonNull(apiAudience, "apiAudience");
    if (secret.length() < 16) {
      throw new IllegalArgumentException(
          "console client secret: expected at least 16 characters, found " + secret.length());
    }
  }

  /** The redirect URI Spring Security's OAuth2 login uses for registration {@code keycloak}. */
  public String redirectUri() {
    return consoleBaseUrl + "/login/oauth2/code/keycloak";
  }

  /**
   * Where Keycloak posts a logout token when it ends a person's sessions (OIDC Back-Channel Logout,
   * Spring Security's endpoint for registration {@code keycloak}).
   */
  public String backChannelLogoutUri() {
    return consoleBaseUrl + "/logout/connect/back-channel/keycloak";
  }

  @Override
  public String toString() {
    return "ConsoleClient[clientId="
        + clientId
        + ", secret=***, consoleBaseUrl="
        + consoleBaseUrl
        + ", apiAudience="
        + apiAudience
        + "]";
  }
}
