package jp.mamori.authz.privileged;

import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLogStore;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.keycloak.KeycloakPrivilegedRoles;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.TemporaryPasswordRules;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import org.keycloak.admin.client.Keycloak;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A separate process standing in for one service instance's deadline job (check-in at the stored
 * deadline, every second), for {@link PrivilegedKillIT} to kill with SIGKILL and start again.
 * Arguments: JDBC URL, database user, LDAP host, port, bind DN, people DN, instance name; the bind
 * password comes from {@code MAMORI_TEST_BIND_PASSWORD}.
 */
public final class PrivilegedProcess {

  /** How each finished pass of the job begins its line in the log, for the test to count. */
  static final String PASS = "PASS ";

  private PrivilegedProcess() {}

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
    Policy policy = PolicyLoader.loadDefault();
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    TemporaryPasswordRules length = new TemporaryPasswordRules(24, Duration.ofDays(1));
    // no role accounts in this test: the Keycloak client is never called
    Keycloak unused = Keycloak.getInstance("http://127.0.0.1:9", "master", "x", "x", "admin-cli");
    try (LdapDirectory directory = LdapDirectory.connect(settings)) {
      PrivilegedAccess access =
          new PrivilegedAccess(
              new PrivilegedStore(
                  JdbcClient.create(data),
                  AuditLogStore.auditLog(data, Clock.systemUTC(), AuditSigner.generate()),
                  Clock.systemUTC(),
                  args[6]),
              new TransactionTemplate(new DataSourceTransactionManager(data)),
              new PrivilegedTargets(
                  Optional.of(new PrivilegedDirectoryAccounts(directory)),
                  new KeycloakPrivilegedRoles(unused, "unused"),
                  () -> generator.generate(policy.password(), length)),
              new Alerts(new AlertStore(JdbcClient.create(data)), Clock.systemUTC()),
              username -> CheckoutRules.Affiliation.UNKNOWN,
              policy.privileged());
      System.out.println("READY " + args[6]);
      System.out.flush();
      // the job's cadence (as the service's scheduler runs it), not a wait for anything
      for (long pass = 1; ; pass++) {
        int done = access.checkInDue() + access.retryRotations();
        if (done > 0) {
          System.out.println("CHECKED IN " + done);
        }
        System.out.println(PASS + pass);
        System.out.flush();
        Thread.sleep(1000);
      }
    }
  }
}
