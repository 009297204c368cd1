package jp.mamori.authz.privileged;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.keycloak.KeycloakPrivilegedRoles;
import jp.mamori.policy.Policy;
import jp.mamori.policy.TemporaryPasswordRules;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import org.keycloak.admin.client.Keycloak;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Test fixture for other features' tests: privileged access on a real directory, Keycloak realm and
 * database as the service wires it, with the lifecycle's holder stops.
 */
public record PrivilegedFixture(PrivilegedAccess access, HolderStops holderStops) {

  public static PrivilegedFixture on(
      TestDatabase database,
      LdapDirectory directory,
      Keycloak admin,
      String realm,
      Policy policy,
      Clock clock) {
    KeycloakPrivilegedRoles roles = new KeycloakPrivilegedRoles(admin, realm);
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    TransactionTemplate tx =
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
    Alerts alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    PrivilegedAccess access =
        new PrivilegedAccess(
            new PrivilegedStore(database.jdbc(), database.audit(clock), clock, "instance-a"),
            tx,
            new PrivilegedTargets(
                Optional.of(new PrivilegedDirectoryAccounts(directory)),
                roles,
                () ->
                    generator.generate(
                        policy.password(), new TemporaryPasswordRules(24, Duration.ofDays(1)))),
            alerts,
            username -> PrivilegedConfiguration.affiliation(roles, username),
            policy.privileged(),
            username -> Optional.empty());
    return new PrivilegedFixture(access, new HolderStops(access, tx, alerts));
  }
}
