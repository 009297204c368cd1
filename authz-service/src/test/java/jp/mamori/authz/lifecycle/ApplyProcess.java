package jp.mamori.authz.lifecycle;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import jp.mamori.authz.audit.AuditLogStore;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.policy.PolicyLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A separate process that applies one stored plan to a real directory, for {@link LifecycleKillIT}
 * to kill half-way with SIGKILL. Arguments: JDBC URL, database user, LDAP host, port, bind DN,
 * people DN, plan ID; the bind password comes from {@code MAMORI_TEST_BIND_PASSWORD}.
 */
public final class ApplyProcess {

  private ApplyProcess() {}

  public static void main(String[] args) throws Exception {
    HikariDataSource data = new HikariDataSource();
    data.setJdbcUrl(args[0]);
    data.setUsername(args[1]);
    DirectorySettings settings =
        new DirectorySettings(
            args[2],
            Integer.parseInt(args[3]),
            false,
            args[4],
            System.getenv("MAMORI_TEST_BIND_PASSWORD"),
            args[5],
            DirectorySchema.OPENLDAP);
    try (LdapDirectory directory = LdapDirectory.connect(settings)) {
      LifecycleService service =
          new LifecycleService(
              new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
              new Planner(LifecycleKillIT.rules(PolicyLoader.loadDefault().lifecycle())),
              List.of(new DirectoryTarget(directory)),
              LifecycleStores.on(JdbcClient.create(data), Clock.systemUTC()),
              AuditLogStore.auditLog(data, Clock.systemUTC(), AuditSigner.generate()),
              Clock.systemUTC());
      System.out.println(service.apply(Long.parseLong(args[6]), LocalDate.of(2027, 4, 1)));
    }
    data.close();
  }
}
