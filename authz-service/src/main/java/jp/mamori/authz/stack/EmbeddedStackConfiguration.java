package jp.mamori.authz.stack;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.util.HexFormat;
import jp.mamori.authz.security.ApiSettings;
import jp.mamori.authz.settings.EmbeddedDatabaseFolder;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakSettings;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.keycloak.embedded.KeycloakHome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * The embedded default: PostgreSQL from Maven Central binaries, UnboundID's in-memory directory
 * over real LDAP, and the official Keycloak distribution, all on loopback, started by Mamori.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mamori.mode", havingValue = "embedded", matchIfMissing = true)
class EmbeddedStackConfiguration {

  // Each embedded part waits for the policy and the HR layout, so that an invalid policy or layout
  // profile stops the start before anything is launched.
  @Bean(destroyMethod = "close")
  @DependsOn({"policy", "hrLayout"})
  EmbeddedPostgres embeddedPostgres() {
    return EmbeddedPostgres.start();
  }

  @Bean
  EmbeddedDatabaseFolder embeddedDatabaseFolder(EmbeddedPostgres postgres) {
    return new EmbeddedDatabaseFolder(postgres.instanceDirectory());
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(postgres.username());
    config.setMaximumPoolSize(10);
    config.setPoolName("mamori-embedded");
    return new HikariDataSource(config);
  }

  @Bean(destroyMethod = "close")
  @DependsOn({"policy", "hrLayout"})
  EmbeddedDirectory embeddedDirectory() {
    return EmbeddedDirectory.start();
  }

  /**
   * One Keycloak per JVM: the demo's, or the one a whole test run shares; from {@code
   * mamori.keycloak.home} or the distribution shipped with the installation ({@link
   * KeycloakLocation}).
   */
  @Bean
  @DependsOn({"policy", "hrLayout"})
  EmbeddedKeycloak embeddedKeycloak(MamoriSettings settings) {
    return EmbeddedKeycloak.shared(KeycloakHome.find(KeycloakLocation.search(settings.keycloak())));
  }

  @Bean
  StackEndpoints stackEndpoints(
      MamoriSettings settings,
      ApiSettings api,
      EmbeddedKeycloak keycloak,
      EmbeddedDirectory directory,
      @Value("${server.port:8080}") int serverPort) {
    if (settings.directory().passwordHolder()
        == MamoriSettings.Directory.PasswordHolder.DIRECTORY) {
      throw new IllegalArgumentException(
          "mamori.directory.password-holder=DIRECTORY needs a real directory (mamori.mode=external"
              + " with OpenLDAP and ppolicy, or Active Directory); the embedded demo directory"
              + " keeps no passwords / パスワードをディレクトリで管理するには外部モードが必要です");
    }
    EmbeddedKeycloak.AdminCredentials admin = keycloak.adminCredentials();
    KeycloakSettings keycloakSettings =
        new KeycloakSettings(
            keycloak.baseUrl(),
            "master",
            "admin-cli",
            admin.username(),
            admin.password(),
            settings.keycloak().realm());
    String consoleUrl =
        settings.console().baseUrl() != null
            ? settings.console().baseUrl()
            : "http://localhost:" + serverPort;
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    ConsoleClient console =
        new ConsoleClient(
            settings.keycloak().consoleClientId(),
            HexFormat.of().formatHex(secret),
            consoleUrl,
            api.audience());
    return new StackEndpoints(keycloakSettings, directory.settings(), console);
  }
}
