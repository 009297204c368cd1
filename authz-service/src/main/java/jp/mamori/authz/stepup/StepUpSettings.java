package jp.mamori.authz.stepup;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mamori's own WebAuthn relying party ({@code mamori.step-up.*}).
 *
 * @param rpId the RP ID: the console's host name (never an IP address); default {@code localhost}
 * @param rpName shown by authenticators
 * @param origins the console's origins; default {@code http://localhost:8080}
 * @param challengeTtl how long a challenge may be answered; at most 10 minutes
 * @param allowedAaguids authenticator models allowed (AAGUIDs); empty: those of the policy's My
 *     Number tier ({@code tiers.MYNUMBER.allowedAuthenticators}), and if none there, any model
 */
@ConfigurationProperties("mamori.step-up")
public record StepUpSettings(
    @DefaultValue("localhost") String rpId,
    @DefaultValue("Mamori") String rpName,
    @DefaultValue("http://localhost:8080") List<URI> origins,
    @DefaultValue("PT2M") Duration challengeTtl,
    @DefaultValue List<String> allowedAaguids) {}
