package jp.mamori.authz.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
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
import jp.mamori.testing.Poll;
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
      Process first = start(postgres, ldap, "instance-1");
      awaitLine(dir.resolve("instance-1.log"), "READY");

      Duration shortest = CheckoutRules.MIN_DURATION;
      MutableClock past = new MutableClock(Instant.now().minus(shortest));
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
      // The checkout is taken "4 min 50 s ago" for the shortest duration (5 min): it expires 10 s
      // from now, by the clocks of the processes. It is taken once instance-1 runs (however long
      // its JVM took to start) and the service here is set up: between taking it and the kill
      // there are only a few database and directory calls.
      past.advance(Duration.between(past.instant(), Instant.now().minus(shortest).plusSeconds(10)));
      Checkout c =
          here.request("kill-admin", "k-requester", "夜間作業", "CHG-9", null, shortest, false);
      here.approve(c.id(), "k-approver", "承認");
      String password = new String(here.activate(c.id(), "k-requester").password().orElseThrow());
      assertThat(binds(ldap, dn, password)).isTrue();

      first.destroyForcibly(); // SIGKILL while the checkout is out
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Instant expires = here.checkout(c.id()).orElseThrow().expiresAt().orElseThrow();
      Poll.untilClockPasses(expires.plusSeconds(2));
      assertThat(here.checkout(c.id()).orElseThrow().state())
          .as("no instance ran when the deadline passed")
          .isEqualTo(Checkout.State.ACTIVE);
      assertThat(binds(ldap, dn, password)).isTrue();

      Instant restarted = Instant.now();
      List<Process> instances = new ArrayList<>();
      instances.add(start(postgres, ldap, "instance-2"));
      instances.add(start(postgres, ldap, "instance-3"));
      List<Path> logs = List.of(dir.resolve("instance-2.log"), dir.resolve("instance-3.log"));
      try {
        // waits longer than the minute the check-in is allowed, so that a late check-in fails on
        // the minute below rather than as a time-out
        Poll.until(
            "the overdue checkout checked in after the restart (logs in " + dir + ")",
            Duration.ofMinutes(2),
            () -> here.checkout(c.id()).orElseThrow().state() == Checkout.State.CHECKED_IN);
        Duration took = Duration.between(restarted, Instant.now());
        assertThat(here.checkout(c.id()).orElseThrow().state())
            .as("checked in after the restart (logs in %s)", dir)
            .isEqualTo(Checkout.State.CHECKED_IN);
        assertThat(took).as("within a minute of the restart").isLessThan(Duration.ofMinutes(1));
        // both instances have run their job again meanwhile: two more passes each (a pass under
        // way when the check-in was seen may have begun before it; the second began after it)
        Map<Path, Long> atCheckIn = passes(logs);
        Poll.until(
            "two more passes of the deadline job on both restarted instances (logs in " + dir + ")",
            () -> passes(logs),
            now -> logs.stream().allMatch(log -> now.get(log) >= atCheckIn.get(log) + 2));
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

  private static void awaitLine(Path log, String text) {
    Poll.until("'" + text + "' in " + log, () -> read(log), content -> content.contains(text));
  }

  /** How many passes of its deadline job each process has finished, as its log says. */
  private static Map<Path, Long> passes(List<Path> logs) throws Exception {
    Map<Path, Long> passes = new TreeMap<>();
    for (Path log : logs) {
      passes.put(log, read(log).lines().filter(l -> l.startsWith(PrivilegedProcess.PASS)).count());
    }
    return passes;
  }

  /** A child's log as written so far (the last line may be cut off, even inside a character). */
  private static String read(Path log) throws Exception {
    return Files.exists(log)
        ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
        : "(no log yet)";
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
        new PrivilegedStore(postgres.jdbc(), postgres.audit(clock), clock, "test"),
        new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource())),
        new PrivilegedTargets(
            Optional.of(new PrivilegedDirectoryAccounts(directory)),
            new KeycloakPrivilegedRoles(unused, "unused"),
            () -> generator.generate(policy.password(), length)),
        new Alerts(new AlertStore(postgres.jdbc()), clock),
        username -> CheckoutRules.Affiliation.STAFF,
        policy.privileged());
  }
}
