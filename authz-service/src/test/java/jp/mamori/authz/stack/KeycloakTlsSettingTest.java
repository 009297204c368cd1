package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Start-up checks of external (production) mode: Keycloak over https unless on this host or
 * allowed; the HR export named.
 */
class KeycloakTlsSettingTest {

  @Test
  void serverUrlWhenPlainHttpToAnotherHostThenRefusedNamingTheSettings() {
    assertThatThrownBy(
            () -> ExternalStackConfiguration.requireTls("http://sso.example.lg.jp:8080", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mamori.keycloak.server-url")
        .hasMessageContaining("mamori.keycloak.allow-plain-http")
        .hasMessageContaining("http://sso.example.lg.jp:8080");
  }

  @Test
  void serverUrlWhenHttpsOrLoopbackOrExplicitlyAllowedThenAccepted() {
    assertThatCode(() -> ExternalStackConfiguration.requireTls("https://sso.example.lg.jp", false))
        .doesNotThrowAnyException();
    assertThatCode(() -> ExternalStackConfiguration.requireTls("http://localhost:8180", false))
        .doesNotThrowAnyException();
    assertThatCode(() -> ExternalStackConfiguration.requireTls("http://127.0.0.1:8180", false))
        .doesNotThrowAnyException();
    assertThatCode(() -> ExternalStackConfiguration.requireTls("http://10.0.0.5:8080", true))
        .doesNotThrowAnyException();
  }

  @Test
  void hrFileWhenMissingInExternalModeThenRefusedRatherThanTheSampleRead() {
    assertThatThrownBy(() -> ExternalStackConfiguration.requireHrFile(null))
        .hasMessageContaining("mamori.hr.file")
        .hasMessageContaining("fictional sample");
    assertThatCode(
            () -> ExternalStackConfiguration.requireHrFile(java.nio.file.Path.of("/srv/hr.csv")))
        .doesNotThrowAnyException();
  }

  @Test
  void serverUrlWhenMissingOrAnotherSchemeThenRefused() {
    assertThatThrownBy(() -> ExternalStackConfiguration.requireTls(null, false))
        .hasMessageContaining("found none");
    assertThatThrownBy(() -> ExternalStackConfiguration.requireTls("ftp://sso", true))
        .hasMessageContaining("expected an https:// URL");
  }
}
