package jp.mamori.authz.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import jp.mamori.policy.Enforces;

/**
 * The realm's signing keys (its JWKS), as the API and the console check tokens with them — with
 * stated bounds for when Keycloak is away or a key is withdrawn:
 *
 * <ul>
 *   <li>the key set is read again at most every {@code cacheFor}: a key removed from the realm
 *       stops verifying tokens within that time;
 *   <li>a token with a key ID not in the set makes one new read, at most one every {@code
 *       refetchAtMost} (a flood of made-up key IDs cannot turn into a flood of requests);
 *   <li>if Keycloak cannot be reached, the last key set read keeps verifying tokens for {@code
 *       tolerateOutageFor} after its last successful read — never longer: then every token is
 *       refused (nothing fails open); meanwhile health reports the keys as degraded.
 * </ul>
 */
@Enforces(
    value = {"AU-6", "MF-1"},
    ja = "Keycloak の鍵を期限付きでキャッシュし、停止中も一定時間だけ検証を続け、削除された鍵は期限内に拒否する",
    en =
        "Caches Keycloak's keys for a stated time: tokens keep verifying through a bounded outage, a removed key is refused within the cache time")
final class RealmKeys {

  /** The bounds; see the class comment. */
  public record Bounds(Duration cacheFor, Duration tolerateOutageFor, Duration refetchAtMost) {

    /** 5 minutes, 30 minutes, 30 seconds. */
    public static final Bounds DEFAULT =
        new Bounds(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofSeconds(30));

    public Bounds {
      if (cacheFor.isNegative()
          || cacheFor.isZero()
          || tolerateOutageFor.compareTo(cacheFor) < 0
          || refetchAtMost.isNegative()
          || refetchAtMost.compareTo(cacheFor) > 0) {
        throw new IllegalArgumentException(
            "expected 0 < cacheFor <= tolerateOutageFor and 0 <= refetchAtMost <= cacheFor, found "
                + cacheFor
                + ", "
                + tolerateOutageFor
                + ", "
                + refetchAtMost);
      }
    }
  }

  /** How the key set was last read. */
  public record Reading(
      String url,
      Optional<Instant> lastSuccess,
      Optional<Instant> lastFailure,
      Optional<String> lastError) {

    /** Whether the last read failed (tokens verify from the kept key set, within the bound). */
    public boolean failing() {
      return lastFailure.isPresent()
          && (lastSuccess.isEmpty() || lastFailure.get().isAfter(lastSuccess.get()));
    }
  }

  private final String url;
  private final Bounds bounds;
  private final Clock clock;
  private final JWKSource<SecurityContext> source;
  private final AtomicReference<Reading> reading;

  public RealmKeys(String jwkSetUri, Bounds bounds, Clock clock) {
    this.url = jwkSetUri;
    this.bounds = bounds;
    this.clock = clock;
    this.reading =
        new AtomicReference<>(
            new Reading(jwkSetUri, Optional.empty(), Optional.empty(), Optional.empty()));
    URL location;
    try {
      location = URI.create(jwkSetUri).toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected the realm's JWKS URL (…/protocol/openid-connect/certs), found " + jwkSetUri, e);
    }
    ResourceRetriever http = new DefaultResourceRetriever(2_000, 2_000, 512 * 1024);
    ResourceRetriever recording =
        u -> {
          try {
            Resource resource = http.retrieveResource(u);
            reading.set(
                new Reading(
                    url,
                    Optional.of(clock.instant()),
                    reading.get().lastFailure(),
                    Optional.empty()));
            return resource;
          } catch (IOException | RuntimeException e) {
            reading.set(
                new Reading(
                    url,
                    reading.get().lastSuccess(),
                    Optional.of(clock.instant()),
                    Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage())));
            throw e;
          }
        };
    this.source =
        JWKSourceBuilder.<SecurityContext>create(location, recording)
            .cache(bounds.cacheFor().toMillis(), Math.min(15_000, bounds.cacheFor().toMillis()))
            .refreshAheadCache(false)
            .rateLimited(bounds.refetchAtMost().toMillis())
            .outageTolerant(bounds.tolerateOutageFor().toMillis())
            .retrying(false)
            .build();
  }

  /** The key source a decoder verifies with. */
  public JWKSource<SecurityContext> source() {
    return source;
  }

  public Bounds bounds() {
    return bounds;
  }

  public Reading reading() {
    return reading.get();
  }

  /**
   * UP while the key set reads; DEGRADED while it does not but the last good one is still within
   * the outage bound (tokens verify); DOWN beyond it (every token refused).
   */
  public String state() {
    Reading r = reading.get();
    if (!r.failing()) {
      return "UP";
    }
    return r.lastSuccess()
            .map(ok -> ok.plus(bounds.tolerateOutageFor()).isAfter(clock.instant()))
            .orElse(false)
        ? "DEGRADED"
        : "DOWN";
  }
}
