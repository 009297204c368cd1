package jp.mamori.authz.stack;

import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Production: an external Keycloak, LDAP/AD and PostgreSQL ({@code spring.datasource.*}), all from
 * configuration. Missing or invalid settings stop the start with the key to set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mamori.mode", havingValue = "external")
class ExternalStackConfiguration {

  @Bean
  StackEndpoints stackEndpoints(MamoriSettings settings) {
    MamoriSettings.Keycloak kc = settings.keycloak();
    MamoriSettings.Directory dir = settings.directory();
    if (settings.console().baseUrl() == null) {
      throw new IllegalArgumentException(
          "mamori.console.base-url: expected the console's public URL (e.g."
              + " https://mamori.example.lg.jp), found none");
    }
    KeycloakSettings keycloak =
        new KeycloakSettings(
            kc.serverUrl(),
            kc.adminRealm(),
            kc.adminClientId(),
            kc.adminUsername(),
            kc.adminPassword(),
            kc.realm());
    if (kc.consoleClientSecret() == null) {
      throw new IllegalArgumentException(
          "mamori.keycloak.console-client-secret: expected the console client's secret (from the"
              + " environment or a file), found none");
    }
    ConsoleClient console =
        new ConsoleClient(
            kc.consoleClientId(),
            kc.consoleClientSecret(),
            settings.console().baseUrl(),
            settings.api().audience());
    DirectorySettings directory =
        new DirectorySettings(
            dir.host(),
            dir.port(),
            dir.useTls(),
            dir.bindDn(),
            dir.bindPassword(),
            dir.peopleDn(),
            dir.schema(),
            dir.tls());
    return new StackEndpoints(keycloak, directory, console);
  }
}
