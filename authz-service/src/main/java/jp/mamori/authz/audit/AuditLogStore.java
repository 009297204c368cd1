package jp.mamori.authz.audit;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables of the {@link AuditLog} — {@code audit_event}, {@code audit_checkpoint} and the base
 * left by an archiving — behind its three stores: the appends ({@link AuditAppendStore}), the reads
 * of the chain and the checkpoints ({@link AuditChainStore}) and the archivings ({@link
 * AuditArchiveStore}). The log itself holds no statement.
 */
public final class AuditLogStore {

  final AuditAppendStore appends;
  final AuditChainStore chain;
  final AuditArchiveStore archives;

  public AuditLogStore(JdbcTemplate jdbc) {
    this(new AuditAppendStore(jdbc), new AuditChainStore(jdbc), new AuditArchiveStore(jdbc));
  }

  private AuditLogStore(
      AuditAppendStore appends, AuditChainStore chain, AuditArchiveStore archives) {
    this.appends = appends;
    this.chain = chain;
    this.archives = archives;
  }

  /**
   * An audit log on a data source with its own transaction manager (tests, tools): its checkpoints
   * stay in the database only.
   */
  public static AuditLog auditLog(DataSource dataSource, Clock clock, AuditSigner signer) {
    return new AuditLog(
        new AuditLogStore(new JdbcTemplate(dataSource)),
        new TransactionTemplate(new JdbcTransactionManager(dataSource)),
        clock,
        signer);
  }
}
