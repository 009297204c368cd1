package jp.mamori.authz.stepup;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mamori's own WebAuthn relying party ({@code mamori.step-up.*}).
 *
 * @param rpId the RP ID: the console's host name (never an IP address); default the host of the
 *     console's URL ({@code mamori.console.base-url}, {@code localhost} for the embedded default)
 * @param rpName shown by authenticators
 * @param origins the console's origins; default the console's URL alone
 * @param challengeTtl how long a challenge may be answered; at most 10 minutes
 * @param allowedAaguids authenticator models allowed (AAGUIDs); empty: those of the policy's My
 *     Number tier ({@code tiers.MYNUMBER.allowedAuthenticators}), and if none there, any model
 * @param attestationRoots PEM files with the authenticator manufacturers' attestation root
 *     certificates; when given, only authenticators whose attestation chains to one of them are
 *     registered (the model is then what the manufacturer vouches for); empty: the model is the
 *     authenticator's own claim
 * @param acceptBackupEligible whether backup-eligible credentials (WebAuthn flag BE=1: synced
 *     passkeys, which a cloud account copies to the person's other devices) are registered and
 *     accepted at step-up. Default false: only authenticators that cannot be copied (IC cards,
 *     security keys), since a synced passkey is not the terminal's own factor the My Number tier
 *     requires (MF-2). While false, such a key registered earlier is refused at step-up too
 */
@ConfigurationProperties("mamori.step-up")
public record StepUpSettings(
    String rpId,
    @DefaultValue("Mamori") String rpName,
    @DefaultValue List<URI> origins,
    @DefaultValue("PT2M") Duration challengeTtl,
    @DefaultValue List<String> allowedAaguids,
    @DefaultValue List<java.nio.file.Path> attestationRoots,
    @DefaultValue("false") boolean acceptBackupEligible) {}
