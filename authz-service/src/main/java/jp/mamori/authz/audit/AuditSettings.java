package jp.mamori.authz.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log ({@code mamori.audit.*}, AU-1, AU-2).
 *
 * @param signingKey the private EC JWK that signs checkpoints, kept outside the database (a
 *     separate volume or a secret mount); required in external mode. Embedded default: {@code
 *     ~/.mamori/audit-signing-key.jwk}, created on first start readable by its owner only (never in
 *     a shared temporary folder). A new key is made with the {@code audit-keygen} command.
 * @param verificationKeys public EC JWKs of earlier signing keys: after the signing key is rotated,
 *     the checkpoints the old key signed still verify
 * @param checkpointEvery how often the chain's head is signed
 * @param verifyEvery how often the whole chain is verified; a failure raises an alert
 * @param jobsEnabled false turns the jobs off (tests that drive them by hand)
 * @param ingestEvery how often Keycloak's login events are taken into the log (AU-1)
 * @param maxClockSkew the largest difference accepted between this server's clock and Keycloak's or
 *     PostgreSQL's (AU-6); checked with every ingestion. Also how much earlier than the event
 *     before it an event may be before it is followed by {@code CLOCK_STEPPED_BACK} and an alert
 * @param reviewEvery how often auditors review the log (AU-4); an overdue review raises an alert
 * @param retention how long events are kept before they may be archived (AU-3)
 * @param checkpointDir the folder outside the database where a copy of every signed checkpoint is
 *     appended (one file per month, one JWS per line, created readable by its owner only), so that
 *     deleting the newest events, or the whole log together with the checkpoints in the database,
 *     is found by the verification (AU-2). Default: {@code audit-checkpoints} beside the signing
 *     key; in embedded mode, whose database is new at each start, a folder removed with that
 *     database. In production a folder the database's administrators cannot write: a remote mount
 *     or append-only / WORM storage. The service refuses to start when it cannot create or write it
 */
@ConfigurationProperties("mamori.audit")
public record AuditSettings(
    Path signingKey,
    @DefaultValue List<Path> verificationKeys,
    @DefaultValue("PT5M") Duration checkpointEvery,
    @DefaultValue("PT1H") Duration verifyEvery,
    @DefaultValue("true") boolean jobsEnabled,
    @DefaultValue("PT1M") Duration ingestEvery,
    @DefaultValue("PT5S") Duration maxClockSkew,
    @DefaultValue("P30D") Duration reviewEvery,
    @DefaultValue("P1826D") Duration retention,
    Path checkpointDir) {

  /**
   * The folder for the checkpoints kept outside the database: the one set; otherwise {@code
   * ephemeral} (the folder of a database that lives only as long as the process), if any; otherwise
   * beside the signing key.
   */
  Path checkpointFolder(Optional<Path> ephemeral) {
    if (checkpointDir != null) {
      return checkpointDir;
    }
    if (ephemeral.isPresent()) {
      return ephemeral.get().resolve("audit-checkpoints");
    }
    Path key = signingKey != null ? signingKey : embeddedDefault();
    return key.toAbsolutePath().resolveSibling("audit-checkpoints");
  }

  /** The key file to use in embedded mode when none is configured. */
  static Path embeddedDefault() {
    return Path.of(System.getProperty("user.home"), ".mamori", "audit-signing-key.jwk");
  }
}
