package jp.mamori.authz.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.LifecycleStores;
import jp.mamori.authz.lifecycle.Scope;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.keycloak.admin.client.Keycloak;

/**
 * The world of the ITs of privileged access and of what stops its holders (this package's and
 * {@code revocation}'s): a real PostgreSQL, a directory (UnboundID) with an {@code ou=admins} for
 * the privileged directory accounts, and a realm of its own on the shared embedded Keycloak; with
 * the lifecycle runs on an HR file that turn people into leavers.
 */
public final class PrivilegedStack implements AutoCloseable {

  /** Where the privileged directory accounts live. */
  public static final String ADMINS = "ou=admins," + EmbeddedDirectory.BASE_DN;

  /** The password a privileged directory account starts with. */
  public static final String INITIAL = "Initial-Server-Pass-2027x";

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";

  private final TestDatabase database;
  private final EmbeddedDirectory ldap;
  private final LdapDirectory directory;
  private final Keycloak admin;
  private final Policy policy;
  private final String realm;
  private final String issuer;

  private PrivilegedStack(
      TestDatabase database,
      EmbeddedDirectory ldap,
      LdapDirectory directory,
      Keycloak admin,
      Policy policy,
      String realm,
      String issuer) {
    this.database = database;
    this.ldap = ldap;
    this.directory = directory;
    this.admin = admin;
    this.policy = policy;
    this.realm = realm;
    this.issuer = issuer;
  }

  /**
   * Starts the database and the directory and configures {@code realm} with a direct-grant client.
   */
  public static PrivilegedStack start(String realm, String client) throws Exception {
    TestDatabase database = TestDatabase.start();
    EmbeddedDirectory ldap = EmbeddedDirectory.start();
    ldap.server().add("dn: " + ADMINS, "objectClass: organizationalUnit", "ou: admins");
    LdapDirectory directory = LdapDirectory.connect(ldap.settings());
    Keycloak admin = EmbeddedKeycloak.shared().adminClient();
    Policy policy = PolicyLoader.loadDefault();
    String issuer = TestRealm.configure(admin, realm, policy, client);
    return new PrivilegedStack(database, ldap, directory, admin, policy, realm, issuer);
  }

  public TestDatabase database() {
    return database;
  }

  public EmbeddedDirectory ldap() {
    return ldap;
  }

  public LdapDirectory directory() {
    return directory;
  }

  public Keycloak admin() {
    return admin;
  }

  public Policy policy() {
    return policy;
  }

  public String issuer() {
    return issuer;
  }

  /**
   * The lifecycle as the service wires it, on the directory and the realm, with the holder stops
   * that end a leaver's privileged access.
   */
  public LifecycleService lifecycle(Clock clock, AuditLog audit, HolderStops holders) {
    return new LifecycleService(
        new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
        new Planner(policy.lifecycle()),
        List.of(new DirectoryTarget(directory, clock), new KeycloakTarget(admin, realm)),
        List.of(),
        LifecycleStores.on(database.jdbc(), clock),
        audit,
        clock,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        false,
        Optional.empty(),
        List.of(holders));
  }

  /**
   * A lifecycle run for these people only (the tests of a class keep out of each other's way),
   * approved if held — with a few people any stop is a large share — and applied.
   */
  public static void run(LifecycleService lifecycle, Path file, Set<String> people, LocalDate today)
      throws Exception {
    LifecycleService.StoredPlan plan = lifecycle.plan(file, today, Scope.of(people));
    if (plan.status() == Status.HELD) {
      lifecycle.approve(plan.id(), plan.plan().fingerprint(), "it-admin");
    }
    if (!plan.plan().changes().isEmpty()) {
      assertThat(lifecycle.apply(plan.id(), today).status()).isEqualTo(Status.APPLIED);
    }
  }

  /** An HR file (the Japanese default columns) in {@code dir} with these rows. */
  public static Path hr(Path dir, String... rows) throws Exception {
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** A row of a regular employee appointed on 2026-04-01. */
  public static String row(String number, String name, String kana, String section, String status) {
    return row(number, name, kana, section, status, LocalDate.of(2026, 4, 1));
  }

  /** A row of a regular employee whose appointment (or status) dates from {@code date}. */
  public static String row(
      String number, String name, String kana, String section, String status, LocalDate date) {
    return String.join(
        ",", number, name, kana, section, section + "課", "主事", "01", status, date.toString(), "");
  }

  /**
   * Adds {@code uid=id} under {@link #ADMINS} with the {@link #INITIAL} password and registers it
   * as a privileged directory account of {@code owner}, who also registers it.
   */
  public PrivilegedAccount directoryAccount(
      PrivilegedAccess access,
      String id,
      String owner,
      Set<String> eligible,
      Set<String> approvers,
      boolean emergency)
      throws Exception {
    String dn = "uid=" + id + "," + ADMINS;
    ldap.server()
        .add(
            "dn: " + dn,
            "objectClass: inetOrgPerson",
            "uid: " + id,
            "cn: " + id,
            "sn: admin",
            "userPassword: " + INITIAL);
    return access.register(
        new PrivilegedAccount(
            id,
            PrivilegedAccount.Kind.DIRECTORY,
            dn,
            "基幹サーバー管理者",
            owner,
            eligible,
            approvers,
            Duration.ofHours(2),
            true,
            emergency,
            Instant.EPOCH,
            owner,
            null,
            null),
        owner);
  }

  /** Whether {@code dn} binds with {@code password}; false only for invalid credentials. */
  public boolean binds(String dn, String password) {
    try (LDAPConnection c = new LDAPConnection("127.0.0.1", ldap.port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
        return false;
      }
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    directory.close();
    ldap.close();
    database.close();
  }
}
