package jp.mamori.authz.alert;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What {@code alert} publishes to the features that read alerts. */
@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

  @Bean
  AlertQueries alertQueries(JdbcClient jdbc) {
    return new AlertQueryStore(jdbc);
  }
}
