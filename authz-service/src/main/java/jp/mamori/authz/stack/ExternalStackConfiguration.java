package jp.mamori.authz.stack;

import jp.mamori.authz.security.ApiSettings;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
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
  StackEndpoints stackEndpoints(MamoriSettings settings, ApiSettings api) {
    MamoriSettings.Keycloak kc = settings.keycloak();
    MamoriSettings.Directory dir = settings.directory();
    if (settings.console().baseUrl() == null) {
      throw new IllegalArgumentException(
          "mamori.console.base-url: expected the console's public URL (e.g."
              + " https://mamori.example.lg.jp), found none");
    }
    requireTls(kc.serverUrl(), kc.allowPlainHttp());
    requireHrFile(settings.hr().file());
    KeycloakSettings keycloak =
        new KeycloakSettings(
            kc.serverUrl(),
            kc.adminRealm(),
            kc.adminClientId(),
            kc.adminUsername(),
            kc.adminPassword(),
            kc.realm(),
            kc.timeouts());
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
            api.audience());
    dir.requirePasswordSettings();
    DirectorySettings directory =
        new DirectorySettings(
            dir.host(),
            dir.port(),
            dir.useTls(),
            dir.bindDn(),
            dir.bindPassword(),
            dir.peopleDn(),
            dir.schema(),
            dir.tls(),
            dir.timeouts());
    return new StackEndpoints(keycloak, directory, console);
  }

  /**
   * In production the HR export is named: without it, plans, inventories and reports would read the
   * bundled fictional sample and take every real ID for one with no HR record.
   */
  static void requireHrFile(java.nio.file.Path file) {
    if (file == null) {
      throw new IllegalArgumentException(
          "mamori.hr.file: expected the path of the HR system's export in external mode, found"
              + " none — without it plans, ID inventories and reports would read the bundled"
              + " fictional sample / 本番 (external) では人事データのファイル mamori.hr.file の指定が"
              + "必要です");
    }
  }

  /**
   * Keycloak is reached over https, except on this host (loopback) or where plain http is allowed
   * explicitly: over http the admin password, every token and the realm's keys would cross the
   * network in clear.
   */
  static void requireTls(String serverUrl, boolean allowPlainHttp) {
    if (serverUrl == null || serverUrl.isBlank()) {
      throw new IllegalArgumentException(
          "mamori.keycloak.server-url: expected Keycloak's base URL (e.g."
              + " https://sso.example.lg.jp), found none");
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(serverUrl.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "mamori.keycloak.server-url: expected a URL, found '" + serverUrl + "'", e);
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (!scheme.equals("http") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "mamori.keycloak.server-url: expected an https:// URL, found '" + serverUrl + "'");
    }
    String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
    boolean loopback =
        host.equals("localhost")
            || host.startsWith("127.")
            || host.equals("[::1]")
            || host.equals("::1");
    if (!loopback && !allowPlainHttp) {
      throw new IllegalArgumentException(
          "mamori.keycloak.server-url: expected https:// for a Keycloak on another host, found '"
              + serverUrl
              + "' — over http the admin password and every token travel in clear. Use https, or"
              + " set mamori.keycloak.allow-plain-http: true on a closed test network only"
              + " / 別ホストの Keycloak には https が必要です");
    }
  }
}
