package jp.mamori.authz.demo;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.hrsync.keycloak.KeycloakTierFlows;
import jp.mamori.hrsync.keycloak.SystemClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo's sample systems, under the {@code demo} profile only: their clients in the staff realm
 * (written with the realm's configuration, which binds the My Number-tier one to its tier's flow),
 * their pages and the pages' own security chain. Without the profile none of this exists: no
 * client, no page.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfiguration {

  /** The sample 住民記録 system: {@code juki}, a system of the My Number tier in the policy. */
  static final String JUKI = "juki";

  /** The sample groupware: {@code groupware}, a system of the LGWAN tier in the policy. */
  static final String GROUPWARE = "groupware";

  @Bean
  DemoSite demoSite(StackEndpoints endpoints) {
    String base = endpoints.console().consoleBaseUrl();
    return new DemoSite(
        base,
        List.of(
            new DemoApp(
                "juki",
                JUKI,
                new Bilingual("住民記録システム (サンプル)", "Resident records (sample)"),
                new Bilingual("マイナンバー利用事務系", "My Number tier"),
                KeycloakTierFlows.ACR_MFA,
                secret()),
            new DemoApp(
                "lgwan",
                GROUPWARE,
                new Bilingual("グループウェア (サンプル)", "Groupware (sample)"),
                new Bilingual("LGWAN接続系", "LGWAN tier"),
                null,
                secret())),
        new DemoLogin(endpoints.keycloak().issuer()));
  }

  @Bean
  SystemClient demoJukiClient(DemoSite site) {
    return client(site, site.app("juki").orElseThrow());
  }

  @Bean
  SystemClient demoGroupwareClient(DemoSite site) {
    return client(site, site.app("lgwan").orElseThrow());
  }

  private static SystemClient client(DemoSite site, DemoApp app) {
    return new SystemClient(
        app.clientId(), app.title().both(), app.secret(), site.home(app), site.callback(app));
  }

  private static String secret() {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  /**
   * The sample pages are open (each does its own OIDC login); they take no form posts. Same
   * Content-Security-Policy as the console: no script at all, styles from the service.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication
  static class Pages {
    @Bean
    @Order(1)
    SecurityFilterChain demoPages(HttpSecurity http) throws Exception {
      http.securityMatcher("/demo", "/demo/**")
          .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .headers(headers ->
              headers.contentSecurityPolicy(csp ->
                  csp.policyDirectives(
                      "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self';"
                          + " object-src 'none'; base-uri 'self'; frame-ancestors 'none';"
                          + " form-action 'self'")));
      return http.build();
    }
  }
}
