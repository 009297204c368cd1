package jp.mamori.authz.stack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.security.ApiSettings;
import jp.mamori.authz.settings.HrSample;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.sync.StartupSync;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.HrLayout;
import jp.mamori.hrsync.hr.HrLayoutLoader;
import jp.mamori.hrsync.hr.SectionMaster;
import jp.mamori.hrsync.keycloak.KeycloakAdminClient;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain-Java cores to their adapters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MamoriSettings.class, ApiSettings.class})
class MamoriConfiguration {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(MamoriConfiguration.class);

  /**
   * The policy, validated at start-up: an invalid document stops the service with one line per
   * problem (see {@code InvalidPolicyFailureAnalyzer}).
   */
  @Bean
  Policy policy(MamoriSettings settings) {
    return settings.policyFile() == null
        ? PolicyLoader.loadDefault()
        : PolicyLoader.load(settings.policyFile());
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }

  @Bean(destroyMethod = "close")
  Keycloak keycloakAdmin(StackEndpoints endpoints) {
    return KeycloakAdminClient.connect(endpoints.keycloak());
  }

  @Bean(destroyMethod = "close")
  LdapDirectory directory(StackEndpoints endpoints) {
    return LdapDirectory.connect(endpoints.directory());
  }

  /**
   * The HR export's layout ({@code mamori.hr.layout}), validated at start-up: an invalid profile
   * stops the service with one line per problem (see {@code InvalidHrLayoutFailureAnalyzer}) before
   * anything is launched (the embedded parts wait for it, as for the policy).
   */
  @Bean
  HrLayout hrLayout(MamoriSettings settings) {
    return HrLayoutLoader.load(settings.hr().layout());
  }

  @Bean
  HrCsvReader hrCsvReader(MamoriSettings settings, HrLayout hrLayout) throws HrFileException {
    HrCsvReader reader = new HrCsvReader(hrLayout, settings.hr().encoding());
    Path sections = settings.hr().sections();
    if (sections == null
        && settings.hr().file() == null
        && settings.mode() == MamoriSettings.Mode.EMBEDDED) {
      sections = HrSample.sections(); // the demo's sample master
    }
    if (sections == null) {
      log.warn(
          "mamori.hr.sections: 所属マスタが設定されていないため、所属コードを照合しません / no section master:"
              + " HR rows' section codes are not checked against known sections");
      return reader;
    }
    // a master that cannot be read stops the start, naming the file and line
    return reader.withSections(SectionMaster.load(sections));
  }

  @Bean
  StartupSync startupSync(LifecycleService lifecycle) {
    return new StartupSync(lifecycle);
  }
}
