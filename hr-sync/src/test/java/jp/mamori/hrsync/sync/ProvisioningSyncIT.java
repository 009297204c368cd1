package jp.mamori.hrsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import jp.mamori.hrsync.directory.DirectoryAccount;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakAccounts;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The bundled HR sample through the real parts: LDAP over the wire (UnboundID in-memory server) and
 * the real Keycloak, with temporary passwords generated to the shipped policy and accepted by the
 * realm Mamori configured from the same policy (LC-1, PW-1, PW-4).
 */
class ProvisioningSyncIT {

  private static final String REALM = "sync-it";

  private static EmbeddedDirectory ldap;
  private static LdapDirectory directory;
  private static Keycloak admin;
  private static ProvisioningSync sync;
  private static HrFile sample;

  @BeforeAll
  static void start() throws Exception {
    Policy policy = PolicyLoader.loadDefault();
    ldap = EmbeddedDirectory.start();
    directory = LdapDirectory.connect(ldap.settings());
    admin = EmbeddedKeycloak.shared().adminClient();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            policy,
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18081", "mamori-api"));
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    sync =
        new ProvisioningSync(
            directory,
            new KeycloakAccounts(admin, REALM),
            () ->
                new TemporaryPassword(
                    generator.generate(policy.password(), policy.temporaryPassword())),
            Clock.systemUTC());
    Path file = Files.createTempFile("hr-sample", ".csv");
    try (var in =
        ProvisioningSyncIT.class.getResourceAsStream("/jp/mamori/hrsync/sample/hr-staff.csv")) {
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    sample = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO).read(file);
  }

  @AfterAll
  static void stop() {
    directory.close();
    ldap.close();
    admin.close();
  }

  @Test
  void runWhenSampleIsSyncedTwiceThenEveryActivePersonExistsOnceInLdapAndKeycloak() {
    long active =
        sample.records().stream().filter(r -> r.status() == EmploymentStatus.ACTIVE).count();
    assertThat(sample.problems()).isEmpty();
    assertThat(active).isGreaterThanOrEqualTo(40);

    SyncReport first = sync.run(sample);
    SyncReport second = sync.run(sample);

    assertThat(first.count(ProvisioningOutcome.Failed.class))
        .as(first.outcomes().toString())
        .isZero();
    assertThat(first.created()).hasSize((int) active);
    Set<String> passwords = new HashSet<>();
    first.created().forEach(c -> passwords.add(c.password().orElseThrow().reveal()));
    assertThat(passwords).hasSize((int) active);

    assertThat(second.created()).isEmpty();
    assertThat(second.count(ProvisioningOutcome.Unchanged.class)).isEqualTo(active);

    assertThat(directory.listPeople()).hasSize((int) active);
    DirectoryAccount yamada = directory.findByEmployeeNumber("10001").orElseThrow();
    assertThat(yamada.fullName()).isEqualTo("山田 太郎");
    assertThat(yamada.sectionCode()).isEqualTo("K01");

    UserRepresentation user = admin.realm(REALM).users().searchByUsername("10001", true).getFirst();
    assertThat(user.getLastName()).isEqualTo("山田");
    assertThat(user.getFirstName()).isEqualTo("太郎");
    assertThat(user.getRequiredActions()).contains("UPDATE_PASSWORD");
    assertThat(admin.realm(REALM).users().count()).isEqualTo((int) active);
  }
}
