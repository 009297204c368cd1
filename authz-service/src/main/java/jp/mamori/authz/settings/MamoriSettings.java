package jp.mamori.authz.settings;

import java.nio.file.Path;
import java.time.Duration;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectoryTimeouts;
import jp.mamori.hrsync.directory.DirectoryTls;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.keycloak.KeycloakTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings many features share, bound once at start-up ({@code mamori.*}): the mode, the
 * instance, the policy file, the HR export, Keycloak, the directory and the console's address. A
 * feature's own settings are its own record in its package ({@code mamori.lifecycle.*} in {@code
 * LifecycleSettings}, {@code mamori.api.*} in {@code ApiSettings}, …). Secrets come from the
 * environment or files (Spring's {@code configtree:}), never from the checked-in configuration, and
 * no {@code toString()} here shows them.
 *
 * @param mode {@code embedded} (default: PostgreSQL, LDAP and Keycloak started by Mamori itself) or
 *     {@code external} (production: everything configured below)
 * @param policyFile override file for the shipped policy; none = the shipped default
 * @param syncOnStart run the HR sync once when the service has started (the demo does)
 * @param instanceName this instance's name in the claims of jobs and checkouts shared with the
 *     other instances on the database; none: `host:pid`
 * @param hr the HR export read by the sync
 * @param keycloak the external Keycloak
 * @param directory the external directory
 * @param console the web console
 */
@ConfigurationProperties("mamori")
public record MamoriSettings(
    @DefaultValue("embedded") Mode mode,
    Path policyFile,
    @DefaultValue("false") boolean syncOnStart,
    String instanceName,
    @DefaultValue Hr hr,
    @DefaultValue Keycloak keycloak,
    @DefaultValue Directory directory,
    @DefaultValue Console console) {

  /** This instance's name: {@link #instanceName()} if set, otherwise {@code host:pid}. */
  public String instance() {
    if (instanceName != null && !instanceName.isBlank()) {
      return instanceName.strip();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName()
          + ":"
          + ProcessHandle.current().pid();
    } catch (java.net.UnknownHostException e) {
      return "pid:" + ProcessHandle.current().pid();
    }
  }

  public enum Mode {
    EMBEDDED,
    EXTERNAL
  }

  /**
   * @param file the HR export; required in external mode (the start is refused without it); in the
   *     embedded demo, none = the bundled fictional sample (GV-8)
   * @param encoding AUTO (BOM / UTF-8 / CP932 detection), UTF_8 or CP932
   * @param layout the export's layout profile (headers, codes of 雇用区分 and 在籍区分, 兼務 words, date
   *     formats, optional columns; docs/hr-layout.md): a YAML file's path ending in .yml or .yaml,
   *     or a shipped profile (default, example-words, example-vendor); none = the shipped default.
   *     An invalid profile stops the start, naming the file, the key and what is expected
   * @param sections the section master (所属マスタ: a CSV with 所属コード and 所属名): a row whose section code
   *     is not in it is rejected; none = codes are not checked (in the embedded demo, the bundled
   *     sample's master)
   */
  public record Hr(
      Path file, @DefaultValue("AUTO") HrEncoding encoding, String layout, Path sections) {}

  /**
   * External Keycloak (mode external); the embedded one configures itself.
   *
   * @param serverUrl base URL, e.g. {@code https://sso.example.lg.jp} (no {@code /realms})
   * @param adminRealm realm of the account Mamori administers Keycloak as
   * @param adminClientId client of that account's login
   * @param adminUsername the account Mamori administers Keycloak as (manage-users, manage-realm)
   * @param adminPassword its password (secret: environment or file)
   * @param realm the staff realm Mamori configures from the policy
   * @param consoleClientId the console's OIDC client in that realm
   * @param consoleClientSecret its secret (secret: environment or file)
   * @param allowPlainHttp allow an {@code http://} server URL on another host than this one (a
   *     closed test network only): the admin password, the tokens and the signing keys then travel
   *     in clear; refused at start unless set
   * @param connectTimeout how long the admin client waits for a connection to Keycloak (1 s to 1
   *     min)
   * @param readTimeout how long it waits for each answer (1 s to 10 min): a Keycloak that stops
   *     answering stops a run's batch after about this long, not after one wait per change
   * @param home embedded mode: an unpacked Keycloak distribution ({@code keycloak-quarkus-dist},
   *     the folder holding {@code bin/kc.sh}) to start; none = the distribution archive shipped in
   *     the installed Mamori's {@code lib/keycloak/}, unpacked once into {@code unpack-dir}
   * @param unpackDir embedded mode: the writable folder the shipped Keycloak is unpacked into, once
   *     per version; none = the launcher's data folder ({@code MAMORI_DATA_DIR}, by default {@code
   *     data/} of the installed Mamori), else {@code ~/.cache/mamori}
   */
  public record Keycloak(
      String serverUrl,
      @DefaultValue("master") String adminRealm,
      @DefaultValue("admin-cli") String adminClientId,
      String adminUsername,
      String adminPassword,
      @DefaultValue("mamori") String realm,
      @DefaultValue("mamori-console") String consoleClientId,
      String consoleClientSecret,
      @DefaultValue("false") boolean allowPlainHttp,
      @DefaultValue("PT5S") Duration connectTimeout,
      @DefaultValue("PT30S") Duration readTimeout,
      Path home,
      Path unpackDir) {
    @Override
    public String toString() {
      return "Keycloak[serverUrl=" + serverUrl + ", realm=" + realm + ", secrets=***]";
    }

    /**
     * The timeouts as the admin client takes them.
     *
     * @throws IllegalArgumentException naming the setting out of its range
     */
    public KeycloakTimeouts timeouts() {
      try {
        return new KeycloakTimeouts(connectTimeout, readTimeout);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "mamori.keycloak.connect-timeout / read-timeout: " + e.getMessage(), e);
      }
    }
  }

  /**
   * External directory (mode external).
   *
   * @param host the LDAP or Active Directory server
   * @param port 389 (StartTLS when use-tls) or 636 (LDAPS)
   * @param useTls TLS to the server (LDAPS on 636 and 3269, StartTLS otherwise, unless tls-mode
   *     says which); the trust store must hold the CA that signed the server's certificate
   * @param bindDn the account Mamori binds as
   * @param bindPassword its password (secret: environment or file)
   * @param peopleDn where person accounts are, e.g. {@code ou=people,dc=example,dc=lg,dc=jp}
   * @param schema {@code OPENLDAP} (inetOrgPerson) or {@code ACTIVE_DIRECTORY} (sAMAccountName,
   *     userAccountControl)
   * @param tlsMode with use-tls: {@code AUTO} (by port), {@code LDAPS} (TLS from the first byte on
   *     any port, e.g. AD LDS on 50001) or {@code STARTTLS}
   * @param trustStore with use-tls: a PKCS12 or JKS file with the CA certificate(s) of the
   *     directory, e.g. {@code /etc/mamori/ldap-ca.p12}; unset: the JVM's trust store
   * @param trustStorePassword that file's password, if it has one (secret: environment or file)
   * @param passwordHolder who holds the staff's passwords: {@code KEYCLOAK} (Keycloak; the
   *     directory account's state follows HR) or {@code DIRECTORY} (one password for Windows logon
   *     and SSO: the directory enforces the policy's password and lockout rules, Keycloak federates
   *     it); external mode only
   * @param passwordPolicyDn with {@code DIRECTORY}: the OpenLDAP ppolicy entry Mamori writes (the
   *     overlay's default, e.g. {@code cn=default,ou=policies,dc=city,dc=lg,dc=jp}) or the AD
   *     password settings object (e.g. {@code CN=Mamori staff,CN=Password Settings
   *     Container,CN=System,DC=city,DC=lg,DC=jp})
   * @param staffGroupDn with {@code DIRECTORY} on Active Directory: the group the password settings
   *     object applies to; Mamori adds its staff accounts to it
   * @param connectTimeout how long to wait for a connection to the directory (1 s to 1 min)
   * @param responseTimeout how long to wait for each answer of the directory, the bind included (1
   *     s to 10 min): a server that stops answering fails the lifecycle run after about connect + 2
   *     × this (a search is retried once on a new connection), and the apply stops at the first
   *     such failure, leaving the rest of the plan for the next run
   */
  public record Directory(
      String host,
      @DefaultValue("389") int port,
      @DefaultValue("false") boolean useTls,
      String bindDn,
      String bindPassword,
      String peopleDn,
      @DefaultValue("OPENLDAP") DirectorySchema schema,
      @DefaultValue("AUTO") DirectoryTls.Mode tlsMode,
      String trustStore,
      String trustStorePassword,
      @DefaultValue("KEYCLOAK") PasswordHolder passwordHolder,
      String passwordPolicyDn,
      String staffGroupDn,
      @DefaultValue("PT5S") Duration connectTimeout,
      @DefaultValue("PT15S") Duration responseTimeout) {

    /** Who holds the staff's passwords. */
    public enum PasswordHolder {
      KEYCLOAK,
      DIRECTORY
    }

    /**
     * With {@code DIRECTORY}: the DNs it needs, and TLS to Active Directory (AD takes passwords
     * only over an encrypted connection).
     *
     * @throws IllegalArgumentException naming the missing setting
     */
    public void requirePasswordSettings() {
      if (passwordHolder != PasswordHolder.DIRECTORY) {
        return;
      }
      if (passwordPolicyDn == null || passwordPolicyDn.isBlank()) {
        throw new IllegalArgumentException(
            "mamori.directory.password-policy-dn: expected the DN of the ppolicy entry (OpenLDAP)"
                + " or the password settings object (AD) with password-holder=DIRECTORY, found none"
                + " / パスワードをディレクトリで管理する場合は password-policy-dn の指定が必要です");
      }
      if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
        if (staffGroupDn == null || staffGroupDn.isBlank()) {
          throw new IllegalArgumentException(
              "mamori.directory.staff-group-dn: expected the group the password settings object"
                  + " applies to with password-holder=DIRECTORY on Active Directory, found none"
                  + " / Active Directory では staff-group-dn の指定が必要です");
        }
        if (!useTls) {
          throw new IllegalArgumentException(
              "mamori.directory.use-tls: expected true with password-holder=DIRECTORY on Active"
                  + " Directory (passwords are set only over LDAPS or StartTLS), found false");
        }
      }
    }

    @Override
    public String toString() {
      return "Directory[host="
          + host
          + ":"
          + port
          + ", bindDn="
          + bindDn
          + ", bindPassword=***, trustStore="
          + trustStore
          + ", trustStorePassword=***, passwordHolder="
          + passwordHolder
          + "]";
    }

    /**
     * The timeouts as the connector takes them.
     *
     * @throws IllegalArgumentException naming the setting out of its range
     */
    public DirectoryTimeouts timeouts() {
      try {
        return new DirectoryTimeouts(connectTimeout, responseTimeout);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "mamori.directory.connect-timeout / response-timeout: " + e.getMessage(), e);
      }
    }

    /** The TLS part as the connector takes it. */
    public DirectoryTls tls() {
      return new DirectoryTls(
          tlsMode,
          java.util.Optional.ofNullable(trustStore).filter(s -> !s.isBlank()),
          trustStorePassword);
    }
  }

  /**
   * @param baseUrl where people open the console; default {@code http://localhost:<port>}
   */
  public record Console(String baseUrl) {}
}
