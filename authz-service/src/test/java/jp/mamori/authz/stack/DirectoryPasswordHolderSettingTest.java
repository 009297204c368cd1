package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.MamoriSettings.Directory.PasswordHolder;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectoryTls;
import org.junit.jupiter.api.Test;

/** The settings of the mode in which the directory holds the password refuse what cannot work. */
class DirectoryPasswordHolderSettingTest {

  private static MamoriSettings.Directory directory(
      DirectorySchema schema, boolean tls, PasswordHolder holder, String policyDn, String group) {
    return new MamoriSettings.Directory(
        "dc1.city.lg.jp",
        tls ? 636 : 389,
        tls,
        "CN=svc-mamori,CN=Users,DC=city,DC=lg,DC=jp",
        "secret",
        "OU=Staff,DC=city,DC=lg,DC=jp",
        schema,
        DirectoryTls.Mode.AUTO,
        null,
        null,
        holder,
        policyDn,
        group,
        java.time.Duration.ofSeconds(5),
        java.time.Duration.ofSeconds(15));
  }

  @Test
  void keycloakHolderNeedsNothingMore() {
    assertThatCode(() ->
            directory(DirectorySchema.OPENLDAP, false, PasswordHolder.KEYCLOAK, null, null)
                .requirePasswordSettings())
        .doesNotThrowAnyException();
  }

  @Test
  void directoryHolderWithoutPolicyDnRefusedNamingTheSetting() {
    assertThatThrownBy(() ->
            directory(DirectorySchema.OPENLDAP, true, PasswordHolder.DIRECTORY, " ", null)
                .requirePasswordSettings())
        .hasMessageContaining("mamori.directory.password-policy-dn")
        .hasMessageContaining("found none");
  }

  @Test
  void activeDirectoryWithoutStaffGroupOrTlsRefused() {
    String pso = "CN=Mamori staff,CN=Password Settings Container,CN=System,DC=city,DC=lg,DC=jp";
    assertThatThrownBy(() ->
            directory(DirectorySchema.ACTIVE_DIRECTORY, true, PasswordHolder.DIRECTORY, pso, null)
                .requirePasswordSettings())
        .hasMessageContaining("mamori.directory.staff-group-dn");
    assertThatThrownBy(() ->
            directory(
                    DirectorySchema.ACTIVE_DIRECTORY,
                    false,
                    PasswordHolder.DIRECTORY,
                    pso,
                    "CN=mamori-staff,CN=Users,DC=city,DC=lg,DC=jp")
                .requirePasswordSettings())
        .hasMessageContaining("mamori.directory.use-tls")
        .hasMessageContaining("found false");
    assertThatCode(() ->
            directory(
                    DirectorySchema.ACTIVE_DIRECTORY,
                    true,
                    PasswordHolder.DIRECTORY,
                    pso,
                    "CN=mamori-staff,CN=Users,DC=city,DC=lg,DC=jp")
                .requirePasswordSettings())
        .doesNotThrowAnyException();
  }
}
