package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.hrsync.directory.DirectoryTimeouts;
import jp.mamori.hrsync.directory.DirectoryTls;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The directory's TLS and timeout keys as an administrator writes them ({@code mamori.directory.*})
 * reach the connector's settings: handshake mode, trust store and its password, connect and
 * response timeouts.
 */
class DirectorySettingsBindingTest {

  private static MamoriSettings.Directory bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bind("mamori.directory", MamoriSettings.Directory.class)
        .get();
  }

  @Test
  void bindWhenTlsKeysGivenThenTheConnectorGetsThem() {
    MamoriSettings.Directory directory =
        bind(
            Map.of(
                "mamori.directory.host", "adlds.example.lg.jp",
                "mamori.directory.port", "50001",
                "mamori.directory.use-tls", "true",
                "mamori.directory.tls-mode", "LDAPS",
                "mamori.directory.trust-store", "/etc/mamori/ldap-ca.p12",
                "mamori.directory.trust-store-password", "store-secret-31"));

    assertThat(directory.tls())
        .isEqualTo(
            new DirectoryTls(
                DirectoryTls.Mode.LDAPS,
                Optional.of("/etc/mamori/ldap-ca.p12"),
                "store-secret-31"));
    assertThat(directory.toString()).doesNotContain("store-secret-31");
  }

  @Test
  void bindWhenNoTlsKeysThenTheDefaults() {
    MamoriSettings.Directory directory =
        bind(Map.of("mamori.directory.host", "127.0.0.1", "mamori.directory.port", "389"));

    assertThat(directory.useTls()).isFalse();
    assertThat(directory.tls()).isEqualTo(DirectoryTls.DEFAULT);
    assertThat(directory.timeouts()).isEqualTo(DirectoryTimeouts.DEFAULT);
  }

  /**
   * The timeouts as an administrator writes them reach the connector; one out of its range stops
   * the start naming the keys and the range.
   */
  @Test
  void bindWhenTimeoutsGivenThenTheConnectorGetsThemAndAnOutOfRangeOneIsRefused() {
    MamoriSettings.Directory directory =
        bind(
            Map.of(
                "mamori.directory.host", "127.0.0.1",
                "mamori.directory.connect-timeout", "3s",
                "mamori.directory.response-timeout", "30s"));
    MamoriSettings.Directory tooShort =
        bind(
            Map.of(
                "mamori.directory.host",
                "127.0.0.1",
                "mamori.directory.response-timeout",
                "100ms"));

    assertThat(directory.timeouts())
        .isEqualTo(new DirectoryTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(30)));
    assertThatIllegalArgumentException()
        .isThrownBy(tooShort::timeouts)
        .withMessageContaining("mamori.directory.connect-timeout / response-timeout")
        .withMessageContaining("PT0.1S");
  }
}
