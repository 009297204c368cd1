package jp.mamori.authz.credential;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sweep of temporary passwords and authenticators ({@code mamori.credentials.*}).
 *
 * @param sweepEnabled withdraw unused temporary passwords past their lifetime on a schedule
 * @param sweepCron when (Spring cron, Japan time): by default every 10 minutes
 */
@ConfigurationProperties("mamori.credentials")
public record CredentialSettings(
    @DefaultValue("true") boolean sweepEnabled, @DefaultValue("0 */10 * * * *") String sweepCron) {}
