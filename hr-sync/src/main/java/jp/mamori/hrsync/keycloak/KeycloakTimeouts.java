package jp.mamori.hrsync.keycloak;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Mamori's admin client waits for Keycloak: to open a connection (TCP and TLS), and for
 * the answer to each request, the admin token's included. Keycloak's admin client sets neither by
 * default, so a Keycloak that accepts connections but no longer answers (a frozen process, a proxy
 * whose back end is gone with the connection still open) held a run forever.
 *
 * <p>On a Keycloak that stops answering, an apply stops after about one {@code read} timeout: the
 * requests in flight time out, and no new one is sent ({@link KeycloakException#serverFailure()}).
 * Measured on the embedded Keycloak frozen with {@code SIGSTOP}, read timeout 3 s: 3.0-3.1 s, for
 * an onboarding and for transfers; killed, 0.3 s (connections refused at once). If the admin token
 * must be fetched meanwhile, the admin client fetches it one request at a time, so up to one read
 * timeout per request in flight adds up (4 × 1 s: 4.3 s against a socket that answers nothing).
 *
 * @param connect the connection to the server; 1 s to 1 min, default 5 s
 * @param read the answer to one request; 1 s to 10 min, default 30 s — the largest request Mamori
 *     sends, the whole realm read through Mamori's provider, took 1-2 s for 40,000 users (see
 *     bench/README.md), and a partial import of 25 joiners well under one; short enough that a hung
 *     server stops a run within a minute
 */
public record KeycloakTimeouts(Duration connect, Duration read) {

  /** 5 s to connect, 30 s for each answer. */
  public static final KeycloakTimeouts DEFAULT =
      new KeycloakTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));

  public KeycloakTimeouts {
    requireWithin(
        connect, "mamori.keycloak.connect-timeout", Duration.ofSeconds(1), Duration.ofMinutes(1));
    requireWithin(
        read, "mamori.keycloak.read-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10));
  }

  private static void requireWithin(Duration value, String setting, Duration min, Duration max) {
    Objects.requireNonNull(value, setting + ": expected a duration between " + min + " and " + max);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          setting + ": expected a duration between " + min + " and " + max + ", found " + value);
    }
  }
}
