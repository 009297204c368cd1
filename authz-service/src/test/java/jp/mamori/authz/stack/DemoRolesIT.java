package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.mamori.authz.TestRealm;
import jp.mamori.authz.settings.HrSample;
import jp.mamori.hrsync.hr.HrColumnMapping;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The demo's roles on the real Keycloak from the bundled fictional HR sample: the head of 情報システム課
 * and one of their staff administer IDs, the head of 総務課 acts as CISO and their deputy audits,
 * every 課長 is a section head; staff without a role get none.
 */
class DemoRolesIT {

  private static final String REALM = "demo-roles-it";

  @Test
  void demoWhenSampleSyncedThenRolesForEveryScreen() throws Exception {
    Keycloak admin = EmbeddedKeycloak.shared().adminClient();
    TestRealm.configure(admin, REALM, PolicyLoader.loadDefault(), "it-demo-roles");
    for (String username : List.of("10001", "10002", "10029", "10030", "10031", "10035", "10036")) {
      UserRepresentation user = new UserRepresentation();
      user.setUsername(username);
      user.setEnabled(true);
      admin.realm(REALM).users().create(user).close();
    }
    var staff =
        new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO)
            .read(HrSample.file())
            .records();

    List<DemoRoles.Assigned> assigned = DemoRoles.assign(admin, REALM, staff);

    assertThat(roles(admin, "10029"))
        .contains(
            KeycloakRealmConfigurator.ADMIN_ROLE, KeycloakRealmConfigurator.SECTION_HEAD_ROLE);
    assertThat(roles(admin, "10030")).contains(KeycloakRealmConfigurator.ADMIN_ROLE);
    assertThat(roles(admin, "10031")).doesNotContain(KeycloakRealmConfigurator.ADMIN_ROLE);
    assertThat(roles(admin, "10035"))
        .contains(KeycloakRealmConfigurator.CISO_ROLE, KeycloakRealmConfigurator.SECTION_HEAD_ROLE);
    assertThat(roles(admin, "10036")).contains(KeycloakRealmConfigurator.AUDITOR_ROLE);
    assertThat(roles(admin, "10002")).contains(KeycloakRealmConfigurator.SECTION_HEAD_ROLE);
    assertThat(roles(admin, "10001"))
        .doesNotContain(
            KeycloakRealmConfigurator.ADMIN_ROLE,
            KeycloakRealmConfigurator.SECTION_HEAD_ROLE,
            KeycloakRealmConfigurator.CISO_ROLE,
            KeycloakRealmConfigurator.AUDITOR_ROLE);
    assertThat(assigned).extracting(DemoRoles.Assigned::username).contains("10029", "10035");
    assertThat(assigned)
        .as("only users that exist")
        .extracting(DemoRoles.Assigned::username)
        .doesNotContain("10009");
    admin.close();
  }

  private static List<String> roles(Keycloak admin, String username) {
    String id = admin.realm(REALM).users().searchByUsername(username, true).getFirst().getId();
    return admin.realm(REALM).users().get(id).roles().realmLevel().listEffective().stream()
        .map(RoleRepresentation::getName)
        .toList();
  }
}
