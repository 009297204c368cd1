package jp.mamori.authz.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.keycloak.KeycloakPrivilegedRoles;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.TemporaryPasswordRules;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry is durable (issue 6): the service is killed (SIGKILL) while a checkout is out, the
 * deadline passes while no instance runs, and when the service comes back — two instances at once —
 * the overdue check-in happens within a minute, exactly once: one rotation, recorded once, and the
 * revealed password no longer works.
 */
class PrivilegedKillIT {

  @TempDir Path dir;

  @Test
  void serviceWhenKilledDuringCheckoutThenRestartedInstancesCheckItInOnceWithinAMinute()
      throws Exception {
    try (TestDatabase postgres = TestDatabase.start();
        EmbeddedDirectory ldap = EmbeddedDirectory.start();
        LdapDirectory directory = LdapDirectory.connect(ldap.settings())) {
      String dn = "uid=kill-admin," + EmbeddedDirectory.OPENLDAP_PEOPLE_DN;
      ldap.server()
          .add(
              "dn: " + dn,
              "objectClass: inetOrgPerson",
              "uid: kill-admin",
              "cn: kill-admin",
              "sn: admin",
              "userPassword: Before-2027-Checkout");
      JdbcClient jdbc = postgres.jdbc();
      // The checkout is taken "4 min 50 s ago" for the shortest duration (5 min): it expires 10 s
      // from now, by the clocks of the processes below.
      Duration shortest = CheckoutRules.MIN_DURATION;
      MutableClock past = new MutableClock(Instant.now().minus(shortest).plusSeconds(10));
      PrivilegedAccess here = service(postgres, directory, past);
      here.register(
          new PrivilegedAccount(
              "kill-admin",
              PrivilegedAccount.Kind.DIRECTORY,
              dn,
              "",
              "k-approver",
              Set.of("k-requester"),
              Set.of("k-approver"),
              Duration.ofHours(1),
              true,
              false,
              Instant.EPOCH,
              "k-approver",
              null,
              null),
          "k-approver");
      Checkout c =
          here.request("kill-admin", "k-requester", "夜間作業", "CHG-9", null, shortest, false);
      here.approve(c.id(), "k-approver", "承認");
      String password = new String(here.activate(c.id(), "k-requester").password().orElseThrow());
      assertThat(binds(ldap, dn, password)).isTrue();

      Process first = start(postgres, ldap, "instance-1");
      awaitLine(dir.resolve("instance-1.log"), "READY");
      first.destroyForcibly(); // SIGKILL while the checkout is out
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Instant expires = here.checkout(c.id()).orElseThrow().expiresAt().orElseThrow();
      while (Instant.now().isBefore(expires.plusSeconds(2))) {
        Thread.sleep(200);
      }
      assertThat(here.checkout(c.id()).orElseThrow().state())
          .as("no instance ran when the deadline passed")
          .isEqualTo(Checkout.State.ACTIVE);
      assertThat(binds(ldap, dn, password)).isTrue();

      Instant restarted = Instant.now();
      List<Process> instances = new ArrayList<>();
      instances.add(start(postgres, ldap, "instance-2"));
      instances.add(start(postgres, ldap, "instance-3"));
      try {
        while (here.checkout(c.id()).orElseThrow().state() != Checkout.State.CHECKED_IN
            && Duration.between(restarted, Instant.now()).toSeconds() < 60) {
          Thread.sleep(200);
        }
        Duration took = Duration.between(restarted, Instant.now());
        assertThat(here.checkout(c.id()).orElseThrow().state())
            .as("checked in after the restart (logs in %s)", dir)
            .isEqualTo(Checkout.State.CHECKED_IN);
        assertThat(took).as("within a minute of the restart").isLessThan(Duration.ofMinutes(1));
        Thread.sleep(3000); // both instances have run their job again meanwhile
        List<String> rotations =
            jdbc.sql(
                    "select actor from privileged_event where checkout_id = ? and action ="
                        + " 'CHECKED_IN_ROTATED'")
                .param(c.id())
                .query(String.class)
                .list();
        assertThat(rotations).as("exactly once across the two instances").hasSize(1);
        assertThat(here.checkout(c.id()).orElseThrow().checkedInBy()).contains("EXPIRY");
        assertThat(binds(ldap, dn, password)).as("the revealed password stopped working").isFalse();
      } finally {
        for (Process p : instances) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private Process start(TestDatabase postgres, EmbeddedDirectory ldap, String name)
      throws Exception {
    DirectorySettings s = ldap.settings();
    ProcessBuilder child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PrivilegedProcess.class.getName(),
                postgres.jdbcUrl(),
                postgres.username(),
                s.host(),
                Integer.toString(s.port()),
                s.bindDn(),
                s.peopleDn(),
                name)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    child.environment().put("MAMORI_TEST_BIND_PASSWORD", s.bindPassword());
    return child.start();
  }

  private static void awaitLine(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("expected '" + text + "' in " + log + ": " + Files.readString(log));
  }

  private static boolean binds(EmbeddedDirectory ldap, String dn, String password) {
    try (LDAPConnection c = new LDAPConnection("127.0.0.1", ldap.port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      return false;
    }
  }

  private static PrivilegedAccess service(
      TestDatabase postgres, LdapDirectory directory, Clock clock) {
    Policy policy = PolicyLoader.loadDefault();
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    TemporaryPasswordRules length = new TemporaryPasswordRules(24, Duration.ofDays(1));
    Keycloak unused = Keycloak.getInstance("http://127.0.0.1:9", "master", "x", "x", "admin-cli");
    return new PrivilegedAccess(
        postgres.jdbc(),
        new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource())),
        new PrivilegedTargets(
            Optional.of(new PrivilegedDirectoryAccounts(directory)),
            new KeycloakPrivilegedRoles(unused, "unused"),
            () -> generator.generate(policy.password(), length)),
        new Alerts(postgres.jdbc(), clock),
        postgres.audit(clock),
        username -> CheckoutRules.Affiliation.STAFF,
        policy.privileged(),
        clock,
        "test");
  }
}
