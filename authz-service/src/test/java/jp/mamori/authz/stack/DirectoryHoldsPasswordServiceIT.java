package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import jp.mamori.authz.MamoriApplication;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.authz.credential.TemporaryPasswords;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.hrsync.keycloak.KeycloakDirectoryFederation;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service in production mode with the directory holding the password (a pilot, the preview
 * acknowledged), on the real OpenLDAP, Keycloak and PostgreSQL: at start-up it writes the policy to
 * the ppolicy entry and configures the federation; a day's plan creates the joiner in the directory
 * and links the federated SSO user; a temporary password goes into the directory; a directory
 * lockout is the account's state (PW-1, PW-4, LG-1, LC-1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryHoldsPasswordServiceIT {

  private static final String REALM = "directory-holds-it";
  private static final Policy policy = PolicyLoader.loadDefault();

  private final TestSlapd slapd = TestSlapd.instance();
  private EmbeddedPostgres postgres;
  private Keycloak admin;
  private ConfigurableApplicationContext service;
  private Path hr;
  private String number;

  @BeforeAll
  void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    EmbeddedKeycloak keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    Path dir = Files.createTempDirectory("mamori-directory-holds");
    Path key = dir.resolve("audit-signing-key.jwk");
    AuditSigner.load(key, true);
    String ou = "ou=svc" + Long.toHexString(System.nanoTime()) + "," + TestSlapd.PEOPLE_DN;
    try (var root = slapd.root()) {
      root.add("dn: " + ou, "objectClass: organizationalUnit", "ou: " + ou.split("[=,]")[1]);
      // a hand-loosened policy the service must put right at start-up
      root.modify(
          TestSlapd.POLICY_DN,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE, "pwdMaxFailure", "50"));
    }
    number = Long.toString(900000 + Math.floorMod(System.nanoTime(), 90000L));
    hr =
        Files.writeString(
            dir.resolve("hr.csv"),
            "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n"
                + number
                + ",連携 花子,レンケイ ハナコ,K01,市民課,主事,01,01,2024-04-01,\n");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, Object> properties =
        new java.util.TreeMap<>(
            Map.ofEntries(
                Map.entry("server.port", port),
                Map.entry("mamori.mode", "external"),
                Map.entry("mamori.console.base-url", "http://localhost:" + port),
                Map.entry("mamori.keycloak.server-url", keycloak.baseUrl()),
                Map.entry("mamori.keycloak.admin-username", keycloak.adminCredentials().username()),
                Map.entry("mamori.keycloak.admin-password", keycloak.adminCredentials().password()),
                Map.entry("mamori.keycloak.realm", REALM),
                Map.entry("mamori.keycloak.console-client-secret", "directory-holds-secret-2027"),
                Map.entry("mamori.directory.host", "127.0.0.1"),
                Map.entry("mamori.directory.port", slapd.port()),
                Map.entry("mamori.directory.bind-dn", TestSlapd.MAMORI_DN),
                Map.entry("mamori.directory.bind-password", slapd.settings().bindPassword()),
                Map.entry("mamori.directory.people-dn", ou),
                Map.entry("mamori.directory.password-holder", "DIRECTORY"),
                Map.entry("mamori.directory.password-holder-preview", "true"),
                Map.entry("mamori.directory.password-policy-dn", TestSlapd.POLICY_DN),
                Map.entry("mamori.audit.signing-key", key.toString()),
                Map.entry("mamori.hr.file", hr.toString()),
                Map.entry("spring.datasource.url", postgres.jdbcUrl()),
                Map.entry("spring.datasource.username", postgres.username())));
    service =
        new SpringApplicationBuilder(MamoriApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
    admin.close();
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void
      startUpWritesThePolicyAndFederationThenJoinerTemporaryPasswordAndLockoutGoThroughTheDirectory()
          throws Exception {
    try (var root = slapd.root()) {
      assertThat(
              root.getEntry(TestSlapd.POLICY_DN, "pwdMaxFailure")
                  .getAttributeValue("pwdMaxFailure"))
          .isEqualTo(Integer.toString(policy.lockout().maxFailures()));
    }
    assertThat(new KeycloakDirectoryFederation(admin, REALM).find()).isPresent();

    LifecycleService lifecycle = service.getBean(LifecycleService.class);
    LifecycleService.StoredPlan plan = lifecycle.plan(hr, LocalDate.of(2027, 4, 1));
    assertThat(lifecycle.apply(plan.id(), LocalDate.of(2027, 4, 1)).status())
        .isEqualTo(LifecycleService.Status.APPLIED);
    assertThat(
            admin
                .realm(REALM)
                .users()
                .searchByUsername(number, true)
                .getFirst()
                .getFederationLink())
        .isNotNull();

    TemporaryPasswords.Issued issued =
        service
            .getBean(TemporaryPasswords.class)
            .issue(number, "admin-a", TemporaryPasswords.Handover.IN_PERSON);
    String dn =
        service
            .getBean(jp.mamori.hrsync.directory.LdapDirectory.class)
            .findByEmployeeNumber(number)
            .orElseThrow()
            .dn();
    assertThat(slapd.bind(dn, issued.password().reveal()).mustChangePassword()).isTrue();

    for (int i = 1; i <= policy.lockout().maxFailures(); i++) {
      assertThat(slapd.bind(dn, "Wrong-" + i + "-password").succeeded()).isFalse();
    }
    assertThat(service.getBean(AccountStates.class).status(number))
        .isInstanceOf(AccountStatus.TemporarilyLocked.class);
    assertThat(slapd.bind(dn, issued.password().reveal())).matches(r -> !r.succeeded());
  }
}
