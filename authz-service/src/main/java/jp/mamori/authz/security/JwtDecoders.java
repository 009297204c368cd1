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
 *   <li>{@code exp} is present and in the future, {@code nbf} (if any) in the past, each within the
 *       configured clock skew (at most one minute, AU-6).
 * </ul>
 */
public final class JwtDecoders {

  private JwtDecoders() {}

  public static JwtDecoder keycloak(
      String jwkSetUri, String issuer, String audience, Duration clockSkew) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    decoder.setJwtValidator(validator(issuer, audience, clockSkew));
    return decoder;
  }

  static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration clockSkew) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    return new DelegatingOAuth2TokenValidator<>(
        List.of(
            new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
            new JwtTimestampValidator(clockSkew),
            new JwtIssuerValidator(issuer),
            new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
  }
}
