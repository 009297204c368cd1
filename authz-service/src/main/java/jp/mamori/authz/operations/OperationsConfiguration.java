package jp.mamori.authz.operations;

import java.time.Clock;
import jp.mamori.authz.alert.AlertQueries;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.LdapDirectory;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Operations: the dashboard's figures, health of the parts Mamori depends on (readiness: database,
 * Keycloak, directory), gauges for Prometheus and request IDs for the logs. The HTTP side ({@code
 * /actuator/**}, the OpenAPI document) is opened in {@code SecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

  @Bean
  Dashboard dashboard(
      Dashboard.CheckoutFigures checkouts,
      LifecycleQueries lifecycle,
      GovernanceQueries governance,
      AlertQueries alerts,
      Clock clock) {
    return new Dashboard(checkouts, lifecycle, governance, alerts, clock);
  }

  /** The service's figures for Prometheus; a command of the command line has no metrics. */
  @Bean
  @ConditionalOnWebApplication
  OperationsMetrics operationsMetrics(Dashboard dashboard) {
    return new OperationsMetrics(dashboard);
  }

  /** Health contributor {@code keycloak}. */
  @Bean
  HealthIndicator keycloakHealthIndicator(Keycloak keycloakAdmin, StackEndpoints endpoints) {
    return TargetHealth.keycloak(
        keycloakAdmin, endpoints.keycloak().realm(), endpoints.keycloak().serverUrl());
  }

  /** Health contributor {@code directory}. */
  @Bean
  HealthIndicator directoryHealthIndicator(LdapDirectory directory) {
    return TargetHealth.directory(directory);
  }

  @Bean
  @ConditionalOnWebApplication
  FilterRegistrationBean<RequestIds> requestIds() {
    FilterRegistrationBean<RequestIds> registration =
        new FilterRegistrationBean<>(new RequestIds());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
