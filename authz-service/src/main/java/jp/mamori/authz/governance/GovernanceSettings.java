package jp.mamori.authz.governance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The jobs of exceptions, sanctions and inventories ({@code mamori.governance.*}, GV-3, GV-4,
 * LC-3).
 *
 * @param jobsEnabled end exceptions, flag overdue reports and close inventories in this service
 */
@ConfigurationProperties("mamori.governance")
public record GovernanceSettings(@DefaultValue("true") boolean jobsEnabled) {}
