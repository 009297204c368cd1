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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.LifecycleStores;
import jp.mamori.authz.lifecycle.Scope;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;

/**
 * A leaver keeps no privileged checkout (PR-3, PR-4, LC-2), on the real directory (UnboundID),
 * Keycloak and PostgreSQL: the person holding a directory administrator's password retires; the
 * lifecycle run that disables their account also checks the checkout in — the revealed password no
 * longer binds — and takes them off the ID's eligible list, each step recorded (privileged events
 * and the audit log) and the owner told. A person transferred out loses a request still waiting and
 * their eligibility the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderStopsIT {

  private static final String REALM = "it-holder-stops";
  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日";
  private static final String ADMINS = "ou=admins," + EmbeddedDirectory.BASE_DN;
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  @TempDir static Path dir;

  private TestDatabase database;
  private EmbeddedDirectory ldap;
  private LdapDirectory directory;
  private Keycloak admin;
  private Policy policy;
  private PrivilegedAccess access;
  private LifecycleService lifecycle;

  @BeforeAll
  void start() throws Exception {
    database = TestDatabase.start();
    ldap = EmbeddedDirectory.start();
    ldap.server().add("dn: " + ADMINS, "objectClass: organizationalUnit", "ou: admins");
    directory = LdapDirectory.connect(ldap.settings());
    admin = EmbeddedKeycloak.shared().adminClient();
    policy = PolicyLoader.loadDefault();
    TestRealm.configure(admin, REALM, policy, "it-holder-stops-direct");
    Clock clock = Clock.systemUTC();
    PrivilegedFixture privileged =
        PrivilegedFixture.on(database, directory, admin, REALM, policy, clock);
    access = privileged.access();
    lifecycle =
        new LifecycleService(
            new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO),
            new Planner(policy.lifecycle()),
            List.of(new DirectoryTarget(directory, clock), new KeycloakTarget(admin, REALM)),
            List.of(),
            LifecycleStores.on(database.jdbc(), clock),
            database.audit(clock),
            clock,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            false,
            Optional.empty(),
            List.of(privileged.holderStops()));
    run(
        hr(
            row("62001", "特権 一郎", "トッケン イチロウ", "S01", "01"),
            row("62002", "承認 二郎", "ショウニン ジロウ", "S01", "01"),
            row("62003", "異動 三郎", "イドウ サブロウ", "S01", "01"),
            row("62004", "同僚 四郎", "ドウリョウ シロウ", "S01", "01")),
        Set.of("62001", "62002", "62003", "62004"));
  }

  @AfterAll
  void stop() {
    directory.close();
    ldap.close();
    database.close();
  }

  @Test
  void retireWhenHoldingACheckoutThenCheckedInPasswordRotatedEligibilityWithdrawnAndRecorded()
      throws Exception {
    PrivilegedAccount account = directoryAccount("srv-admin-1", Set.of("62001", "62004"));
    Checkout c =
        access.request(
            account.id(), "62001", "月次パッチ適用", "CHG-0101", null, Duration.ofHours(2), false);
    access.approve(c.id(), "62002", "作業計画書を確認");
    char[] password = access.activate(c.id(), "62001").password().orElseThrow();
    assertThat(binds(account.target(), new String(password))).isTrue();

    run(hr(row("62001", "特権 一郎", "トッケン イチロウ", "S01", "04", TODAY.minusDays(1))), Set.of("62001"));

    assertThat(access.checkout(c.id()).orElseThrow().state())
        .as("the checkout ends with the account, not at its deadline")
        .isEqualTo(Checkout.State.CHECKED_IN);
    assertThat(binds(account.target(), new String(password)))
        .as("the administrator password the leaver saw no longer works")
        .isFalse();
    assertThat(access.account(account.id()).orElseThrow().eligible()).containsExactly("62004");
    assertThat(access.events(c.id()).stream().map(PrivilegedAccess.Event::action))
        .contains("HOLDER_STOPPED");
    assertThat(access.accountEvents(account.id()).stream().map(PrivilegedAccess.Event::action))
        .contains("ELIGIBILITY_WITHDRAWN");
    assertThat(
            database
                .jdbc()
                .sql(
                    "select kind from audit_event where subject = ? and kind in"
                        + " ('PRIVILEGED_HOLDER_STOPPED', 'PRIVILEGED_ELIGIBILITY_WITHDRAWN')"
                        + " order by seq")
                .param("privileged/" + account.id())
                .query(String.class)
                .list())
        .containsExactly("PRIVILEGED_HOLDER_STOPPED", "PRIVILEGED_ELIGIBILITY_WITHDRAWN");
    assertThat(
            database
                .jdbc()
                .sql("select count(*) from notification where recipient = '62002'")
                .query(Integer.class)
                .single())
        .as("the owner is told")
        .isPositive();
  }

  @Test
  void transferWhenARequestIsWaitingThenCancelledAndEligibilityWithdrawn() throws Exception {
    PrivilegedAccount account = directoryAccount("srv-admin-2", Set.of("62003"));
    Checkout c =
        access.request(account.id(), "62003", "障害調査", "INC-0007", null, Duration.ofHours(1), false);

    run(hr(row("62003", "異動 三郎", "イドウ サブロウ", "K01", "01", TODAY)), Set.of("62003"));

    assertThat(access.checkout(c.id()).orElseThrow().state()).isEqualTo(Checkout.State.CANCELLED);
    assertThat(access.account(account.id()).orElseThrow().eligible()).isEmpty();
    assertThat(access.events(c.id()).stream().map(PrivilegedAccess.Event::detail))
        .anySatisfy(d -> assertThat(d).contains("異動 / transferred"));
  }

  private PrivilegedAccount directoryAccount(String id, Set<String> eligible) throws Exception {
    String dn = "uid=" + id + "," + ADMINS;
    ldap.server()
        .add(
            "dn: " + dn,
            "objectClass: inetOrgPerson",
            "uid: " + id,
            "cn: " + id,
            "sn: admin",
            "userPassword: Initial-Server-Pass-2027x");
    return access.register(
        new PrivilegedAccount(
            id,
            PrivilegedAccount.Kind.DIRECTORY,
            dn,
            "基幹サーバー管理者",
            "62002",
            eligible,
            Set.of("62002"),
            Duration.ofHours(2),
            true,
            false,
            java.time.Instant.EPOCH,
            "62002",
            null,
            null),
        "62002");
  }

  /**
   * A lifecycle run for these people only (the tests of this class keep out of each other's way).
   */
  private void run(Path file, Set<String> people) throws Exception {
    LifecycleService.StoredPlan plan = lifecycle.plan(file, TODAY, Scope.of(people));
    if (plan.status() == LifecycleService.Status.HELD) { // a few people: any stop is a large share
      lifecycle.approve(plan.id(), plan.plan().fingerprint(), "it-admin");
    }
    if (!plan.plan().changes().isEmpty()) {
      assertThat(lifecycle.apply(plan.id(), TODAY).status())
          .isEqualTo(LifecycleService.Status.APPLIED);
    }
  }

  private boolean binds(String dn, String password) {
    try (LDAPConnection c = new LDAPConnection("127.0.0.1", ldap.port(), dn, password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
        return false;
      }
      throw new IllegalStateException(e);
    }
  }

  private static String row(
      String number, String name, String kana, String section, String status) {
    return row(number, name, kana, section, status, LocalDate.of(2026, 4, 1));
  }

  private static String row(
      String number, String name, String kana, String section, String status, LocalDate date) {
    return String.join(
        ",", number, name, kana, section, section + "課", "主事", "01", status, date.toString(), "");
  }

  private Path hr(String... rows) throws Exception {
    Path file = Files.createTempFile(dir, "hr-", ".csv");
    Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
