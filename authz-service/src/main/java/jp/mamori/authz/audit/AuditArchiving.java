package jp.mamori.authz.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Verification;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The archiving of the oldest part of the audit log to external media (AU-1, AU-3), for {@link
 * AuditLog#archive}.
 */
final class AuditArchiving {

  private final AuditLog log;
  private final AuditChainStore chain;
  private final AuditArchiveStore store;
  private final TransactionTemplate tx;
  private final Clock clock;

  AuditArchiving(
      AuditLog log,
      AuditChainStore chain,
      AuditArchiveStore store,
      TransactionTemplate tx,
      Clock clock) {
    this.log = log;
    this.chain = chain;
    this.store = store;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Archives the events before {@code before} (AU-1, AU-3): refuses while they are younger than the
   * retention period or when the log is not intact; writes them (and the checkpoints up to them) to
   * {@code export} — the external medium — and then removes them, up to the last signed checkpoint
   * before {@code before}, which becomes the chain's base; the archiving is appended as {@code
   * AUDIT_ARCHIVED}.
   */
  AuditLog.Archived archive(
      Instant before, Duration retention, AuditExport export, String where, String actor) {
    Instant now = clock.instant();
    if (before.isAfter(now.minus(retention))) {
      throw new IllegalArgumentException(
          "before: records are kept for "
              + retention.toDays()
              + " days ("
              + retention
              + ", mamori.audit.retention, AU-1): expected a time on or before "
              + now.minus(retention)
              + "; found "
              + before);
    }
    long from = log.base().map(AuditLog.Base::seq).orElse(0L);
    Long upTo = store.lastCheckpointBefore(before, from);
    if (upTo == null) {
      throw new IllegalArgumentException(
          "before: expected a signed checkpoint of an event before "
              + before
              + " (the archived part must end at one); found none after event "
              + from);
    }
    Verification v = log.verify();
    if (!v.intact()) {
      throw new IllegalStateException(
          "the audit log is not intact (" + v.problems().getFirst() + "): nothing archived");
    }
    long[] count = {0};
    chain.eachEvent(
        from,
        upTo,
        event -> {
          export.event(event);
          count[0]++;
        });
    log.checkpoints().values().stream().filter(c -> c.seq() <= upTo).forEach(export::checkpoint);
    export.flush();
    String hash = chain.hash(upTo);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("baseSeq", upTo);
    fields.put("baseHash", hash);
    fields.put("before", before.toString());
    fields.put("events", count[0]);
    fields.put("archive", where);
    tx.executeWithoutResult(s -> {
      store.moveBase(upTo, hash, now, actor);
      store.remove(from, upTo);
      log.append(
          new Entry("AUDIT_ARCHIVED", actor, "audit_event", AuditLog.detail(fields), "AU-1,AU-3"));
    });
    return new AuditLog.Archived(upTo, count[0]);
  }
}
