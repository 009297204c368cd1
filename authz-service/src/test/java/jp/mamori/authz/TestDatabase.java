package jp.mamori.authz;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.AuditLogStore;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.authz.stack.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture: a real PostgreSQL (the embedded binaries) with Mamori's schema migrated, for tests
 * of one feature's service without the whole Spring context. Close it when done.
 */
public final class TestDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final HikariDataSource dataSource;

  private TestDatabase(EmbeddedPostgres postgres, HikariDataSource dataSource) {
    this.postgres = postgres;
    this.dataSource = dataSource;
  }

  public static TestDatabase start() {
    EmbeddedPostgres postgres = EmbeddedPostgres.start();
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername(postgres.username());
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    return new TestDatabase(postgres, dataSource);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  private final AuditSigner auditKey = AuditSigner.generate();

  /** The audit log on this database (one signing key per database). */
  public AuditLog audit(java.time.Clock clock) {
    return AuditLogStore.auditLog(dataSource, clock, auditKey);
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  public String username() {
    return postgres.username();
  }

  @Override
  public void close() {
    dataSource.close();
    postgres.close();
  }
}
