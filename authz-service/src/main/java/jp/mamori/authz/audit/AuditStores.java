package jp.mamori.authz.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The small stores of the audit feature's helpers: the ingest watermarks ({@code audit_ingest}) of
 * {@link KeycloakEventIngest}, the last policy recorded for {@link PolicyRecord}, and the
 * database's clock for {@link ClockCheck}.
 */
final class AuditStores {

  /** Where an ingest stands: the newest time taken, and the IDs taken at that time. */
  record Watermark(Instant at, Set<String> ids) {}

  private final JdbcClient jdbc;

  AuditStores(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The source's watermark (created at the epoch the first time), its row locked to the end of the
   * transaction.
   */
  Watermark lockWatermark(String source) {
    jdbc.sql(
            "insert into audit_ingest (source, watermark, ids_at_watermark)"
                + " values (?, ?, '') on conflict (source) do nothing")
        .params(source, Timestamp.from(Instant.EPOCH))
        .update();
    Map<String, Object> row =
        jdbc.sql(
                "select watermark, ids_at_watermark from audit_ingest where source = ?"
                    + " for update")
            .param(source)
            .query()
            .singleRow();
    return new Watermark(
        ((Timestamp) row.get("watermark")).toInstant(),
        new TreeSet<>(Arrays.asList(((String) row.get("ids_at_watermark")).split(",", -1))));
  }

  void moveWatermark(String source, Instant at, Set<String> ids) {
    jdbc.sql("update audit_ingest set watermark = ?, ids_at_watermark = ? where source = ?")
        .params(Timestamp.from(at), String.join(",", ids), source)
        .update();
  }

  /** The detail of the last policy event ({@code POLICY_LOADED} or {@code POLICY_CHANGED}). */
  Optional<String> lastPolicyDetail() {
    return jdbc.sql(
            "select detail from audit_event where kind in ('POLICY_LOADED', 'POLICY_CHANGED')"
                + " order by seq desc limit 1")
        .query(String.class)
        .optional();
  }

  /** The database server's clock now. */
  Instant databaseTime() {
    return jdbc.sql("select clock_timestamp()").query(Timestamp.class).single().toInstant();
  }
}
