package jp.mamori.authz.realm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The check of Keycloak's realm against the policy ({@code mamori.drift.*}).
 *
 * @param scheduleEnabled check (and restore) the realm's settings on a schedule
 * @param cron when (Spring cron, Japan time): by default every 15 minutes
 */
@ConfigurationProperties("mamori.drift")
public record DriftSettings(
    @DefaultValue("true") boolean scheduleEnabled, @DefaultValue("0 */15 * * * *") String cron) {}
