package jp.mamori.authz.stack;

import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.hr.HrEncoding;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every Mamori setting, bound once at start-up ({@code mamori.*}). Secrets come from the
 * environment or files (Spring's {@code configtree:}), never from the checked-in configuration, and
 * no {@code toString()} here shows them.
 *
 * @param mode {@code embedded} (default: PostgreSQL, LDAP and Keycloak started by Mamori itself) or
 *     {@code external} (production: everything configured below)
 * @param policyFile override file for the shipped policy; none = the shipped default
 * @param syncOnStart run the HR sync once when the service has started (the demo does)
 */
@ConfigurationProperties("mamori")
public record MamoriSettings(
    @DefaultValue("embedded") Mode mode,
    Path policyFile,
    @DefaultValue("false") boolean syncOnStart,
    @DefaultValue Hr hr,
    @DefaultValue Keycloak keycloak,
    @DefaultValue Directory directory,
    @DefaultValue Api api,
    @DefaultValue Console console) {

  public enum Mode {
    EMBEDDED,
    EXTERNAL
  }

  /**
   * @param file the HR export; none = the bundled fictional sample (GV-8)
   * @param encoding AUTO (BOM / UTF-8 / CP932 detection), UTF_8 or CP932
   */
  public record Hr(Path file, @DefaultValue("AUTO") HrEncoding encoding) {}

  /** External Keycloak (mode external); the embedded one configures itself. */
  public record Keycloak(
      String serverUrl,
      @DefaultValue("master") String adminRealm,
      @DefaultValue("admin-cli") String adminClientId,
      String adminUsername,
      String adminPassword,
      @DefaultValue("mamori") String realm,
      @DefaultValue("mamori-console") String consoleClientId,
      String consoleClientSecret) {
    @Override
    public String toString() {
      return "Keycloak[serverUrl=" + serverUrl + ", realm=" + realm + ", secrets=***]";
    }
  }

  /** External directory (mode external). */
  public record Directory(
      String host,
      @DefaultValue("389") int port,
      @DefaultValue("false") boolean useTls,
      String bindDn,
      String bindPassword,
      String peopleDn,
      @DefaultValue("OPENLDAP") DirectorySchema schema) {
    @Override
    public String toString() {
      return "Directory[host=" + host + ":" + port + ", bindDn=" + bindDn + ", bindPassword=***]";
    }
  }

  /**
   * @param audience the {@code aud} every API token must carry
   * @param clockSkew tolerance on {@code exp}/{@code nbf}; at most one minute
   */
  public record Api(
      @DefaultValue("mamori-api") String audience, @DefaultValue("PT30S") Duration clockSkew) {
    public Api {
      if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "mamori.api.clock-skew: expected PT0S to PT1M, found " + clockSkew);
      }
    }
  }

  /**
   * @param baseUrl where people open the console; default {@code http://localhost:<port>}
   */
  public record Console(String baseUrl) {}
}
