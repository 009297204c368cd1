package jp.mamori.authz.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How Mamori's API accepts a Keycloak access token. All of these must hold, or the request is
 * answered 401:
 *
 * <ul>
 *   <li>signed with RS256 by a key from the realm's JWKS ({@code alg: none}, HMAC with a public key
 *       and unknown keys are refused by Nimbus before any claim is read);
 *   <li>{@code iss} is exactly the realm's issuer;
 *   <li>{@code aud} contains Mamori's API audience, so a token Keycloak issued to another client
 *       cannot be replayed here;
 *   <li>{@code typ}, where present, is {@code Bearer}: an ID token or a refresh token is not an
 *       access token, even with Mamori in its audience;
 *   <li>{@code exp} is present and in the future, {@code nbf} (if any) in the past, each within the
 *       configured clock skew (at most one minute, AU-6).
 * </ul>
 */
final class JwtDecoders {

  private JwtDecoders() {}

  public static JwtDecoder keycloak(
      String jwkSetUri, String issuer, String audience, Duration clockSkew) {
    return keycloak(
        new RealmKeys(jwkSetUri, RealmKeys.Bounds.DEFAULT, java.time.Clock.systemUTC()),
        issuer,
        audience,
        clockSkew);
  }

  /**
   * As above, with the realm's keys read and kept as {@code keys} states (see {@link RealmKeys}).
   */
  public static JwtDecoder keycloak(
      RealmKeys keys, String issuer, String audience, Duration clockSkew) {
    return keycloak(keys, issuer, audience, clockSkew, java.time.Clock.systemUTC());
  }

  /**
   * As above, judging {@code exp} and {@code nbf} by {@code clock} — the service's clock, the one
   * its other records use (AU-6).
   */
  public static JwtDecoder keycloak(
      RealmKeys keys, String issuer, String audience, Duration clockSkew, java.time.Clock clock) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSource(keys.source())
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    decoder.setJwtValidator(validator(issuer, audience, clockSkew, clock));
    return decoder;
  }

  /**
   * The console's own access tokens, whose realm roles open the administrative pages: signed by the
   * realm (RS256, JWKS), {@code iss} the realm, {@code exp}/{@code nbf} within the skew, and {@code
   * azp} the console's client — a token Keycloak issued to another client gives no roles here.
   */
  public static JwtDecoder console(
      String jwkSetUri, String issuer, String consoleClientId, Duration clockSkew) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(consoleClientId, "consoleClientId");
    return console(
        new RealmKeys(jwkSetUri, RealmKeys.Bounds.DEFAULT, java.time.Clock.systemUTC()),
        issuer,
        consoleClientId,
        clockSkew);
  }

  /** As above, with the realm's keys read and kept as {@code keys} states. */
  public static JwtDecoder console(
      RealmKeys keys, String issuer, String consoleClientId, Duration clockSkew) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(consoleClientId, "consoleClientId");
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSource(keys.source())
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            List.of(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtTimestampValidator(clockSkew),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<String>("azp", consoleClientId::equals))));
    return decoder;
  }

  /**
   * The realm roles of a console access token, read only after {@code decoder} verified it; a token
   * that does not verify has none (the administrative pages stay closed).
   */
  public static java.util.Set<String> realmRoles(JwtDecoder decoder, String accessToken) {
    Jwt jwt;
    try {
      jwt = decoder.decode(accessToken);
    } catch (org.springframework.security.oauth2.jwt.JwtException e) {
      org.slf4j.LoggerFactory.getLogger(JwtDecoders.class)
          .warn("Console access token refused, no roles given: {}", e.getMessage());
      return java.util.Set.of();
    }
    java.util.Set<String> roles = new java.util.TreeSet<>();
    if (jwt.getClaim("realm_access") instanceof java.util.Map<?, ?> access
        && access.get("roles") instanceof java.util.Collection<?> listed) {
      listed.forEach(role -> roles.add(String.valueOf(role)));
    }
    return roles;
  }

  static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration clockSkew) {
    return validator(issuer, audience, clockSkew, java.time.Clock.systemUTC());
  }

  static OAuth2TokenValidator<Jwt> validator(
      String issuer, String audience, Duration clockSkew, java.time.Clock clock) {
    JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
    timestamps.setClock(clock);
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    return new DelegatingOAuth2TokenValidator<>(
        List.of(
            new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
            timestamps,
            new JwtIssuerValidator(issuer),
            // Keycloak marks its access tokens typ Bearer (ID tokens ID, refresh tokens Refresh):
            // only an access token opens the API, whatever its audience says
            jwt -> {
              Object typ = jwt.getClaims().get("typ");
              return typ == null || "Bearer".equals(typ)
                  ? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success()
                  : org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.failure(
                      new org.springframework.security.oauth2.core.OAuth2Error(
                          "invalid_token",
                          "The typ claim is not valid: expected an access token (Bearer), found "
                              + typ,
                          null));
            },
            new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
  }
}
