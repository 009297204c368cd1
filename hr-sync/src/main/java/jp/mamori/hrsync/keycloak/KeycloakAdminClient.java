package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.client.Client;
import java.util.concurrent.TimeUnit;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.spi.ResteasyClientClassicProvider;

/**
 * Keycloak's admin client with bounded waits. {@link KeycloakBuilder} without a client of its own
 * builds one with no connect or read timeout: a Keycloak that accepts connections and answers
 * nothing holds every request, and the run, forever. This builds the same client (RESTEasy classic,
 * a pool of 10 connections, Keycloak's Jackson set-up) with {@link KeycloakTimeouts}; the admin
 * token is fetched through it, so its requests are bounded too.
 */
public final class KeycloakAdminClient {

  /** Connections kept to Keycloak, as the admin client's default (more than any apply uses). */
  static final int CONNECTION_POOL = 10;

  private KeycloakAdminClient() {}

  /**
   * An admin client that acts as {@code settings}' administrative account, waiting at most {@link
   * KeycloakSettings#timeouts()}. The caller closes it.
   */
  public static Keycloak connect(KeycloakSettings settings) {
    return KeycloakBuilder.builder()
        .serverUrl(settings.serverUrl())
        .realm(settings.adminRealm())
        .clientId(settings.adminClientId())
        .username(settings.adminUsername())
        .password(settings.adminPassword())
        .resteasyClient(httpClient(settings.timeouts()))
        .build();
  }

  /** The HTTP client under the admin client: Keycloak's defaults with bounded waits. */
  public static Client httpClient(KeycloakTimeouts timeouts) {
    return ResteasyClientClassicProvider.createClientBuilder()
        .connectionPoolSize(CONNECTION_POOL)
        .register(JacksonProvider.class, 100)
        .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
        .build();
  }
}
