package jp.mamori.authz.privileged;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The privileged checkouts' jobs ({@code mamori.privileged.*}, PR-3, PR-4).
 *
 * @param jobsEnabled check in expired checkouts and retry rotations in this service
 * @param checkEvery how often expired checkouts and pending rotations are looked for
 */
@ConfigurationProperties("mamori.privileged")
public record PrivilegedSettings(
    @DefaultValue("true") boolean jobsEnabled, @DefaultValue("PT15S") Duration checkEvery) {}
