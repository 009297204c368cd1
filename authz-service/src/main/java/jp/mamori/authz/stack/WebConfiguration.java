package jp.mamori.authz.stack;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Locale;
import jp.mamori.policy.Policy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

/**
 * Japanese first ({@code ?lang=en} switches a session to English), and the policy's idle timeout on
 * console sessions.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WebConfiguration implements WebMvcConfigurer {

  @Bean
  LocaleResolver localeResolver() {
    SessionLocaleResolver resolver = new SessionLocaleResolver();
    resolver.setDefaultLocale(Locale.JAPANESE);
    return resolver;
  }

  /** LG-1: the console's sessions end after the policy's idle timeout. */
  @Bean
  HttpSessionListener policyIdleTimeout(Policy policy) {
    int seconds = Math.toIntExact(policy.session().idleTimeout().toSeconds());
    return new HttpSessionListener() {
      @Override
      public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval(seconds);
      }
    };
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
    interceptor.setParamName("lang");
    registry.addInterceptor(interceptor);
  }
}
